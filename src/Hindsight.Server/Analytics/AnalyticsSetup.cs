using Hindsight.Server.Analytics.Funnels;
using Hindsight.Server.Analytics.Heatmaps;
using Hindsight.Server.Analytics.Insights;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Authorization;

namespace Hindsight.Server.Analytics;

public static class AnalyticsSetup
{
    /// <summary>The analytics store (a DuckDB file under the data folder) and the bounded query runner.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<IAnalyticsDatabase, DuckDbAnalyticsDatabase>();
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section)
            .Validate(o => o.QueryTimeout > TimeSpan.Zero && o.QueryTimeout <= TimeSpan.FromMinutes(10),
                $"{AnalyticsOptions.Section}: QueryTimeout must be more than zero and at most 10 minutes.")
            .ValidateOnStart();
        services.AddSingleton<AnalyticsQueryRunner>();
        services.AddSingleton<RelationalEventsMove>();
        return services;
    }

    /// <summary>The analytics views under /api/projects/{id}: every role reads them.</summary>
    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/projects/{id}")
            .RequireProjectPermission(Permission.ReadAnalytics)
            .AddEndpointFilter<QueryTimeoutFilter>();
        analytics.MapInsights();  // /insights/events and its replays
        analytics.MapFunnels();   // /funnels, its replays, top events and theirs
        analytics.MapHeatmaps();  // /heatmaps of a page and the replays of one element's clicks
        return api;
    }
}
