using System.Data.Common;
using System.Text.Json;
using Dapper;
using Hindsight.Server.Quotas;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Writes the chunk rows of a group of batches and brings their replays' rows up to date, in one
/// transaction: a handful of statements for the whole group, whatever its size. The figures are worked
/// out by <see cref="ReplayFigures"/>, batch by batch in the order given. A chunk row keeps its blob's
/// locator (<see cref="ChunkWrite.BlobLocator"/>) in blob_locator.
/// </summary>
public sealed class ReplayChunkWriter(IDatabase database, TimeProvider clock, IOptions<IngestOptions> options, IOptions<StorageOptions> storage)
{
    /// <summary>Whether any batch of this replay is stored.</summary>
    public async Task<bool> HasReplayAsync(long projectId, string replayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM replays WHERE project_id = @projectId AND replay_id = @replayId",
            new { projectId, replayId }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// Writes the rows, and schedules the blobs that rows pointed to before and no longer do to be freed
    /// after the grace period (<see cref="BlobFrees"/>), in the same transaction.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<ChunkWrite> writes, CancellationToken ct)
    {
        if (writes.Count == 0) return;
        var time = clock.GetUtcNow();
        var now = time.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        // Read-modify-write: the replays' rows are read, their figures worked out here, then written back.
        await using var transaction = await database.BeginWriteAsync(connection,
            writes.Select(w => LockKeys.Replay(w.ProjectId, w.Query.ReplayId)).Distinct(), ct);

        var replays = await StoredReplaysAsync(connection, transaction, writes, ct);
        await QuotaStore.CountNewReplaysAsync(connection, transaction, writes
            .Where(w => !replays.ContainsKey((w.ProjectId, w.Query.ReplayId)))
            .Select(w => (w.ProjectId, w.Query.ReplayId, w.Query.TabId)), now, ct);
        var locators = new ChunkLocators();
        var chunkRows = new List<object>(writes.Count);
        foreach (var write in writes)
        {
            var chunk = await ApplyAsync(connection, transaction, replays, locators, write, ct);
            locators.Written(write);
            chunkRows.Add(new
            {
                write.ProjectId, write.Query.ReplayId, chunk.Seq, write.BlobLocator, write.Sha256, chunk.FirstTs, chunk.LastTs,
                chunk.EventCount, chunk.ClickCount, chunk.KeypressCount, chunk.ConsoleErrorCount, chunk.Bytes,
                Urls = JsonSerializer.Serialize(chunk.Urls), Now = now,
            });
        }

        // Replays first: a chunk row refers to its replay's. Dapper runs each statement once per row.
        var replayRows = replays.Values.Select(f => f.Row).ToList();
        foreach (var row in replayRows) row.Now = now;
        await connection.ExecuteAsync(new CommandDefinition(UpsertReplay, replayRows, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(UpsertChunk, chunkRows, transaction, cancellationToken: ct));
        // A download that read the old row just before may still be reading the old bytes: they stay a while.
        await BlobFrees.ScheduleAsync(connection, transaction, locators.Replaced(), time + storage.Value.BlobFreeGrace, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Brings the batch's replay figures up to date (a replay not stored yet starts empty); returns the batch's own.</summary>
    private async Task<ChunkFigures> ApplyAsync(DbConnection connection, DbTransaction transaction,
        Dictionary<(long, string), ReplayFigures> replays, ChunkLocators locators, ChunkWrite write, CancellationToken ct)
    {
        var maxUrls = options.Value.MaxUrlsPerReplay;
        var key = (write.ProjectId, write.Query.ReplayId);
        if (!replays.TryGetValue(key, out var figures))
            replays[key] = figures = new ReplayFigures(new StoredReplay { ProjectId = write.ProjectId, ReplayId = write.Query.ReplayId }, maxUrls);
        var chunk = new ChunkFigures(write.Query.Seq, write.Batch.FirstTimestamp, write.Batch.LastTimestamp, write.Batch.EventCount,
            write.Batch.ClickCount, write.Batch.KeypressCount, write.Bytes, ChunkUrls(write, maxUrls), write.Batch.ConsoleErrorCount);
        if (figures.NeedsStoredChunks(chunk.Seq))
        {
            var stored = await StoredChunksAsync(connection, transaction, key, ct);
            foreach (var row in stored) locators.Stored(key.ProjectId, key.ReplayId, row.Seq, row.BlobLocator);
            figures.UseStoredChunks(stored.Select(c => new ChunkFigures((int)c.Seq, c.FirstTs, c.LastTs, c.EventCount, c.ClickCount,
                c.KeypressCount, c.Bytes, JsonSerializer.Deserialize<List<string>>(c.Urls) ?? [], c.ConsoleErrorCount)));
        }
        figures.Apply(chunk, write.Query, write.Agent);
        return chunk;
    }

    /// <summary>The stored rows of the group's replays, read at once, with each one's highest stored seq.</summary>
    private async Task<Dictionary<(long, string), ReplayFigures>> StoredReplaysAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<ChunkWrite> writes, CancellationToken ct)
    {
        var replays = new Dictionary<(long, string), ReplayFigures>();
        foreach (var project in writes.GroupBy(w => w.ProjectId))
        {
            var rows = await connection.QueryAsync<StoredReplay>(new CommandDefinition("""
                SELECT r.project_id, r.replay_id, r.distinct_id, r.device_id, r.user_id, r.started_at, r.last_event_at,
                       r.duration_ms, r.start_url, r.urls, r.event_count, r.click_count, r.keypress_count, r.bytes,
                       r.chunk_count, r.browser, r.os, r.device, r.console_error_count,
                       COALESCE((SELECT MAX(seq) FROM replay_chunks c
                                 WHERE c.project_id = r.project_id AND c.replay_id = r.replay_id), -1) AS max_seq
                FROM replays r
                WHERE r.project_id = @ProjectId AND r.replay_id IN @ReplayIds
                """, new { ProjectId = project.Key, ReplayIds = project.Select(w => w.Query.ReplayId).Distinct().ToList() },
                transaction, cancellationToken: ct));
            foreach (var row in rows) replays[(row.ProjectId, row.ReplayId)] = new ReplayFigures(row, options.Value.MaxUrlsPerReplay);
        }
        return replays;
    }

    private static async Task<List<StoredChunkFigures>> StoredChunksAsync(
        DbConnection connection, DbTransaction transaction, (long ProjectId, string ReplayId) key, CancellationToken ct) =>
        (await connection.QueryAsync<StoredChunkFigures>(new CommandDefinition("""
            SELECT seq, blob_locator, first_ts, last_ts, event_count, click_count, keypress_count, console_error_count, bytes, urls
            FROM replay_chunks WHERE project_id = @ProjectId AND replay_id = @ReplayId
            """, new { key.ProjectId, key.ReplayId }, transaction, cancellationToken: ct))).ToList();

    /// <summary>The pages a batch shows: its Meta events' hrefs, then the page it was sent from.</summary>
    private static List<string> ChunkUrls(ChunkWrite write, int maxUrls)
    {
        IEnumerable<string> urls = write.Batch.Hrefs;
        if (write.Query.CurrentUrl is { } current) urls = urls.Append(current);
        return ReplayFigures.DistinctUrls(urls, maxUrls);
    }

    private const string UpsertReplay = """
        INSERT INTO replays (project_id, replay_id, distinct_id, device_id, user_id, started_at, last_event_at, duration_ms,
                             start_url, urls, event_count, click_count, keypress_count, bytes, chunk_count,
                             browser, os, device, console_error_count, created_at, updated_at)
        VALUES (@ProjectId, @ReplayId, @DistinctId, @DeviceId, @UserId, @StartedAt, @LastEventAt, @DurationMs,
                @StartUrl, @Urls, @EventCount, @ClickCount, @KeypressCount, @Bytes, @ChunkCount,
                @Browser, @Os, @Device, @ConsoleErrorCount, @Now, @Now)
        ON CONFLICT (project_id, replay_id) DO UPDATE SET
            distinct_id = excluded.distinct_id, device_id = excluded.device_id, user_id = excluded.user_id,
            started_at = excluded.started_at, last_event_at = excluded.last_event_at, duration_ms = excluded.duration_ms,
            start_url = excluded.start_url, urls = excluded.urls,
            event_count = excluded.event_count, click_count = excluded.click_count, keypress_count = excluded.keypress_count,
            bytes = excluded.bytes, chunk_count = excluded.chunk_count,
            browser = excluded.browser, os = excluded.os, device = excluded.device,
            console_error_count = excluded.console_error_count, updated_at = excluded.updated_at
        """;

    private const string UpsertChunk = """
        INSERT INTO replay_chunks (project_id, replay_id, seq, blob_locator, sha256, first_ts, last_ts,
                                   event_count, click_count, keypress_count, console_error_count, bytes, urls, received_at)
        VALUES (@ProjectId, @ReplayId, @Seq, @BlobLocator, @Sha256, @FirstTs, @LastTs,
                @EventCount, @ClickCount, @KeypressCount, @ConsoleErrorCount, @Bytes, @Urls, @Now)
        ON CONFLICT (project_id, replay_id, seq) DO UPDATE SET
            blob_locator = excluded.blob_locator, sha256 = excluded.sha256,
            first_ts = excluded.first_ts, last_ts = excluded.last_ts,
            event_count = excluded.event_count, click_count = excluded.click_count,
            keypress_count = excluded.keypress_count, console_error_count = excluded.console_error_count, bytes = excluded.bytes,
            urls = excluded.urls, received_at = excluded.received_at
        """;

    /// <summary>A stored chunk row as a recompute reads it: its figures and where its blob is.</summary>
    private sealed class StoredChunkFigures
    {
        public long Seq { get; set; }
        public string BlobLocator { get; set; } = "";
        public long FirstTs { get; set; }
        public long LastTs { get; set; }
        public long EventCount { get; set; }
        public long ClickCount { get; set; }
        public long KeypressCount { get; set; }
        public long ConsoleErrorCount { get; set; }
        public long Bytes { get; set; }
        public string Urls { get; set; } = "[]";
    }
}
