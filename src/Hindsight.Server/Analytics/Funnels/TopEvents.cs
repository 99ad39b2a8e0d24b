using System.Data.Common;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;

namespace Hindsight.Server.Analytics.Funnels;

/// <summary>
/// An event people did instead of the next step: <see cref="People"/> did it first after their step
/// (what the list ranks by), <see cref="Count"/> is how often those same people did it in their window
/// after the step, at any place.
/// </summary>
public sealed record TopEvent(string Name, long People, long Count);

public sealed record TopEventsReply(IReadOnlyList<TopEvent> Events);

/// <summary>
/// Heap's "top events" of a funnel step: for the people who did step k and never step k + 1 within their
/// window, the first event each did after step k (within the window), ranked by people. Automatic events
/// ($-prefixed: sessions, autocapture) are noise here and skipped, except the page view, which says where
/// people went.
/// </summary>
public static class TopEvents
{
    public const string PageView = "$mp_web_page_view";

    public static async Task<TopEventsReply> RunAsync(DbConnection analytics, long projectId, TopEventsQuery query, CancellationToken ct)
    {
        var p = new SqlParameters();
        var rows = await analytics.QueryAsync<TopEvent>(new CommandDefinition(NextEvents(projectId, query, p) + $"""
            SELECT name AS Name, count(CASE WHEN rn = 1 THEN 1 END) AS People, count(*) AS Count
            FROM next_events
            GROUP BY name
            HAVING count(CASE WHEN rn = 1 THEN 1 END) > 0
            ORDER BY People DESC, Count DESC, Name
            LIMIT {p.Add(query.Limit)}
            """, p.Values, cancellationToken: ct));
        return new TopEventsReply(rows.ToList());
    }

    /// <summary>The next events named <see cref="TopEventsQuery.Event"/> (each person's first after the step), newest first, up to limit + 1.</summary>
    public static async Task<IReadOnlyList<EventMoment>> MomentsAsync(DbConnection analytics, long projectId, TopEventsQuery query, CancellationToken ct)
    {
        var p = new SqlParameters();
        var rows = await analytics.QueryAsync<EventMoment>(new CommandDefinition(NextEvents(projectId, query, p) + $"""
            SELECT {FunnelSql.MomentColumns} FROM next_events
            WHERE rn = 1 AND name = {p.Add(query.Event)}
            ORDER BY time DESC, insert_id DESC
            LIMIT {p.Add(query.Limit + 1)}
            """, p.Values, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The funnel up to step k + 1, then <c>next_events</c>: every event of a dropped person after step k in their window, rn 1 the first.</summary>
    private static string NextEvents(long projectId, TopEventsQuery query, SqlParameters p)
    {
        var steps = FunnelSql.Steps(projectId, query.Funnel, query.Step + 1, p);
        return steps + $"""
            ,
            dropped AS ({FunnelSql.DroppedAfter(query.Step)}),
            next_events AS (
                SELECT d.person AS person, x.insert_id AS insert_id, x.name AS name, x.distinct_id AS distinct_id,
                       x.time AS time, x.replay_id AS replay_id,
                       ROW_NUMBER() OVER (PARTITION BY d.person ORDER BY x.time, x.insert_id) AS rn
                FROM dropped d JOIN (
                    SELECT {AnalyticsSql.Person} AS person, e.insert_id, e.name, e.distinct_id, e.time, e.replay_id
                    FROM {AnalyticsSql.EventsWithPeople}
                    WHERE e.project_id = $projectId AND e.time >= $rangeFrom AND e.time < $rangeTo + $window
                      AND (e.name NOT LIKE {p.Add("$%")} OR e.name = {p.Add(PageView)})
                ) x ON x.person = d.person AND x.time >= d.time AND x.insert_id <> d.insert_id AND x.time <= d.entered + $window
            )

            """;
    }
}
