using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Analytics.Insights;

/// <summary>
/// GET /api/projects/{id}/insights/events (the events report) and …/insights/events/replays (the events
/// behind one point of it, each with its replay).
/// </summary>
public static class InsightsApi
{
    public static RouteGroupBuilder MapInsights(this RouteGroupBuilder analytics)
    {
        analytics.MapGet("/insights/events", GetReportAsync);
        analytics.MapGet("/insights/events/replays", GetReplaysAsync);
        return analytics;
    }

    private static async Task<Results<Ok<EventsReportReply>, JsonHttpResult<ApiError>>> GetReportAsync(
        HttpContext http, [AsParameters] EventsReportRequest request, IAnalyticsDatabase analytics, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = EventsReportQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<EventsReportReply>, JsonHttpResult<ApiError>>>(async ct =>
        {
            await using var connection = await analytics.OpenAsync(ct);
            if (await KnownEvents.CheckAsync(connection, projectId, query.Events, ct) is { } unknown) return unknown;
            return TypedResults.Ok(await EventsReport.RunAsync(connection, projectId, query, ct));
        }, http.RequestAborted);
    }

    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> GetReplaysAsync(
        HttpContext http, [AsParameters] EventReplaysRequest request, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = EventReplaysQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>>(async ct =>
        {
            IReadOnlyList<EventMoment> events;
            await using (var connection = await analytics.OpenAsync(ct))
            {
                if (await KnownEvents.CheckAsync(connection, projectId, [query.Event], ct) is { } unknown) return unknown;
                events = await EventReplays.FindAsync(connection, projectId, query, ct);
            }
            return TypedResults.Ok(await MomentLists.ResolveAsync(database, projectId, events, query.Limit, ct));
        }, http.RequestAborted);
    }
}
