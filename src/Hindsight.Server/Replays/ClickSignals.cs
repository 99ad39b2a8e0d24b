using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.People;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Replays;

/// <summary>
/// Rage and dead clicks per replay: the tracked events <c>$mp_rage_click</c> and <c>$mp_dead_click</c> (the
/// SDK's autocapture names), in the analytics store, that name the replay ($mp_replay_id) or are stitched to
/// it (<see cref="ReplayFinder"/>), as <see cref="PerformedEventFilter"/> finds them. Counted for a page of
/// the feed at a time, so the work is bounded by the page, not by the replays' length.
/// </summary>
public sealed class ClickSignals(IDatabase database, AnalyticsQueryRunner analytics)
{
    public const string RageClick = "$mp_rage_click", DeadClick = "$mp_dead_click";

    /// <summary>Sets each row's <see cref="ReplayRow.RageClickCount"/> and <see cref="ReplayRow.DeadClickCount"/>.</summary>
    public async Task CountAsync(long projectId, IReadOnlyList<ReplayRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var byId = rows.GroupBy(r => r.ReplayId).ToDictionary(g => g.Key, g => g.ToList());
        var replayIds = byId.Keys.ToList();
        string[] names = [RageClick, DeadClick];
        await using var relational = await database.OpenAsync(ct);
        var ids = (await IdentityResolution.ResolveAsync(relational, projectId, rows.SelectMany(r => r.ProfileIds()).Distinct().ToList(), ct)).ToList();
        var margin = (long)ReplayFinder.Margin.TotalMilliseconds;

        var (named, unnamed) = await analytics.RunAsync(async (events, token) =>
        {
            var named = await events.QueryAsync<(string ReplayId, string Name, long Count)>(new CommandDefinition("""
                SELECT replay_id, name, COUNT(*) FROM events
                WHERE project_id = $projectId AND name IN $names AND replay_id IN $replayIds
                GROUP BY replay_id, name
                """, new { projectId, names, replayIds }, cancellationToken: token));
            var unnamed = ids.Count == 0 ? [] : await events.QueryAsync<(string DistinctId, long Time, string Name)>(new CommandDefinition("""
                SELECT distinct_id, time, name FROM events
                WHERE project_id = $projectId AND name IN $names AND replay_id IS NULL AND distinct_id IN $ids AND time BETWEEN $from AND $to
                ORDER BY time DESC LIMIT $limit
                """, new { projectId, names, ids, from = rows.Min(r => r.StartedAt) - margin, to = rows.Max(r => r.LastEventAt) + margin,
                    limit = PerformedEventFilter.MaxStitchCandidates }, cancellationToken: token));
            return (named.ToList(), unnamed.ToList());
        }, ct);

        foreach (var (replayId, name, count) in named) Add(byId, replayId, name, count);
        foreach (var part in unnamed.Chunk(ReplayFinder.MaxMoments))
        {
            var hits = await ReplayFinder.FindAsync(relational, projectId, part.Select(m => new PersonMoment(m.DistinctId, m.Time)).ToList(), ct);
            for (var i = 0; i < part.Length; i++)
                if (hits[i] is { } hit) Add(byId, hit.ReplayId, part[i].Name, 1);
        }
    }

    /// <summary>The feed's minRageClicks= / minDeadClicks= filter.</summary>
    public ReplayRowFilter AtLeast(long projectId, long minRage, long minDead) => async (rows, ct) =>
    {
        await CountAsync(projectId, rows, ct);
        return rows.Where(r => r.RageClickCount >= minRage && r.DeadClickCount >= minDead).Select(r => r.ReplayId).ToHashSet(StringComparer.Ordinal);
    };

    private static void Add(Dictionary<string, List<ReplayRow>> byId, string replayId, string name, long count)
    {
        if (!byId.TryGetValue(replayId, out var rows)) return; // stitched to a replay outside this page
        foreach (var row in rows)
        {
            if (name == RageClick) row.RageClickCount += count;
            else row.DeadClickCount += count;
        }
    }
}
