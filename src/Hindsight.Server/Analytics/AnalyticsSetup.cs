using Hindsight.Server.Analytics.Store;

namespace Hindsight.Server.Analytics;

public static class AnalyticsSetup
{
    /// <summary>The analytics store (a DuckDB file under the data folder).</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<IAnalyticsDatabase, DuckDbAnalyticsDatabase>();
        services.AddSingleton<RelationalEventsMove>();
        return services;
    }
}
