using System.Text.Json;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.People;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Replays;

/// <summary>A tracked event of a replay, at <see cref="OffsetMs"/> from its start; stitched: found by person and time.</summary>
public sealed record ReplayTrackedEvent(string InsertId, string Name, long Time, long OffsetMs, bool Stitched, JsonElement Properties);

/// <summary>Oldest first; truncated when the replay has more than <see cref="ReplayEvents.MaxEvents"/>.</summary>
public sealed record ReplayEventList(IReadOnlyList<ReplayTrackedEvent> Events, bool Truncated);

/// <summary>
/// The tracked events of a replay, for the player's markers and list: those naming it ($mp_replay_id), and
/// those of its person (any linked id) naming no replay that <see cref="ReplayFinder"/> stitches to it.
/// </summary>
public sealed class ReplayEvents(IDatabase database, AnalyticsQueryRunner analytics)
{
    public const int MaxEvents = 1000;

    private sealed class EventRow
    {
        public string InsertId { get; set; } = "";
        public string Name { get; set; } = "";
        public string? DistinctId { get; set; }
        public long Time { get; set; }
        public string Properties { get; set; } = "{}";
    }

    public async Task<ReplayEventList> ListAsync(ReplaySummary replay, CancellationToken ct)
    {
        var margin = (long)ReplayFinder.Margin.TotalMilliseconds;
        await using var relational = await database.OpenAsync(ct);
        var ids = (await IdentityResolution.ResolveAsync(relational, replay.ProjectId,
            new[] { replay.DistinctId, replay.DeviceId, replay.UserId }.OfType<string>().Distinct().ToList(), ct)).ToList();

        // One row more than kept tells whether there were more.
        var (named, candidates) = await analytics.RunAsync(async (events, token) =>
        {
            var named = (await events.QueryAsync<EventRow>(new CommandDefinition("""
                SELECT insert_id, name, distinct_id, time, CAST(properties AS VARCHAR) AS properties FROM events
                WHERE project_id = $projectId AND replay_id = $replayId ORDER BY time, insert_id LIMIT $limit
                """, new { replay.ProjectId, replay.ReplayId, limit = MaxEvents + 1 }, cancellationToken: token))).ToList();
            var candidates = ids.Count == 0 ? [] : (await events.QueryAsync<EventRow>(new CommandDefinition("""
                SELECT insert_id, name, distinct_id, time, CAST(properties AS VARCHAR) AS properties FROM events
                WHERE project_id = $projectId AND replay_id IS NULL AND distinct_id IN $ids AND time BETWEEN $from AND $to
                ORDER BY time, insert_id LIMIT $limit
                """, new { replay.ProjectId, ids, from = replay.StartedAt - margin, to = replay.LastEventAt + margin, limit = ReplayFinder.MaxMoments },
                cancellationToken: token))).ToList();
            return (named, candidates);
        }, ct);

        // Another replay of the same person (a second tab) may hold the moment better.
        var hits = await ReplayFinder.FindAsync(relational, replay.ProjectId, candidates.Select(c => new PersonMoment(c.DistinctId!, c.Time)).ToList(), ct);
        var stitched = candidates.Where((_, i) => hits[i]?.ReplayId == replay.ReplayId);

        var all = named.Select(e => (Event: e, Stitched: false)).Concat(stitched.Select(e => (Event: e, Stitched: true)))
            .OrderBy(e => e.Event.Time).ThenBy(e => e.Event.InsertId, StringComparer.Ordinal).ToList();
        var duration = replay.LastEventAt - replay.StartedAt;
        var kept = all.Take(MaxEvents).Select(e => new ReplayTrackedEvent(e.Event.InsertId, e.Event.Name, e.Event.Time,
            Math.Clamp(e.Event.Time - replay.StartedAt, 0, duration), e.Stitched, Parse(e.Event.Properties))).ToList();
        return new ReplayEventList(kept, all.Count > MaxEvents || candidates.Count == ReplayFinder.MaxMoments);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
