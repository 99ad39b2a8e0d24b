using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Store;

namespace Hindsight.Server.Analytics;

public static class AnalyticsSetup
{
    /// <summary>The analytics store (a DuckDB file under the data folder) and its bounded queries.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<IAnalyticsDatabase, DuckDbAnalyticsDatabase>();
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section)
            .Validate(o => o.QueryTimeout > TimeSpan.Zero, $"{AnalyticsOptions.Section}: QueryTimeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AnalyticsQueryRunner>();
        return services;
    }
}
