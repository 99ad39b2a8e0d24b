using Dapper;
using Hindsight.Server.People;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Ingest.Track;

/// <summary>Stores /track events and the identity links they carry, all or nothing.</summary>
public sealed class EventWriter(IDatabase database, IPersonActivity activity, TimeProvider clock)
{
    public async Task SaveAsync(IReadOnlyList<(long ProjectId, TrackedEvent Event)> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (projectId, e) in events)
        {
            // A page hide sends the batch by beacon and the next load sends it again: the copy is ignored.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO events (project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at)
                VALUES (@projectId, @InsertId, @Name, @DistinctId, @Time, @ReplayId, @Properties, @now)
                ON CONFLICT (project_id, insert_id) DO NOTHING
                """, new { projectId, e.InsertId, e.Name, e.DistinctId, e.Time, e.ReplayId, e.Properties, now },
                transaction, cancellationToken: ct));
            if (e.Link is { } link)
            {
                // The first link of an anonymous id stands, as a merge does in Mixpanel.
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO identities (project_id, anon_id, distinct_id, created_at)
                    VALUES (@projectId, @AnonId, @DistinctId, @now)
                    ON CONFLICT (project_id, anon_id) DO NOTHING
                    """, new { projectId, link.AnonId, link.DistinctId, now }, transaction, cancellationToken: ct));
            }
        }
        await transaction.CommitAsync(ct);

        // After the commit: the links just stored decide whose activity each event is.
        foreach (var project in events.Where(e => e.Event.DistinctId is not null).GroupBy(e => e.ProjectId))
            await activity.RecordAsync(project.Key, project.Select(e => (e.Event.DistinctId!, e.Event.Time)).ToList(), ct);
    }
}
