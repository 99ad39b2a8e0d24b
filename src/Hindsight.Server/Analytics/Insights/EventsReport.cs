using System.Data.Common;
using Dapper;
using Hindsight.Server.Analytics.Queries;

namespace Hindsight.Server.Analytics.Insights;

/// <summary>One line of the events chart: an event, or one breakdown value of it, counted per bucket.</summary>
public sealed record EventSeries(string Event, string? Breakdown, IReadOnlyList<long> Values, long Total);

/// <summary>
/// The events report's reply. <see cref="Buckets"/> holds each bucket's start (ms); every series has one value
/// per bucket. For the unique measure a series' total is the people over the whole range (someone active on
/// three days is one person, not three), not the sum of its values.
/// </summary>
public sealed record EventsReportReply(long From, long To, string Interval, string Measure, IReadOnlyList<long> Buckets, IReadOnlyList<EventSeries> Series);

/// <summary>
/// Counts events, or people, per event per bucket in one statement. With a breakdown, each event's values
/// are ranked by how many events carry them; the top <see cref="TopValues"/> are their own series, the rest
/// are summed into <see cref="Other"/> and events without the property form <see cref="None"/>, so a
/// property with a million values still answers at most twelve lines per event.
/// </summary>
public static class EventsReport
{
    public const int TopValues = 10;
    public const string Other = "$other", None = "$none";

    public static async Task<EventsReportReply> RunAsync(DbConnection analytics, long projectId, EventsReportQuery query, CancellationToken ct)
    {
        var p = new SqlParameters();
        var rows = await analytics.QueryAsync<(string Name, string? Label, long? Bucket, long Value)>(
            new CommandDefinition(Sql(projectId, query, p), p.Values, cancellationToken: ct));

        var order = query.Events.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i, StringComparer.Ordinal);
        var series = rows
            .GroupBy(r => (r.Name, r.Label))
            .Select(g =>
            {
                var values = new long[query.Buckets.Count];
                var total = 0L;
                foreach (var row in g)
                {
                    if (row.Bucket is { } start) values[query.Buckets.IndexOf(start)] = row.Value;
                    else total = row.Value;
                }
                return new EventSeries(g.Key.Name, g.Key.Label, values, total);
            })
            .OrderBy(s => order[s.Event])
            .ThenBy(s => s.Breakdown is Other or None ? 1 : 0)
            .ThenByDescending(s => s.Total)
            .ThenBy(s => s.Breakdown, StringComparer.Ordinal)
            .ToList();

        // An event with nothing in the range is still a line (at zero) when it is not broken down.
        if (query.Breakdown is null)
            series = query.Events.Select(e => series.FirstOrDefault(s => s.Event == e) ?? new EventSeries(e, null, new long[query.Buckets.Count], 0)).ToList();

        return new EventsReportReply(query.Range.From, query.Range.To, query.Interval.ToString().ToLowerInvariant(),
            query.Measure.ToString().ToLowerInvariant(), query.Buckets.Starts.ToList(), series);
    }

    /// <summary>The events a report counts: of the named events, in the range, matching the filters.</summary>
    public static string Selection(long projectId, IReadOnlyList<string> events, TimeRange range, IReadOnlyList<PropertyFilter> filters, SqlParameters p) =>
        $"""
        e.project_id = {p.Named("projectId", projectId)} AND e.name IN {p.AddList(events)}
          AND e.time >= {p.Add(range.From)} AND e.time < {p.Add(range.To)}
          AND {PropertyFilter.AllToSql(filters, p)}
        """;

    /// <summary>
    /// The ranking of breakdown values, the same in the chart and in the replays behind its $other line:
    /// by events carrying the value, then by the value, so ties rank the same every time.
    /// </summary>
    public const string RankOrder = "count(*) DESC, value";

    private static string Sql(long projectId, EventsReportQuery query, SqlParameters p)
    {
        var measure = query.Measure == Measure.Unique ? $"count(DISTINCT person)" : "count(*)";
        var breakdown = query.Breakdown is null ? "CAST(NULL AS VARCHAR)" : AnalyticsSql.Property(p.Add(AnalyticsSql.PropertyPath(query.Breakdown)));
        var bucket = query.Buckets.StartSql("e.time", p);
        var selection = Selection(projectId, query.Events, query.Range, query.Filters, p);

        var label = query.Breakdown is null
            ? "ev.value"
            : $"CASE WHEN ev.value IS NULL THEN {p.Add(None)} WHEN top.value IS NOT NULL THEN ev.value ELSE {p.Add(Other)} END";
        var top = query.Breakdown is null
            ? ""
            : $"""
              LEFT JOIN (
                  SELECT name, value FROM (
                      SELECT name, value, ROW_NUMBER() OVER (PARTITION BY name ORDER BY {RankOrder}) AS rank
                      FROM ev WHERE value IS NOT NULL GROUP BY name, value
                  ) ranked WHERE rank <= {p.Add(TopValues)}
              ) top ON top.name = ev.name AND top.value = ev.value
              """;
        return $"""
            WITH ev AS (
                SELECT e.name AS name, {bucket} AS bucket, {AnalyticsSql.Person} AS person, {breakdown} AS value
                FROM {AnalyticsSql.EventsWithPeople}
                WHERE {selection}
            ),
            labelled AS (
                SELECT ev.name AS name, {label} AS label, ev.bucket AS bucket, ev.person AS person
                FROM ev {top}
            )
            SELECT name, label, bucket, {measure} AS value
            FROM labelled
            GROUP BY GROUPING SETS ((name, label, bucket), (name, label))
            """;
    }
}
