using System.Text;
using Hindsight.Server.Analytics.Queries;

namespace Hindsight.Server.Analytics.Funnels;

/// <summary>
/// The funnel as CTEs, one per step, all set-based (no loop over people): <c>s0</c> holds each person's
/// first step-0 event in the range (they enter there); <c>sK</c> each person of <c>s(K-1)</c> with their
/// first step-K event at or after their step-(K-1) event (not that same event) and within the window of
/// entering. A person is <see cref="AnalyticsSql.Person"/>, so an anonymous visit and the signed-in one
/// after it are one path. Conversions may land after the range's end, up to a window after it: someone
/// who entered on its last day still has their whole window, as in Mixpanel.
/// <para>
/// Each <c>sK</c> has: person, entered (their step-0 time), time, prev_time (their step-(K-1) time),
/// insert_id, name, distinct_id, replay_id — the event that did step K.
/// </para>
/// </summary>
public static class FunnelSql
{
    /// <summary>The WITH clause up to step <paramref name="lastStep"/>: <c>ev</c> (the steps' events) and <c>s0</c>…<c>sN</c>.</summary>
    public static string Steps(long projectId, FunnelQuery funnel, int lastStep, SqlParameters p)
    {
        var window = p.Named("window", funnel.WindowMs);
        var to = p.Named("rangeTo", funnel.Range.To);
        var matches = string.Join(",\n", funnel.Steps.Take(lastStep + 1).Select((step, k) =>
            $"        (e.name = {p.Add(step.Event)} AND {PropertyFilter.AllToSql(step.Filters, p)}) AS m{k}"));
        var sql = new StringBuilder($"""
            WITH ev AS (
                SELECT {AnalyticsSql.Person} AS person, e.insert_id AS insert_id, e.name AS name, e.distinct_id AS distinct_id,
                       e.time AS time, e.replay_id AS replay_id,
            {matches}
                FROM {AnalyticsSql.EventsWithPeople}
                WHERE e.project_id = {p.Named("projectId", projectId)} AND e.name IN {p.AddList(funnel.Steps.Take(lastStep + 1).Select(s => s.Event).Distinct().ToList())}
                  AND e.time >= {p.Named("rangeFrom", funnel.Range.From)} AND e.time < {to} + {window}
                  AND {AnalyticsSql.Person} IS NOT NULL
            ),
            s0 AS (
                SELECT person, time AS entered, time, time AS prev_time, insert_id, name, distinct_id, replay_id FROM (
                    SELECT ev.*, ROW_NUMBER() OVER (PARTITION BY person ORDER BY time, insert_id) AS rn
                    FROM ev WHERE m0 AND time < {to}
                ) first_entry WHERE rn = 1
            )
            """);
        for (var k = 1; k <= lastStep; k++)
        {
            sql.Append($"""
                ,
                s{k} AS (
                    SELECT person, entered, time, prev_time, insert_id, name, distinct_id, replay_id FROM (
                        SELECT prev.person AS person, prev.entered AS entered, ev.time AS time, prev.time AS prev_time,
                               ev.insert_id AS insert_id, ev.name AS name, ev.distinct_id AS distinct_id, ev.replay_id AS replay_id,
                               ROW_NUMBER() OVER (PARTITION BY prev.person ORDER BY ev.time, ev.insert_id) AS rn
                        FROM s{k - 1} prev JOIN ev ON ev.person = prev.person AND ev.m{k}
                          AND ev.time >= prev.time AND ev.insert_id <> prev.insert_id AND ev.time <= prev.entered + {window}
                    ) next_step WHERE rn = 1
                )
                """);
        }
        return sql.Append('\n').ToString();
    }

    /// <summary>The people of step <paramref name="step"/> who did not go on to the next one (the CTEs must reach step + 1).</summary>
    public static string DroppedAfter(int step) =>
        $"SELECT d.* FROM s{step} d LEFT JOIN s{step + 1} n ON n.person = d.person WHERE n.person IS NULL";

    /// <summary>The columns of a step's event, as <see cref="Stitching.EventMoment"/> reads them.</summary>
    public const string MomentColumns = "insert_id AS InsertId, name AS Name, distinct_id AS DistinctId, time AS Time, replay_id AS ReplayId";
}
