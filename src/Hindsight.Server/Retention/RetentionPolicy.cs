namespace Hindsight.Server.Retention;

/// <summary>
/// How long a project keeps its replays: a number of days counted from a replay's ingestion (its first
/// batch's arrival, <c>replays.created_at</c>), as Mixpanel counts its 30 days. Tracked events are kept:
/// retention is about recordings of people's screens, and charts over older events stay whole.
/// </summary>
public static class RetentionPolicy
{
    public const int MinDays = 7, MaxDays = 365, DefaultDays = 30;

    private const long DayMs = 86_400_000;

    /// <summary>When a replay ingested at <paramref name="createdAt"/> expires (ms since the epoch).</summary>
    public static long ExpiresAt(long createdAt, int days) => createdAt + days * DayMs;

    /// <summary>Replays ingested before this are expired at <paramref name="now"/>.</summary>
    public static long Cutoff(DateTimeOffset now, int days) => now.ToUnixTimeMilliseconds() - days * DayMs;
}
