using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.People;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Replays;

/// <summary>
/// The feed's event= filter: of a round of replays, those in which the event fired — named by the event's
/// $mp_replay_id, or stitched to it (an event of the replay's person naming no replay, that
/// <see cref="ReplayFinder"/> places in this replay rather than another of theirs).
/// </summary>
public sealed class PerformedEventFilter(IDatabase database, AnalyticsQueryRunner analytics)
{
    /// <summary>At most this many of the person's unnamed events are looked at per round (two stitching lookups).</summary>
    public const int MaxStitchCandidates = 2 * ReplayFinder.MaxMoments;

    /// <summary>Whether the project ever tracked the event: when not, the feed has nothing to look for.</summary>
    public Task<bool> FiredAsync(long projectId, string name, CancellationToken ct) =>
        analytics.RunAsync(async (events, token) => await events.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM events WHERE project_id = $projectId AND name = $name LIMIT 1", new { projectId, name }, cancellationToken: token)) is not null, ct);

    public ReplayRowFilter For(long projectId, string name) => async (rows, ct) =>
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0) return kept;
        var replayIds = rows.Select(r => r.ReplayId).ToList();
        await using var relational = await database.OpenAsync(ct);
        var ids = (await IdentityResolution.ResolveAsync(relational, projectId, rows.SelectMany(r => r.ProfileIds()).Distinct().ToList(), ct)).ToList();
        var margin = (long)ReplayFinder.Margin.TotalMilliseconds;

        var (named, unnamed) = await analytics.RunAsync(async (events, token) =>
        {
            var named = await events.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT replay_id FROM events WHERE project_id = $projectId AND name = $name AND replay_id IN $replayIds",
                new { projectId, name, replayIds }, cancellationToken: token));
            var unnamed = ids.Count == 0 ? [] : await events.QueryAsync<(string DistinctId, long Time)>(new CommandDefinition("""
                SELECT DISTINCT distinct_id, time FROM events
                WHERE project_id = $projectId AND name = $name AND replay_id IS NULL AND distinct_id IN $ids AND time BETWEEN $from AND $to
                ORDER BY time DESC LIMIT $limit
                """, new { projectId, name, ids, from = rows.Min(r => r.StartedAt) - margin, to = rows.Max(r => r.LastEventAt) + margin, limit = MaxStitchCandidates },
                cancellationToken: token));
            return (named.ToList(), unnamed.ToList());
        }, ct);
        kept.UnionWith(named);

        foreach (var part in unnamed.Chunk(ReplayFinder.MaxMoments))
        {
            var hits = await ReplayFinder.FindAsync(relational, projectId, part.Select(m => new PersonMoment(m.DistinctId, m.Time)).ToList(), ct);
            kept.UnionWith(hits.OfType<ReplayHit>().Select(h => h.ReplayId));
        }
        kept.IntersectWith(replayIds);
        return kept;
    };
}
