using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.People;

/// <summary>
/// First and last seen as columns of the person's <c>people</c> row (an empty profile when they have none).
/// An event counts for the person its id resolves to one link forward (an anonymous id to the user id it
/// became), so the list shows one row per person; when a link arrives after the anonymous id's events,
/// the batch that carries it ($identify is tracked under the user id) folds the anonymous row's times into
/// the user's. The anonymous row keeps its own times and is left out of the list.
/// </summary>
public sealed class PersonActivity(IDatabase database, TimeProvider clock) : IPersonActivity
{
    public async Task RecordAsync(long projectId, IReadOnlyCollection<(string DistinctId, long Time)> events, CancellationToken ct)
    {
        var spans = events.GroupBy(e => e.DistinctId, StringComparer.Ordinal)
            .Select(g => new { projectId, Id = g.Key, First = g.Min(e => e.Time), Last = g.Max(e => e.Time), now = clock.GetUtcNow().ToUnixTimeMilliseconds() })
            .ToList();
        if (spans.Count == 0) return;

        await using var connection = await database.OpenAsync(ct);
        // Each statement computes its values from the stored ones: a plain transaction is enough (IDatabase).
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO people (project_id, distinct_id, created_at, updated_at, first_seen, last_seen)
            VALUES (@projectId, COALESCE((SELECT distinct_id FROM identities WHERE project_id = @projectId AND anon_id = @Id), @Id), @now, @now, @First, @Last)
            {KeepEarliestAndLatest}
            """, spans, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO people (project_id, distinct_id, created_at, updated_at, first_seen, last_seen)
            SELECT @projectId, i.distinct_id, @now, @now, min(a.first_seen), max(a.last_seen)
            FROM identities i JOIN people a ON a.project_id = i.project_id AND a.distinct_id = i.anon_id
            WHERE i.project_id = @projectId AND i.distinct_id IN @ids AND a.first_seen IS NOT NULL
            GROUP BY i.distinct_id
            {KeepEarliestAndLatest}
            """, new { projectId, ids = spans.Select(s => s.Id).ToList(), now = spans[0].now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    // CASE rather than SQLite's two-argument min/max: PostgreSQL spells those LEAST/GREATEST.
    private const string KeepEarliestAndLatest = """
        ON CONFLICT (project_id, distinct_id) DO UPDATE SET
            first_seen = CASE WHEN people.first_seen IS NULL OR excluded.first_seen < people.first_seen THEN excluded.first_seen ELSE people.first_seen END,
            last_seen = CASE WHEN people.last_seen IS NULL OR excluded.last_seen > people.last_seen THEN excluded.last_seen ELSE people.last_seen END
        """;
}
