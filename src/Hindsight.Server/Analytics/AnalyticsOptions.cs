namespace Hindsight.Server.Analytics;

/// <summary>Settings of the analytics queries (Hindsight:Analytics); the defaults need no configuration.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Hindsight:Analytics";

    /// <summary>How long one analytics query may run before it is cancelled and answered 503 query_timeout.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
