using System.Data.Common;
using Dapper;
using Hindsight.Server.People;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Replays;

/// <summary>What serving a chunk needs of its row: where its blob is, and the hash of its bytes (its ETag).</summary>
public sealed record ChunkBlob(string BlobLocator, string Sha256);

/// <summary>Reads replays for the dashboard: the feed, one replay with its chunks, one chunk.</summary>
public sealed class ReplayStore(IDatabase database)
{
    /// <summary>A search term matches a replay id, or any id of the people it names (People/IdentityResolution.cs).</summary>
    public async Task<IReadOnlyList<ReplaySummary>> FeedAsync(long projectId, FeedQuery query, CancellationToken ct)
    {
        var sql = $"""
            {(query.Search is null ? "" : IdentityResolution.Cte(IdentityResolution.SearchSeed()))}
            SELECT {ReplayRow.Columns} FROM {ReplayRow.From}
            WHERE r.project_id = @projectId
            {(query.Search is null ? "" : """
              AND (r.replay_id = @search OR r.distinct_id IN (SELECT id FROM person_ids)
                   OR r.user_id IN (SELECT id FROM person_ids) OR r.device_id IN (SELECT id FROM person_ids))
              """)}
            {(query.From is null ? "" : "AND r.started_at >= @From")}
            {(query.To is null ? "" : "AND r.started_at < @To")}
            {(query.Cursor is null ? "" : "AND (r.started_at < @cursorStartedAt OR (r.started_at = @cursorStartedAt AND r.replay_id < @cursorReplayId))")}
            ORDER BY r.started_at DESC, r.replay_id DESC
            LIMIT @limit
            """;
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ReplayRow>(new CommandDefinition(sql, new
        {
            projectId, search = query.Search, like = query.Search is null ? null : IdentityResolution.ContainsPattern(query.Search), query.From, query.To,
            cursorStartedAt = query.Cursor?.StartedAt, cursorReplayId = query.Cursor?.ReplayId, limit = query.Limit + 1,
        }, cancellationToken: ct))).ToList();
        return await SummariesAsync(connection, projectId, rows, ct);
    }

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
    private static async Task<IReadOnlyList<ReplaySummary>> SummariesAsync(DbConnection connection, long projectId, List<ReplayRow> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => r.ProfileIds()).Distinct().ToList();
        var links = await IdentityResolution.LinkedIdsAsync(connection, projectId, ids, ct);
        var candidates = ids.Concat(links.Values).Distinct().ToList();
        var profiles = (await connection.QueryAsync<(string DistinctId, string? Name, string? Email)>(new CommandDefinition(
            "SELECT distinct_id, name, email FROM people WHERE project_id = @projectId AND distinct_id IN @candidates",
            new { projectId, candidates }, cancellationToken: ct))).ToDictionary(p => p.DistinctId, p => new Profile(p.Name, p.Email));

        return rows.Select(row => row.AsSummary(row.ProfileIds()
            .SelectMany(id => links.TryGetValue(id, out var linked) ? [id, linked] : new[] { id })
            .Select(id => profiles.GetValueOrDefault(id))
            .FirstOrDefault(p => p is not null))).ToList();
    }
}
