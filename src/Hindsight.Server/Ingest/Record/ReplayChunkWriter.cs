using System.Text.Json;
using Dapper;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Record;

/// <summary>One accepted batch, ready to be stored.</summary>
public sealed record ChunkWrite(
    long ProjectId, RecordQuery Query, BatchSummary Batch, UserAgentInfo Agent, string BlobKey, string Sha256, long Bytes);

/// <summary>
/// Writes a batch's chunk row and brings its replay row up to date, in one transaction. The replay's
/// figures are recomputed from its chunk rows, so a repeated seq replaces its earlier batch and is never
/// counted twice, whatever order batches arrive in.
/// </summary>
public sealed class ReplayChunkWriter(IDatabase database, TimeProvider clock, IOptions<IngestOptions> options)
{
    /// <summary>Whether any batch of this replay is stored.</summary>
    public async Task<bool> HasReplayAsync(long projectId, string replayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM replays WHERE project_id = @projectId AND replay_id = @replayId",
            new { projectId, replayId }, cancellationToken: ct)) > 0;
    }

    public async Task SaveAsync(ChunkWrite write, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var chunkUrls = ChunkUrls(write);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var key = new { write.ProjectId, write.Query.ReplayId };
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO replays (project_id, replay_id, started_at, last_event_at, duration_ms, created_at, updated_at)
            VALUES (@ProjectId, @ReplayId, @First, @Last, 0, @Now, @Now)
            ON CONFLICT (project_id, replay_id) DO NOTHING
            """, new { write.ProjectId, write.Query.ReplayId, First = write.Batch.FirstTimestamp, Last = write.Batch.LastTimestamp, Now = now },
            transaction, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO replay_chunks (project_id, replay_id, seq, blob_key, sha256, first_ts, last_ts,
                                       event_count, click_count, keypress_count, bytes, urls, received_at)
            VALUES (@ProjectId, @ReplayId, @Seq, @BlobKey, @Sha256, @First, @Last,
                    @Events, @Clicks, @Keypresses, @Bytes, @Urls, @Now)
            ON CONFLICT (project_id, replay_id, seq) DO UPDATE SET
                blob_key = excluded.blob_key, sha256 = excluded.sha256,
                first_ts = excluded.first_ts, last_ts = excluded.last_ts,
                event_count = excluded.event_count, click_count = excluded.click_count,
                keypress_count = excluded.keypress_count, bytes = excluded.bytes,
                urls = excluded.urls, received_at = excluded.received_at
            """, new
            {
                write.ProjectId, write.Query.ReplayId, write.Query.Seq, write.BlobKey, write.Sha256,
                First = write.Batch.FirstTimestamp, Last = write.Batch.LastTimestamp,
                Events = write.Batch.EventCount, Clicks = write.Batch.ClickCount, Keypresses = write.Batch.KeypressCount,
                write.Bytes, Urls = JsonSerializer.Serialize(chunkUrls), Now = now,
            }, transaction, cancellationToken: ct));

        var totals = await connection.QuerySingleAsync<ChunkTotals>(new CommandDefinition("""
            SELECT MIN(first_ts) AS started_at, MAX(last_ts) AS last_event_at,
                   SUM(event_count) AS event_count, SUM(click_count) AS click_count,
                   SUM(keypress_count) AS keypress_count, SUM(bytes) AS bytes, COUNT(*) AS chunk_count
            FROM replay_chunks WHERE project_id = @ProjectId AND replay_id = @ReplayId
            """, key, transaction, cancellationToken: ct));
        var urls = MergeUrls(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT urls FROM replay_chunks WHERE project_id = @ProjectId AND replay_id = @ReplayId ORDER BY seq",
            key, transaction, cancellationToken: ct)));

        // Ids come from the latest batch, but a known id is never replaced by a missing one.
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE replays SET
                started_at = @StartedAt, last_event_at = @LastEventAt, duration_ms = @LastEventAt - @StartedAt,
                start_url = COALESCE(@ReplayStartUrl, start_url, @FirstUrl), urls = @Urls,
                event_count = @EventCount, click_count = @ClickCount, keypress_count = @KeypressCount,
                bytes = @Bytes, chunk_count = @ChunkCount,
                distinct_id = COALESCE(@DistinctId, distinct_id), device_id = COALESCE(@DeviceId, device_id),
                user_id = COALESCE(@UserId, user_id),
                browser = COALESCE(@Browser, browser), os = COALESCE(@Os, os), device = COALESCE(@Device, device),
                updated_at = @Now
            WHERE project_id = @ProjectId AND replay_id = @ReplayId
            """, new
            {
                write.ProjectId, write.Query.ReplayId, totals.StartedAt, totals.LastEventAt,
                write.Query.ReplayStartUrl, FirstUrl = urls.FirstOrDefault(), Urls = JsonSerializer.Serialize(urls),
                totals.EventCount, totals.ClickCount, totals.KeypressCount, totals.Bytes, totals.ChunkCount,
                write.Query.DistinctId, write.Query.DeviceId, write.Query.UserId,
                write.Agent.Browser, write.Agent.Os, write.Agent.Device, Now = now,
            }, transaction, cancellationToken: ct));

        await transaction.CommitAsync(ct);
    }

    /// <summary>The pages a batch shows: its Meta events' hrefs, then the page it was sent from.</summary>
    private List<string> ChunkUrls(ChunkWrite write)
    {
        IEnumerable<string> urls = write.Batch.Hrefs;
        if (write.Query.CurrentUrl is { } current) urls = urls.Append(current);
        return Distinct(urls);
    }

    private List<string> MergeUrls(IEnumerable<string> chunkUrlLists) =>
        Distinct(chunkUrlLists.SelectMany(json => JsonSerializer.Deserialize<List<string>>(json) ?? []));

    private List<string> Distinct(IEnumerable<string> urls) =>
        urls.Select(url => url.Length <= 2048 ? url : url[..2048])
            .Distinct(StringComparer.Ordinal)
            .Take(options.Value.MaxUrlsPerReplay)
            .ToList();

    private sealed class ChunkTotals
    {
        public long StartedAt { get; set; }
        public long LastEventAt { get; set; }
        public long EventCount { get; set; }
        public long ClickCount { get; set; }
        public long KeypressCount { get; set; }
        public long Bytes { get; set; }
        public long ChunkCount { get; set; }
    }
}
