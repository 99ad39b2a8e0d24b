using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Analytics.Funnels;

/// <summary>
/// GET /api/projects/{id}/funnels (the bars), …/funnels/replays (the people behind a bar's converted or
/// dropped part), …/funnels/top-events (what people did instead of the next step) and
/// …/funnels/top-events/replays (the replays of one of those).
/// </summary>
public static class FunnelsApi
{
    public static RouteGroupBuilder MapFunnels(this RouteGroupBuilder analytics)
    {
        analytics.MapGet("/funnels", GetFunnelAsync);
        analytics.MapGet("/funnels/replays", GetReplaysAsync);
        analytics.MapGet("/funnels/top-events", GetTopEventsAsync);
        analytics.MapGet("/funnels/top-events/replays", GetTopEventReplaysAsync);
        return analytics;
    }

    private static async Task<Results<Ok<FunnelReply>, JsonHttpResult<ApiError>>> GetFunnelAsync(
        HttpContext http, [AsParameters] FunnelRequest request, IAnalyticsDatabase analytics, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = FunnelQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<FunnelReply>, JsonHttpResult<ApiError>>>(async ct =>
        {
            await using var connection = await analytics.OpenAsync(ct);
            if (await KnownEvents.CheckAsync(connection, projectId, query.EventNames.ToList(), ct) is { } unknown) return unknown;
            return TypedResults.Ok(await Funnel.RunAsync(connection, projectId, query, ct));
        }, http.RequestAborted);
    }

    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> GetReplaysAsync(
        HttpContext http, [AsParameters] FunnelReplaysRequest request, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = FunnelReplaysQuery.Parse(request);
        if (query is null) return invalid!;
        return await MomentsAsync(http, analytics, database, runner, query.Funnel.EventNames.ToList(), query.Limit,
            (connection, projectId, ct) => Funnel.MomentsAsync(connection, projectId, query, ct));
    }

    private static async Task<Results<Ok<TopEventsReply>, JsonHttpResult<ApiError>>> GetTopEventsAsync(
        HttpContext http, [AsParameters] TopEventsRequest request, IAnalyticsDatabase analytics, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = TopEventsQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<TopEventsReply>, JsonHttpResult<ApiError>>>(async ct =>
        {
            await using var connection = await analytics.OpenAsync(ct);
            if (await KnownEvents.CheckAsync(connection, projectId, query.Funnel.EventNames.ToList(), ct) is { } unknown) return unknown;
            return TypedResults.Ok(await TopEvents.RunAsync(connection, projectId, query, ct));
        }, http.RequestAborted);
    }

    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> GetTopEventReplaysAsync(
        HttpContext http, [AsParameters] TopEventReplaysRequest request, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = TopEventsQuery.Parse(request);
        if (query is null) return invalid!;
        return await MomentsAsync(http, analytics, database, runner, query.Funnel.EventNames.Append(query.Event!).ToList(), query.Limit,
            (connection, projectId, ct) => TopEvents.MomentsAsync(connection, projectId, query, ct));
    }

    /// <summary>The moments list of a funnel part: its events from the analytics store, then their replays from the relational one.</summary>
    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> MomentsAsync(
        HttpContext http, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner, IReadOnlyList<string> eventNames, int limit,
        Func<System.Data.Common.DbConnection, long, CancellationToken, Task<IReadOnlyList<EventMoment>>> find)
    {
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>>(async ct =>
        {
            IReadOnlyList<EventMoment> events;
            await using (var connection = await analytics.OpenAsync(ct))
            {
                if (await KnownEvents.CheckAsync(connection, projectId, eventNames, ct) is { } unknown) return unknown;
                events = await find(connection, projectId, ct);
            }
            return TypedResults.Ok(await MomentLists.ResolveAsync(database, projectId, events, limit, ct));
        }, http.RequestAborted);
    }
}
