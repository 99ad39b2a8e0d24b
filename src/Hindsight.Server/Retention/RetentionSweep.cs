using Dapper;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Retention;

/// <summary>
/// Deletes the replays each project keeps no longer (<see cref="RetentionPolicy"/>): at start, then every
/// <see cref="RetentionOptions.SweepInterval"/>. A batch of replays at a time, each batch one transaction
/// that deletes their rows and chunk rows and schedules their blobs' bytes to be freed
/// (<see cref="BlobFrees"/>, drained by <see cref="BlobFreeDrain"/>), so ingestion waits for one short
/// transaction at most, and a process killed anywhere leaves whole batches only: the next sweep, here or in
/// another process, finds what is still expired and goes on. One process sweeps at a time (<see cref="JobLease"/>).
/// </summary>
public sealed class RetentionSweep(IDatabase database, JobLease lease, TimeProvider clock, IOptions<RetentionOptions> options,
    IOptions<StorageOptions> storage, AccessLogStore accessLog, ILogger<RetentionSweep> log) : BackgroundService
{
    public const string Job = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the first round must not hold up the host's start
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.SweepInterval;
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0) log.LogInformation("Retention deleted {Count} expired replays.", deleted);
                // Another process holds the sweep. If it died halfway, its lease runs out: look again then,
                // so its work is taken over within a lease rather than an interval.
                if (deleted is null && options.Value.LeaseDuration < wait) wait = options.Value.LeaseDuration;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or not migrated yet; the next round tries again.
                log.LogWarning(e, "The retention sweep failed; trying again in {Interval}.", options.Value.SweepInterval);
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Deletes every replay expired by now; returns how many, or null when another process holds the sweep.</summary>
    public async Task<int?> SweepAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!await lease.TryTakeAsync(Job, settings.LeaseDuration, ct)) return null;
        var deleted = 0;
        try
        {
            List<(long Id, int RetentionDays)> projects;
            await using (var connection = await database.OpenAsync(ct))
                projects = (await connection.QueryAsync<(long, int)>(new CommandDefinition(
                    "SELECT id, retention_days FROM projects ORDER BY id", cancellationToken: ct))).ToList();
            foreach (var (projectId, days) in projects)
            {
                while (true)
                {
                    var batch = await DeleteBatchAsync(projectId, RetentionPolicy.Cutoff(clock.GetUtcNow(), days), settings.BatchSize, ct);
                    deleted += batch;
                    if (batch < settings.BatchSize) break;
                    // Renewed between batches: a long sweep keeps the job; one whose lease ran out stops.
                    if (!await lease.TryTakeAsync(Job, settings.LeaseDuration, ct)) return deleted;
                }
            }
        }
        finally
        {
            // The access log keeps its own, longer time: one statement, under the same lease.
            await accessLog.PruneAsync(RetentionPolicy.Cutoff(clock.GetUtcNow(), AccessLogSetup.KeepDays), CancellationToken.None);
            await lease.ReleaseAsync(Job, CancellationToken.None);
        }
        return deleted;
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the project's replays ingested before the cutoff.</summary>
    private async Task<int> DeleteBatchAsync(long projectId, long cutoff, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var expired = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT replay_id FROM replays WHERE project_id = @projectId AND created_at < @cutoff ORDER BY created_at LIMIT @limit
            """, new { projectId, cutoff, limit }, cancellationToken: ct))).ToList();
        if (expired.Count == 0) return 0;

        await using var transaction = await database.BeginWriteAsync(connection, expired.Select(id => LockKeys.Replay(projectId, id)), ct);
        // Read again under the lock: a replay's row can only have changed by a batch arriving for it meanwhile.
        var locators = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT c.blob_locator FROM replay_chunks c JOIN replays r ON r.project_id = c.project_id AND r.replay_id = c.replay_id
            WHERE r.project_id = @projectId AND r.replay_id IN @expired AND r.created_at < @cutoff
            """, new { projectId, expired, cutoff }, transaction, cancellationToken: ct));
        var args = new { projectId, expired, cutoff };
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM replay_drops WHERE project_id = @projectId AND replay_id IN
                (SELECT replay_id FROM replays WHERE project_id = @projectId AND replay_id IN @expired AND created_at < @cutoff)
            """, args, transaction, cancellationToken: ct));
        // Chunk rows go with their replay's (ON DELETE CASCADE).
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM replays WHERE project_id = @projectId AND replay_id IN @expired AND created_at < @cutoff",
            args, transaction, cancellationToken: ct));
        // A player that looked a chunk up just before may still be reading it: the bytes stay for the grace period.
        await BlobFrees.ScheduleAsync(connection, transaction, locators, clock.GetUtcNow() + storage.Value.BlobFreeGrace, ct);
        await transaction.CommitAsync(ct);
        return deleted;
    }
}
