using System.Data.Common;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;

namespace Hindsight.Server.Analytics.Funnels;

/// <summary>
/// A step's bar. Conversions are fractions (0..1) of the first step and of the previous one; the median time
/// to convert is from the previous step (null for the first step, and for a step nobody reached).
/// </summary>
public sealed record FunnelStepResult(string Event, long Count, double ConversionFromFirst, double ConversionFromPrevious, long DroppedOff, long? MedianMsToConvert);

public sealed record FunnelReply(IReadOnlyList<FunnelStepResult> Steps);

/// <summary>The funnel's counts, and the people behind each part of its bars.</summary>
public static class Funnel
{
    public static async Task<FunnelReply> RunAsync(DbConnection analytics, long projectId, FunnelQuery funnel, CancellationToken ct)
    {
        var p = new SqlParameters();
        var last = funnel.Steps.Count - 1;
        var counts = string.Join("\nUNION ALL ", Enumerable.Range(0, last + 1).Select(k =>
            $"SELECT {k} AS step, count(*) AS people, percentile_cont(0.5) WITHIN GROUP (ORDER BY time - prev_time) AS median FROM s{k}"));
        var rows = (await analytics.QueryAsync<(int Step, long People, double? Median)>(new CommandDefinition(
            FunnelSql.Steps(projectId, funnel, last, p) + counts, p.Values, cancellationToken: ct))).ToDictionary(r => r.Step);

        var first = rows[0].People;
        return new FunnelReply(funnel.Steps.Select((step, k) =>
        {
            var count = rows[k].People;
            var previous = k == 0 ? count : rows[k - 1].People;
            return new FunnelStepResult(step.Event, count,
                ConversionFromFirst: first == 0 ? 0 : (double)count / first,
                ConversionFromPrevious: previous == 0 ? 0 : (double)count / previous,
                DroppedOff: previous - count,
                MedianMsToConvert: k == 0 || count == 0 || rows[k].Median is not { } median ? null : (long)Math.Round(median));
        }).ToList());
    }

    /// <summary>
    /// The clicked part's events, newest first, up to limit + 1: for converted, each person's step-k event;
    /// for dropped, the step-(k-1) event of those who did not reach step k — the last step they did.
    /// </summary>
    public static async Task<IReadOnlyList<EventMoment>> MomentsAsync(DbConnection analytics, long projectId, FunnelReplaysQuery query, CancellationToken ct)
    {
        var p = new SqlParameters();
        var people = query.Part == FunnelPart.Converted ? $"SELECT * FROM s{query.Step}" : FunnelSql.DroppedAfter(query.Step - 1);
        var rows = await analytics.QueryAsync<EventMoment>(new CommandDefinition(
            FunnelSql.Steps(projectId, query.Funnel, query.Step, p) + $"""
            SELECT {FunnelSql.MomentColumns} FROM ({people}) part
            ORDER BY time DESC, insert_id DESC
            LIMIT {p.Add(query.Limit + 1)}
            """, p.Values, cancellationToken: ct));
        return rows.ToList();
    }
}
