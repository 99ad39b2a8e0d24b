using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Analytics.Store;

/// <summary>
/// The one-time move of the events an earlier version kept in the relational store's <c>events</c> table
/// (SQLite migration 1) into the analytics store, run at start once both stores are migrated. Every row
/// is copied, in batches, each batch committed in the analytics store (its inserts skip what is there
/// already), along with every identity link; only then is the relational table dropped. A crash at any
/// point leaves the table in place, so the next start copies again from the top: nothing is lost and
/// nothing doubles. With the table gone, a start finds nothing to move.
/// </summary>
public sealed class RelationalEventsMove(IDatabase relational, IAnalyticsDatabase analytics, ILogger<RelationalEventsMove> log)
{
    public const int BatchSize = 10_000;

    /// <summary>The number of events copied; 0 when there was nothing to move.</summary>
    public async Task<long> RunAsync(CancellationToken ct)
    {
        await using var connection = await relational.OpenAsync(ct);
        // Only SQLite ever held events (a PostgreSQL relational store starts without the table).
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'", cancellationToken: ct));
        if (exists == 0) return 0;

        long copied = 0, after = 0;
        while (true)
        {
            var rows = (await connection.QueryAsync<StoredRow>(new CommandDefinition("""
                SELECT id, project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at
                FROM events WHERE id > @after ORDER BY id LIMIT @BatchSize
                """, new { after, BatchSize }, cancellationToken: ct))).ToList();
            if (rows.Count == 0) break;
            await analytics.InsertAsync(rows.Select(r => r.AsStored()).ToList(), [], ct);
            copied += rows.Count;
            after = rows[^1].Id;
        }

        var identities = (await connection.QueryAsync<AnalyticsIdentity>(new CommandDefinition(
            "SELECT project_id AS ProjectId, anon_id AS AnonId, distinct_id AS DistinctId, created_at AS CreatedAt FROM identities",
            cancellationToken: ct))).ToList();
        foreach (var chunk in identities.Chunk(BatchSize)) await analytics.InsertAsync([], chunk, ct);

        await connection.ExecuteAsync(new CommandDefinition("DROP TABLE events", cancellationToken: ct));
        if (copied > 0 || identities.Count > 0)
            log.LogInformation("Moved {Events} events and {Links} identity links to the analytics store.", copied, identities.Count);
        return copied;
    }

    private sealed class StoredRow
    {
        public long Id { get; set; }
        public long ProjectId { get; set; }
        public string InsertId { get; set; } = "";
        public string Name { get; set; } = "";
        public string? DistinctId { get; set; }
        public long Time { get; set; }
        public string? ReplayId { get; set; }
        public string Properties { get; set; } = "{}";
        public long ReceivedAt { get; set; }

        public AnalyticsEvent AsStored() => new(ProjectId, InsertId, Name, DistinctId, Time, ReplayId, Properties, ReceivedAt);
    }
}
