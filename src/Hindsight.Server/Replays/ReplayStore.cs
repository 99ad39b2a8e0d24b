using System.Data.Common;
using System.Text.Json;
using Dapper;
using Hindsight.Server.People;
using Hindsight.Server.Replays.Live;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Replays;

/// <summary>Of a round of the feed's replays, the ids of those a filter keeps.</summary>
public delegate Task<IReadOnlySet<string>> ReplayRowFilter(IReadOnlyList<ReplayRow> rows, CancellationToken ct);

/// <summary>What serving a chunk needs of its row: where its blob is, and the hash of its bytes (its ETag).</summary>
public sealed record ChunkBlob(string BlobLocator, string Sha256);

/// <summary>Reads replays for the dashboard: the feed, one replay with its chunks, one chunk.</summary>
public sealed class ReplayStore(IDatabase database, TimeProvider clock, IOptions<LiveOptions> live, ClickSignals clicks)
{
    /// <summary>How many replays of the feed a filter that needs another store (event=) looks at per round, and at most per page.</summary>
    public const int FilterBatch = 200, MaxFilteredScan = 2000;

    /// <summary>
    /// A page of the feed, newest first. A search term matches a replay id, or any id of the people it names
    /// (People/IdentityResolution.cs); person= keeps the replays of any id linked to that person, url= those
    /// that visited a URL containing it, minDurationMs= those that long. <paramref name="keep"/>, when given,
    /// decides of each round of <see cref="FilterBatch"/> replays which stay: the feed reads on until the page
    /// is full, or until it has looked at <see cref="MaxFilteredScan"/> replays; then the page may be short,
    /// and its cursor continues from the last replay looked at, so every page's work is bounded.
    /// </summary>
    public async Task<ReplayFeedPage> FeedAsync(long projectId, FeedQuery query, ReplayRowFilter? keep, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        IReadOnlyList<string>? personIds = query.Person is null ? null
            : (await IdentityResolution.ResolveAsync(connection, projectId, [query.Person], ct)).ToList();
        var kept = new List<ReplayRow>();
        var cursor = query.Cursor;
        var scanned = 0;
        while (true)
        {
            // One row more than asked for tells whether another page exists.
            var batch = keep is null ? query.Limit + 1 : FilterBatch;
            var rows = await FeedRowsAsync(connection, projectId, query, personIds, cursor, batch, ct);
            var passing = keep is null ? null : await keep(rows, ct);
            foreach (var row in rows)
            {
                scanned++;
                cursor = new FeedCursor(row.StartedAt, row.ReplayId);
                if (passing is not null && !passing.Contains(row.ReplayId)) continue;
                kept.Add(row);
                if (kept.Count > query.Limit) return await PageAsync(connection, projectId, kept, query.Limit, ct);
            }
            if (rows.Count < batch) return await PageAsync(connection, projectId, kept, query.Limit, ct);
            if (scanned >= MaxFilteredScan) return new ReplayFeedPage(await SummariesAsync(connection, projectId, kept, ct), cursor!.Encode());
        }
    }

    private async Task<ReplayFeedPage> PageAsync(DbConnection connection, long projectId, List<ReplayRow> kept, int limit, CancellationToken ct)
    {
        var page = kept.Take(limit).ToList();
        var next = kept.Count > limit ? new FeedCursor(page[^1].StartedAt, page[^1].ReplayId).Encode() : null;
        return new ReplayFeedPage(await SummariesAsync(connection, projectId, page, ct), next);
    }

    private static async Task<List<ReplayRow>> FeedRowsAsync(DbConnection connection, long projectId, FeedQuery query,
        IReadOnlyList<string>? personIds, FeedCursor? cursor, int limit, CancellationToken ct)
    {
        var sql = $"""
            {(query.Search is null ? "" : IdentityResolution.Cte(IdentityResolution.SearchSeed()))}
            SELECT {ReplayRow.Columns} FROM {ReplayRow.From}
            WHERE r.project_id = @projectId
            {(query.Search is null ? "" : """
              AND (r.replay_id = @search OR r.distinct_id IN (SELECT id FROM person_ids)
                   OR r.user_id IN (SELECT id FROM person_ids) OR r.device_id IN (SELECT id FROM person_ids))
              """)}
            {(personIds is null ? "" : "AND (r.distinct_id IN @personIds OR r.user_id IN @personIds OR r.device_id IN @personIds)")}
            {(query.Url is null ? "" : @"AND lower(r.urls) LIKE @urlLike ESCAPE '\'")}
            {(query.MinDurationMs is null ? "" : "AND r.duration_ms >= @MinDurationMs")}
            {(query.HasConsoleErrors is null ? "" : query.HasConsoleErrors.Value ? "AND r.console_error_count > 0" : "AND r.console_error_count = 0")}
            {(query.From is null ? "" : "AND r.started_at >= @From")}
            {(query.To is null ? "" : "AND r.started_at < @To")}
            {(cursor is null ? "" : "AND (r.started_at < @cursorStartedAt OR (r.started_at = @cursorStartedAt AND r.replay_id < @cursorReplayId))")}
            ORDER BY r.started_at DESC, r.replay_id DESC
            LIMIT @limit
            """;
        return (await connection.QueryAsync<ReplayRow>(new CommandDefinition(sql, new
        {
            projectId, search = query.Search, like = query.Search is null ? null : IdentityResolution.ContainsPattern(query.Search),
            personIds, urlLike = query.Url is null ? null : UrlPattern(query.Url), query.MinDurationMs, query.From, query.To,
            cursorStartedAt = cursor?.StartedAt, cursorReplayId = cursor?.ReplayId, limit,
        }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// "Contains" over <c>replays.urls</c>, a JSON array as text: the term escaped as the JSON writer escapes
    /// it (an &amp; is stored as \u0026), so a substring of a URL is a substring of the stored text, and a
    /// term cannot match across two URLs (a quote in it is escaped too).
    /// </summary>
    private static string UrlPattern(string term) => IdentityResolution.ContainsPattern(JsonSerializer.Serialize(term)[1..^1]);

    /// <summary>One replay, in any of the given projects (the first one that has it).</summary>
    public async Task<ReplaySummary?> FindAsync(IReadOnlyList<long> projectIds, string replayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ReplayRow>(new CommandDefinition(
            $"SELECT {ReplayRow.Columns} FROM {ReplayRow.From} WHERE r.project_id IN @projectIds AND r.replay_id = @replayId ORDER BY r.project_id LIMIT 1",
            new { projectIds, replayId }, cancellationToken: ct));
        return row is null ? null : (await SummariesAsync(connection, row.ProjectId, [row], ct))[0];
    }

    public async Task<ReplayChunkPage> ChunksAsync(long projectId, string replayId, ChunkListQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // One row more than asked for tells whether more exist.
        var chunks = (await connection.QueryAsync<ReplayChunkInfo>(new CommandDefinition("""
            SELECT seq AS Seq, first_ts AS FirstTimestamp, last_ts AS LastTimestamp, event_count AS EventCount, bytes AS Bytes
            FROM replay_chunks WHERE project_id = @projectId AND replay_id = @replayId AND seq > @After ORDER BY seq LIMIT @limit
            """, new { projectId, replayId, query.After, limit = query.Limit + 1 }, cancellationToken: ct))).ToList();
        return new ReplayChunkPage(chunks.Take(query.Limit).ToList(), chunks.Count > query.Limit);
    }

    /// <summary>The project holding the replay, among the given ones (the first that has it); null if none does.</summary>
    public async Task<long?> FindProjectAsync(IReadOnlyList<long> projectIds, string replayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT project_id FROM replays WHERE project_id IN @projectIds AND replay_id = @replayId ORDER BY project_id LIMIT 1",
            new { projectIds, replayId }, cancellationToken: ct));
    }

    /// <summary>Whether the replay exists in one of the projects (the first that has it), and its chunk with that seq.</summary>
    public async Task<(bool ReplayFound, ChunkBlob? Chunk)> FindChunkAsync(IReadOnlyList<long> projectIds, string replayId, int seq, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(long ProjectId, string? BlobLocator, string? Sha256)?>(new CommandDefinition("""
            SELECT r.project_id, c.blob_locator, c.sha256
            FROM replays r LEFT JOIN replay_chunks c ON c.project_id = r.project_id AND c.replay_id = r.replay_id AND c.seq = @seq
            WHERE r.project_id IN @projectIds AND r.replay_id = @replayId
            ORDER BY r.project_id LIMIT 1
            """, new { projectIds, replayId, seq }, cancellationToken: ct));
        return row switch
        {
            null => (false, null),
            { BlobLocator: { } locator, Sha256: { } sha } => (true, new ChunkBlob(locator, sha)),
            _ => (true, null),
        };
    }

    /// <summary>
    /// Fills in each replay's user name and email from a profile: the user id's, the distinct id's, the
    /// device id's, or that of an id one of them was linked to.
    /// </summary>
    private async Task<IReadOnlyList<ReplaySummary>> SummariesAsync(DbConnection connection, long projectId, List<ReplayRow> rows, CancellationToken ct)
    {
        // Rows a click filter kept are counted already; counting again only repeats the same figures.
        if (rows.Count > 0 && rows.All(r => r.RageClickCount == 0 && r.DeadClickCount == 0)) await clicks.CountAsync(projectId, rows, ct);
        var ids = rows.SelectMany(r => r.ProfileIds()).Distinct().ToList();
        var links = await IdentityResolution.LinkedIdsAsync(connection, projectId, ids, ct);
        var candidates = ids.Concat(links.Values).Distinct().ToList();
        var profiles = (await connection.QueryAsync<(string DistinctId, string? Name, string? Email)>(new CommandDefinition(
            "SELECT distinct_id, name, email FROM people WHERE project_id = @projectId AND distinct_id IN @candidates",
            new { projectId, candidates }, cancellationToken: ct))).ToDictionary(p => p.DistinctId, p => new Profile(p.Name, p.Email));

        var liveSince = clock.GetUtcNow().ToUnixTimeMilliseconds() - live.Value.LiveWindowSeconds * 1000L;
        return rows.Select(row => row.AsSummary(row.ProfileIds()
            .SelectMany(id => links.TryGetValue(id, out var linked) ? [id, linked] : new[] { id })
            .Select(id => profiles.GetValueOrDefault(id))
            .FirstOrDefault(p => p is not null), liveSince)).ToList();
    }
}
