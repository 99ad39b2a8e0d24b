namespace Hindsight.Server.Analytics;

/// <summary>Settings of the analytics views (Hindsight:Analytics); the defaults need no configuration.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Hindsight:Analytics";

    /// <summary>
    /// How long one analytics request may query before it is cancelled and answered 503 <c>query_timeout</c>:
    /// a chart a user can shape (ten events, a year, a breakdown) must never hold a core for minutes.
    /// </summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
