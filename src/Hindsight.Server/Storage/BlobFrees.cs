using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Storage;

/// <summary>
/// Blobs waiting to be freed, kept in the database (blob_frees: locator, due time) so that a restart,
/// a crash or another process still frees them. A feature that stops pointing to a blob — a chunk whose
/// seq was sent again today; retention and the deletion of one person's data later — schedules the
/// blob's locator with <see cref="ScheduleAsync"/> in the same transaction as the rows that stop pointing
/// to it: the rows and the pending free commit together or not at all, so a blob is never freed while a
/// committed row still points to it, and never forgotten once none does. <see cref="BlobFreeDrain"/>
/// frees what is due.
/// </summary>
public static class BlobFrees
{
    /// <summary>
    /// Schedules the blobs to be freed from <paramref name="due"/> on (now for what no reader can still be
    /// reading; a grace period later for what a download may have just looked up). Give only locators no
    /// committed row will point to once the transaction commits, and that no later write will answer again
    /// (a store that answers a key as its locator answers it again when the key is put again: schedule
    /// those only when that key will not be written again). Scheduling one twice keeps the later time.
    /// </summary>
    public static async Task ScheduleAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<string> locators, DateTimeOffset due, CancellationToken ct)
    {
        var rows = locators.Distinct(StringComparer.Ordinal).Select(l => new { BlobLocator = l, DueAt = due.ToUnixTimeMilliseconds() }).ToList();
        if (rows.Count == 0) return;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO blob_frees (blob_locator, due_at) VALUES (@BlobLocator, @DueAt)
            ON CONFLICT (blob_locator) DO UPDATE SET
                due_at = CASE WHEN excluded.due_at > blob_frees.due_at THEN excluded.due_at ELSE blob_frees.due_at END
            """, rows, transaction, cancellationToken: ct));
    }
}

/// <summary>
/// Frees the blobs of <see cref="BlobFrees"/> once they are due: at start, then every
/// <see cref="StorageOptions.BlobFreeInterval"/>, in bounded batches. An entry is removed only after its
/// free succeeded; one that failed is tried again at the next round, without holding up the others. Safe on
/// several processes at once: freeing a blob twice, or one already gone, is no error for a blob store, and
/// removing an entry twice removes it once.
/// </summary>
public sealed class BlobFreeDrain(IDatabase database, IBlobStore blobs, TimeProvider clock, IOptions<StorageOptions> options,
    ILogger<BlobFreeDrain> log) : BackgroundService
{
    /// <summary>Entries read and freed at a time.</summary>
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the first round must not hold up the host's start
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FreeDueAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or not migrated yet; the next round tries again.
                log.LogWarning(e, "Freeing replaced blobs failed; trying again in {Interval}.", options.Value.BlobFreeInterval);
            }
            try
            {
                await Task.Delay(options.Value.BlobFreeInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Frees every blob due by <paramref name="upTo"/>; returns how many were freed.</summary>
    public async Task<int> FreeDueAsync(DateTimeOffset upTo, CancellationToken ct)
    {
        var freed = 0;
        var retryAt = (upTo + options.Value.BlobFreeInterval).ToUnixTimeMilliseconds();
        while (true)
        {
            await using var connection = await database.OpenAsync(ct);
            var due = (await connection.QueryAsync<Pending>(new CommandDefinition("""
                SELECT blob_locator AS BlobLocator, due_at AS DueAt FROM blob_frees WHERE due_at <= @upTo ORDER BY due_at LIMIT @BatchSize
                """, new { upTo = upTo.ToUnixTimeMilliseconds(), BatchSize }, cancellationToken: ct))).ToList();
            if (due.Count == 0) return freed;

            var done = new List<Pending>();
            var failed = new List<Pending>();
            foreach (var entry in due)
            {
                try
                {
                    await blobs.DeleteAsync(entry.BlobLocator, ct);
                    done.Add(entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Could not free blob {Locator}, which nothing points to any more; trying again later.", entry.BlobLocator);
                    failed.Add(entry);
                }
            }
            // Matching due_at too: an entry scheduled again meanwhile, for later, stays for its new time.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM blob_frees WHERE blob_locator = @BlobLocator AND due_at = @DueAt", done, cancellationToken: ct));
            // Failed ones move to the next round, behind what is due now, so they never hold it up.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE blob_frees SET due_at = @retryAt WHERE blob_locator = @BlobLocator AND due_at = @DueAt",
                failed.Select(f => new { f.BlobLocator, f.DueAt, retryAt }), cancellationToken: ct));
            freed += done.Count;
            if (due.Count < BatchSize) return freed;
        }
    }

    private sealed record Pending(string BlobLocator, long DueAt);
}
