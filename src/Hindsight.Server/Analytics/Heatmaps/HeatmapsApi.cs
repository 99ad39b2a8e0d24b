using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Analytics.Heatmaps;

/// <summary>
/// GET /api/projects/{id}/heatmaps (a page's clicks per element, its scroll depth and the replay to rebuild
/// it from) and …/heatmaps/replays (the clicks on one element, each with its replay).
/// </summary>
public static class HeatmapsApi
{
    public static RouteGroupBuilder MapHeatmaps(this RouteGroupBuilder analytics)
    {
        analytics.MapGet("/heatmaps", GetHeatmapAsync);
        analytics.MapGet("/heatmaps/replays", GetReplaysAsync);
        return analytics;
    }

    private static async Task<Results<Ok<HeatmapReply>, JsonHttpResult<ApiError>>> GetHeatmapAsync(
        HttpContext http, [AsParameters] HeatmapRequest request, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = HeatmapQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<HeatmapReply>, JsonHttpResult<ApiError>>>(async ct =>
        {
            HeatmapReply reply;
            IReadOnlyList<EventMoment> candidates;
            await using (var connection = await analytics.OpenAsync(ct))
            {
                reply = await Heatmap.RunAsync(connection, projectId, query, ct);
                candidates = await Heatmap.SnapshotCandidatesAsync(connection, projectId, query, ct);
            }
            await using var relational = await database.OpenAsync(ct);
            // Only a replay that names the event and is stored: a stitched one may have been on another page by then.
            var snapshot = (await ReplayMoments.ResolveAsync(relational, projectId, candidates, ct))
                .FirstOrDefault(m => m.Replay is { Stitched: false });
            return TypedResults.Ok(reply with { Snapshot = snapshot });
        }, http.RequestAborted);
    }

    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> GetReplaysAsync(
        HttpContext http, [AsParameters] HeatmapReplaysRequest request, IAnalyticsDatabase analytics, IDatabase database, AnalyticsQueryRunner runner)
    {
        var (query, invalid) = HeatmapReplaysQuery.Parse(request);
        if (query is null) return invalid!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        return await runner.RunAsync<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>>(async ct =>
        {
            IReadOnlyList<EventMoment> clicks;
            await using (var connection = await analytics.OpenAsync(ct))
                clicks = await Heatmap.ClicksOnAsync(connection, projectId, query, ct);
            return TypedResults.Ok(await MomentLists.ResolveAsync(database, projectId, clicks, query.Limit, ct));
        }, http.RequestAborted);
    }
}
