using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hindsight.Server.Analytics.Insights;

/// <summary>The query parameters of "View Replays" on a chart point (GET /api/projects/{id}/insights/events/replays).</summary>
public sealed record EventReplaysRequest(
    [property: FromQuery(Name = "event")] string? Event,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "breakdown")] string? Breakdown,
    [property: FromQuery(Name = "breakdownValue")] string? BreakdownValue,
    [property: FromQuery(Name = "filters")] string? Filters,
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "reportFrom")] string? ReportFrom,
    [property: FromQuery(Name = "reportTo")] string? ReportTo);

/// <summary>
/// A chart point's events, checked: one event in one bucket (<see cref="Range"/>), optionally one breakdown
/// value of it. <see cref="ReportRange"/> is the whole chart's range, over which the top values were ranked,
/// so <c>$other</c> means the same values as in the chart; it defaults to the bucket itself.
/// </summary>
public sealed record EventReplaysQuery(
    string Event, TimeRange Range, string? Breakdown, string? BreakdownValue, IReadOnlyList<PropertyFilter> Filters,
    int Limit, TimeRange ReportRange)
{
    public static (EventReplaysQuery? Query, JsonHttpResult<ApiError>? Error) Parse(EventReplaysRequest request)
    {
        try
        {
            var name = QueryFields.EventName(request.Event);
            var range = QueryFields.Range(request.From, request.To);
            var breakdown = QueryFields.Property(request.Breakdown, "breakdown");
            if (breakdown is null && !string.IsNullOrEmpty(request.BreakdownValue))
                throw new QueryFieldException("invalid_breakdown_value", "breakdownValue needs the breakdown property it is a value of.", "breakdownValue");
            if (breakdown is not null && request.BreakdownValue is null)
                throw new QueryFieldException("invalid_breakdown_value", $"breakdownValue is required with a breakdown: a value, {EventsReport.Other} or {EventsReport.None}.", "breakdownValue");
            if (request.BreakdownValue?.Length > PropertyFilter.MaxValueLength)
                throw new QueryFieldException("invalid_breakdown_value", $"breakdownValue is longer than {PropertyFilter.MaxValueLength} characters.", "breakdownValue");
            var filters = QueryFields.Filters(request.Filters);
            var limit = QueryFields.Limit(request.Limit);
            var report = request.ReportFrom is null && request.ReportTo is null ? range : QueryFields.Range(request.ReportFrom, request.ReportTo);
            return (new EventReplaysQuery(name, range, breakdown, breakdown is null ? null : request.BreakdownValue, filters, limit, report), null);
        }
        catch (QueryFieldException e)
        {
            return (null, e.ToResult());
        }
    }
}
