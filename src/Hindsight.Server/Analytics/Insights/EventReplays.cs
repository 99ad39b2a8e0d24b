using System.Data.Common;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;

namespace Hindsight.Server.Analytics.Insights;

/// <summary>The events behind one point of the events chart, newest first, for "View Replays".</summary>
public static class EventReplays
{
    /// <summary>Up to limit + 1 events (the extra one tells the list is truncated), before their replays are known.</summary>
    public static async Task<IReadOnlyList<EventMoment>> FindAsync(DbConnection analytics, long projectId, EventReplaysQuery query, CancellationToken ct)
    {
        var p = new SqlParameters();
        var selection = EventsReport.Selection(projectId, [query.Event], query.Range, query.Filters, p);
        var (withTop, breakdown) = ("", "TRUE");
        if (query.Breakdown is not null)
        {
            var value = AnalyticsSql.Property(p.Add(AnalyticsSql.PropertyPath(query.Breakdown)));
            switch (query.BreakdownValue)
            {
                case EventsReport.None:
                    breakdown = $"{value} IS NULL";
                    break;
                case EventsReport.Other:
                    // The chart's top values, ranked as the chart ranked them, over the chart's whole range.
                    var reportSelection = EventsReport.Selection(projectId, [query.Event], query.ReportRange, query.Filters, p);
                    withTop = $"""
                        WITH top AS (
                            SELECT {value} AS value FROM events e
                            WHERE {reportSelection} AND {value} IS NOT NULL
                            GROUP BY 1 ORDER BY {EventsReport.RankOrder} LIMIT {p.Add(EventsReport.TopValues)}
                        )
                        """;
                    breakdown = $"{value} IS NOT NULL AND {value} NOT IN (SELECT value FROM top)";
                    break;
                default:
                    breakdown = $"{value} = {p.Add(query.BreakdownValue)}";
                    break;
            }
        }
        var rows = await analytics.QueryAsync<EventMoment>(new CommandDefinition($"""
            {withTop}
            SELECT e.insert_id AS InsertId, e.name AS Name, e.distinct_id AS DistinctId, e.time AS Time, e.replay_id AS ReplayId
            FROM events e
            WHERE {selection} AND {breakdown}
            ORDER BY e.time DESC, e.insert_id DESC
            LIMIT {p.Add(query.Limit + 1)}
            """, p.Values, cancellationToken: ct));
        return rows.ToList();
    }
}
