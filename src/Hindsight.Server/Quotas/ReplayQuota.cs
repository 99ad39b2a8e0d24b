namespace Hindsight.Server.Quotas;

/// <summary>
/// A project's caps on new replays, both optional: a monthly cap (calendar months in UTC) and a trial that
/// ends after <see cref="TrialDays"/> or <see cref="TrialReplayCap"/> counted replays, whichever comes
/// first (Heap's "14 days or 10,000 sessions" is <c>TrialDays = 14, TrialReplayCap = 10_000</c>).
/// </summary>
public sealed record ReplayQuota(long? MonthlyReplayCap, long? TrialStartedAt, long? TrialDays, long? TrialReplayCap)
{
    public const long MaxCap = 1_000_000_000;
    public const int MaxTrialDays = 365;
    private const long DayMs = 86_400_000;

    public static readonly ReplayQuota None = new(null, null, null, null);

    public bool HasTrial => TrialStartedAt is not null && (TrialDays is not null || TrialReplayCap is not null);

    /// <summary>When the trial's days run out, if it has a number of days.</summary>
    public long? TrialEndsAt => TrialStartedAt is { } start && TrialDays is { } days ? start + days * DayMs : null;

    /// <summary>The first moment of the calendar month (UTC) that holds <paramref name="now"/>.</summary>
    public static long MonthStart(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The first moment of the next calendar month, when the monthly count starts again.</summary>
    public static long NextMonthStart(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).ToUnixTimeMilliseconds();
}

/// <summary>Why no new replay may start, if none may.</summary>
public enum QuotaBlock { MonthlyCap, TrialDays, TrialReplays }

/// <summary>A project's quota with what has been counted against it, as of <see cref="At"/>.</summary>
public sealed record QuotaUsage(ReplayQuota Quota, long At, long MonthReplays, long TrialReplays)
{
    public QuotaBlock? Block =>
        Quota.TrialEndsAt is { } ends && At >= ends ? QuotaBlock.TrialDays
        : Quota.HasTrial && Quota.TrialReplayCap is { } trialCap && TrialReplays >= trialCap ? QuotaBlock.TrialReplays
        : Quota.MonthlyReplayCap is { } cap && MonthReplays >= cap ? QuotaBlock.MonthlyCap
        : null;

    /// <summary>The reason, in words the SDK's log and the dashboard can show as they are.</summary>
    public string? BlockMessage => Block switch
    {
        QuotaBlock.MonthlyCap =>
            $"The project has recorded its {Quota.MonthlyReplayCap:N0} replays for this month: no new replay may start before {DateTimeOffset.FromUnixTimeMilliseconds(ReplayQuota.NextMonthStart(DateTimeOffset.FromUnixTimeMilliseconds(At))):yyyy-MM-dd} (UTC). Replays already under way are still accepted.",
        QuotaBlock.TrialDays =>
            $"The project's {Quota.TrialDays}-day trial has ended: no new replay may start. Replays already under way are still accepted.",
        QuotaBlock.TrialReplays =>
            $"The project's trial has recorded its {Quota.TrialReplayCap:N0} replays: no new replay may start. Replays already under way are still accepted.",
        _ => null,
    };
}
