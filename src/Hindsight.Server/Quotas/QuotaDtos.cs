namespace Hindsight.Server.Quotas;

/// <summary>A trial and how far it has gone.</summary>
public sealed record TrialStatus(long StartedAt, long? Days, long? ReplayCap, long Replays, long? EndsAt);

/// <summary>
/// Reply of GET and PUT /api/projects/{id}/quota: the caps, what counts against them, and whether new
/// replays are refused now (blocked: monthly_cap, trial_days or trial_replays; null while they start).
/// </summary>
public sealed record QuotaStatus(
    long? MonthlyReplayCap, long MonthReplays, long MonthResetsAt, TrialStatus? Trial, string? Blocked, string? Message)
{
    public static QuotaStatus Of(QuotaUsage usage)
    {
        var quota = usage.Quota;
        var trial = quota.HasTrial
            ? new TrialStatus(quota.TrialStartedAt!.Value, quota.TrialDays, quota.TrialReplayCap, usage.TrialReplays, quota.TrialEndsAt)
            : null;
        var blocked = usage.Block switch
        {
            QuotaBlock.MonthlyCap => "monthly_cap",
            QuotaBlock.TrialDays => "trial_days",
            QuotaBlock.TrialReplays => "trial_replays",
            _ => null,
        };
        return new QuotaStatus(quota.MonthlyReplayCap, usage.MonthReplays,
            ReplayQuota.NextMonthStart(DateTimeOffset.FromUnixTimeMilliseconds(usage.At)), trial, blocked, usage.BlockMessage);
    }
}

/// <summary>
/// Body of PUT /api/projects/{id}/quota. A null (or missing) cap is no cap; a trial is given by its days,
/// its replay cap or both, and starts when first given (restartTrial starts it again from now).
/// </summary>
public sealed record QuotaRequest(long? MonthlyReplayCap, long? TrialDays, long? TrialReplayCap, bool RestartTrial);
