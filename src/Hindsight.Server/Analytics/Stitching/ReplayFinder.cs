using System.Text;
using Dapper;
using System.Data.Common;

namespace Hindsight.Server.Analytics.Stitching;

/// <summary>A moment of a person's activity: one of their ids and a time (ms).</summary>
public readonly record struct PersonMoment(string DistinctId, long Time);

/// <summary>The replay a moment falls in, and where in it (ms from the replay's start, clamped to it).</summary>
public sealed record ReplayHit(string ReplayId, long StartedAt, long DurationMs, long OffsetMs);

/// <summary>
/// Server-side stitching: the replay a moment of someone's activity belongs to when the event did not
/// name one ($mp_replay_id). That is a replay of the same person — recorded under the same id, or under
/// any id linked to it (see People/IdentityResolution.cs for the depth: one link forward, one back) —
/// whose span, widened by <see cref="Margin"/> on each side, contains the moment. Found at query time
/// from what is stored then, so it works whichever arrived first, the event or the replay.
/// </summary>
public static class ReplayFinder
{
    /// <summary>
    /// How far outside a replay's span a moment still belongs to it. The SDK tracks the page view before the
    /// recorder has loaded and sent its first snapshot, and a replay's last stored event can trail the last
    /// tracked event by a flush interval (10 s), so a few seconds either side are the same visit; 30 s keeps
    /// that without claiming an event from a later visit of the same person.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    /// <summary>How many moments one call may look up (each is two query parameters).</summary>
    public const int MaxMoments = 2000;

    /// <summary>For each moment, its replay, or null when no replay of that person covers it (on the relational store's connection).</summary>
    public static async Task<IReadOnlyList<ReplayHit?>> FindAsync(DbConnection connection, long projectId, IReadOnlyList<PersonMoment> moments, CancellationToken ct)
    {
        if (moments.Count > MaxMoments) throw new ArgumentException($"At most {MaxMoments} moments per lookup.", nameof(moments));
        var hits = new ReplayHit?[moments.Count];
        if (moments.Count == 0) return hits;

        var parameters = new DynamicParameters(new { projectId, margin = (long)Margin.TotalMilliseconds });
        var values = new StringBuilder();
        for (var i = 0; i < moments.Count; i++)
        {
            parameters.Add($"i{i}", moments[i].DistinctId);
            parameters.Add($"t{i}", moments[i].Time);
            values.Append(i == 0 ? "" : ", ").Append($"({i}, @i{i}, @t{i})");
        }

        // Per moment: its ids (the id, one link forward, one back), the replays recorded under any of them
        // whose widened span holds the moment, and of those the one that holds it without the margin, else
        // the nearest start.
        var rows = await connection.QueryAsync<(long N, string ReplayId, long StartedAt, long LastEventAt)>(
            new CommandDefinition($"""
                WITH moments(n, id, t) AS (VALUES {values}),
                linked(n, id, t) AS (
                    SELECT n, id, t FROM moments
                    UNION SELECT m.n, i.distinct_id, m.t FROM moments m JOIN identities i ON i.project_id = @projectId AND i.anon_id = m.id
                ),
                person(n, id, t) AS (
                    SELECT n, id, t FROM linked
                    UNION SELECT l.n, i.anon_id, l.t FROM linked l JOIN identities i ON i.project_id = @projectId AND i.distinct_id = l.id
                ),
                candidates(n, t, replay_id, started_at, last_event_at) AS (
                    SELECT p.n, p.t, r.replay_id, r.started_at, r.last_event_at FROM person p JOIN replays r
                      ON r.project_id = @projectId AND r.distinct_id = p.id
                    UNION SELECT p.n, p.t, r.replay_id, r.started_at, r.last_event_at FROM person p JOIN replays r
                      ON r.project_id = @projectId AND r.device_id = p.id
                    UNION SELECT p.n, p.t, r.replay_id, r.started_at, r.last_event_at FROM person p JOIN replays r
                      ON r.project_id = @projectId AND r.user_id = p.id
                ),
                ranked AS (
                    SELECT n, replay_id, started_at, last_event_at, ROW_NUMBER() OVER (
                        PARTITION BY n
                        ORDER BY CASE WHEN t BETWEEN started_at AND last_event_at THEN 0 ELSE 1 END, abs(t - started_at), replay_id
                    ) AS rank
                    FROM candidates
                    WHERE t BETWEEN started_at - @margin AND last_event_at + @margin
                )
                SELECT n, replay_id, started_at, last_event_at FROM ranked WHERE rank = 1
                """, parameters, cancellationToken: ct));
        foreach (var (n, replayId, startedAt, lastEventAt) in rows)
        {
            var duration = lastEventAt - startedAt;
            hits[n] = new ReplayHit(replayId, startedAt, duration, Math.Clamp(moments[(int)n].Time - startedAt, 0, duration));
        }
        return hits;
    }
}
