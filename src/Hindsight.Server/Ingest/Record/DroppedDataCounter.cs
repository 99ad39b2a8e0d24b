using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Adds up, per replay, the batches and rrweb events the SDK reported dropped (replay_drops). One upsert
/// that adds to the stored counts, never a read then a write back: two reports at once both count, on any
/// engine, without a lock (<see cref="IDatabase"/>'s concurrency contract).
/// </summary>
public sealed class DroppedDataCounter(IDatabase database, TimeProvider clock)
{
    public async Task AddAsync(long projectId, string replayId, DroppedDataReport report, CancellationToken ct)
    {
        if (report is { Batches: 0, Events: 0 }) return;
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO replay_drops (project_id, replay_id, batches, events, updated_at)
            VALUES (@projectId, @replayId, @Batches, @Events, @now)
            ON CONFLICT (project_id, replay_id) DO UPDATE SET
                batches = replay_drops.batches + excluded.batches,
                events = replay_drops.events + excluded.events,
                updated_at = excluded.updated_at
            """, new { projectId, replayId, report.Batches, report.Events, now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct));
    }
}
