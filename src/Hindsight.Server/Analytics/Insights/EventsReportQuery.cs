using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hindsight.Server.Analytics.Insights;

public enum Measure { Total, Unique }

/// <summary>The events report's query parameters as sent (GET /api/projects/{id}/insights/events).</summary>
public sealed record EventsReportRequest(
    [property: FromQuery(Name = "event")] string[]? Event,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "interval")] string? Interval,
    [property: FromQuery(Name = "measure")] string? Measure,
    [property: FromQuery(Name = "breakdown")] string? Breakdown,
    [property: FromQuery(Name = "filters")] string? Filters,
    [property: FromQuery(Name = "tz")] string? Tz);

/// <summary>The events report's query, checked: 1 to 10 events over at most a year, in at most 1000 buckets.</summary>
public sealed record EventsReportQuery(
    IReadOnlyList<string> Events, TimeRange Range, Interval Interval, Measure Measure, string? Breakdown,
    IReadOnlyList<PropertyFilter> Filters, int TzMinutes, Buckets Buckets)
{
    public const int MaxEvents = 10;

    /// <summary>Time zones run from UTC-14 to UTC+14.</summary>
    public const int MaxTzMinutes = 14 * 60;

    public static readonly IReadOnlyDictionary<string, Interval> Intervals =
        new Dictionary<string, Interval> { ["hour"] = Queries.Interval.Hour, ["day"] = Queries.Interval.Day, ["week"] = Queries.Interval.Week };

    public static readonly IReadOnlyDictionary<string, Measure> Measures =
        new Dictionary<string, Measure> { ["total"] = Insights.Measure.Total, ["unique"] = Insights.Measure.Unique };

    public static (EventsReportQuery? Query, JsonHttpResult<ApiError>? Error) Parse(EventsReportRequest request)
    {
        try
        {
            var events = (request.Event ?? []).Select(e => QueryFields.EventName(e)).Distinct(StringComparer.Ordinal).ToList();
            if (events.Count == 0) throw new QueryFieldException("missing_event", "Name at least one event: event=<name>.", "event");
            if (events.Count > MaxEvents) throw new QueryFieldException("too_many_events", $"{events.Count} events asked for; a report shows at most {MaxEvents}.", "event");
            var range = QueryFields.Range(request.From, request.To);
            var interval = QueryFields.Choice(request.Interval, "interval", Queries.Interval.Day, Intervals);
            var measure = QueryFields.Choice(request.Measure, "measure", Insights.Measure.Total, Measures);
            var breakdown = QueryFields.Property(request.Breakdown, "breakdown");
            var filters = QueryFields.Filters(request.Filters);
            var tz = (int)QueryFields.Integer(request.Tz, "tz", 0, -MaxTzMinutes, MaxTzMinutes, "the time zone's offset in minutes east of UTC");
            var buckets = Buckets.Of(range, interval, tz);
            if (buckets.Count > Buckets.MaxBuckets)
                throw new QueryFieldException("too_many_buckets",
                    $"The range holds {buckets.Count} {request.Interval ?? "day"}s; a chart has at most {Buckets.MaxBuckets} points. Choose a longer interval or a shorter range.", "interval");
            return (new EventsReportQuery(events, range, interval, measure, breakdown, filters, tz, buckets), null);
        }
        catch (QueryFieldException e)
        {
            return (null, e.ToResult());
        }
    }
}
