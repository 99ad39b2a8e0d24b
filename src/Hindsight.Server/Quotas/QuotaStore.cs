using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Quotas;

/// <summary>
/// Reads and writes project_quotas, and counts replays in replay_usage. /record asks on every batch whether
/// the project has a quota at all, so the answer is kept in memory for a few seconds: a quota set on
/// another server process applies there that much later.
/// </summary>
public sealed class QuotaStore(IDatabase database, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (ReplayQuota Quota, DateTimeOffset Until)> cache = new();

    /// <summary>The project's quota, from memory if read in the last few seconds.</summary>
    public async Task<ReplayQuota> FindAsync(long projectId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(projectId, out var kept) && kept.Until > now) return kept.Quota;
        await using var connection = await database.OpenAsync(ct);
        var quota = await FindAsync(connection, projectId, ct);
        cache[projectId] = (quota, now + CacheFor);
        return quota;
    }

    private static async Task<ReplayQuota> FindAsync(DbConnection connection, long projectId, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<ReplayQuota>(new CommandDefinition("""
            SELECT monthly_replay_cap AS MonthlyReplayCap, trial_started_at AS TrialStartedAt,
                   trial_days AS TrialDays, trial_replay_cap AS TrialReplayCap
            FROM project_quotas WHERE project_id = @projectId
            """, new { projectId }, cancellationToken: ct)) ?? ReplayQuota.None;

    /// <summary>The quota and what counts against it now.</summary>
    public async Task<QuotaUsage> UsageAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var quota = await FindAsync(connection, projectId, ct);
        var now = clock.GetUtcNow();
        var month = await CountSinceAsync(connection, projectId, ReplayQuota.MonthStart(now), ct);
        var trial = quota.TrialStartedAt is { } start ? await CountSinceAsync(connection, projectId, start, ct) : 0;
        return new QuotaUsage(quota, now.ToUnixTimeMilliseconds(), month, trial);
    }

    /// <summary>
    /// Whether a replay that is not stored yet may start: always without a quota or when its tab session
    /// has been counted already (it counts once); otherwise only while no cap is reached. Two first batches
    /// arriving at the same moment may both pass at the cap's edge: the cap can be passed by at most the
    /// number of new replays checked at once, never by a replay in progress being cut off.
    /// </summary>
    public async Task<QuotaUsage?> RefusalForNewReplayAsync(long projectId, string? tabId, CancellationToken ct)
    {
        var quota = await FindAsync(projectId, ct);
        if (quota == ReplayQuota.None) return null;
        await using var connection = await database.OpenAsync(ct);
        if (tabId is not null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM replay_usage WHERE project_id = @projectId AND counted_key = @key",
                new { projectId, key = TabKey(tabId) }, cancellationToken: ct)) > 0)
            return null;
        var now = clock.GetUtcNow();
        var month = quota.MonthlyReplayCap is null ? 0 : await CountSinceAsync(connection, projectId, ReplayQuota.MonthStart(now), ct);
        var trial = quota.TrialStartedAt is { } start ? await CountSinceAsync(connection, projectId, start, ct) : 0;
        var usage = new QuotaUsage(quota, now.ToUnixTimeMilliseconds(), month, trial);
        return usage.Block is null ? null : usage;
    }

    /// <summary>
    /// A reached quota reads as paused capture in the remote SDK config: our SDK starts no replay, and
    /// mixpanel-browser, which knows neither key, applies the sampling rate of 0.
    /// </summary>
    public async Task ApplyToSdkConfigAsync(long projectId, JsonObject config, CancellationToken ct)
    {
        if (await FindAsync(projectId, ct) == ReplayQuota.None || (await UsageAsync(projectId, ct)).Block is null) return;
        config["capture_status"] = "paused";
        config["quota_exceeded"] = true;
        config["record_sessions_percent"] = 0;
    }

    /// <summary>Sets the project's quota; a trial newly given starts now, one kept keeps its start.</summary>
    public async Task SetAsync(long projectId, long? monthlyCap, long? trialDays, long? trialReplayCap, bool restartTrial, CancellationToken ct)
    {
        var hasTrial = trialDays is not null || trialReplayCap is not null;
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO project_quotas (project_id, monthly_replay_cap, trial_started_at, trial_days, trial_replay_cap)
            VALUES (@projectId, @monthlyCap, CASE WHEN @hasTrial THEN @now END, @trialDays, @trialReplayCap)
            ON CONFLICT (project_id) DO UPDATE SET
                monthly_replay_cap = excluded.monthly_replay_cap,
                trial_started_at = CASE WHEN NOT @hasTrial THEN NULL
                                        WHEN @restartTrial OR project_quotas.trial_started_at IS NULL THEN @now
                                        ELSE project_quotas.trial_started_at END,
                trial_days = excluded.trial_days, trial_replay_cap = excluded.trial_replay_cap
            """, new { projectId, monthlyCap, trialDays, trialReplayCap, hasTrial, restartTrial, now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        cache.TryRemove(projectId, out _);
    }

    /// <summary>Counts the replays the group starts, in the writer's transaction: each tab session or replay once.</summary>
    public static Task CountNewReplaysAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<(long ProjectId, string ReplayId, string? TabId)> started, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO replay_usage (project_id, counted_key, counted_at) VALUES (@ProjectId, @Key, @Now)
            ON CONFLICT (project_id, counted_key) DO NOTHING
            """, started.Select(s => new { s.ProjectId, Key = s.TabId is { } tab ? TabKey(tab) : ReplayKey(s.ReplayId), Now = now }).ToList(),
            transaction, cancellationToken: ct));

    private static Task<long> CountSinceAsync(DbConnection connection, long projectId, long since, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM replay_usage WHERE project_id = @projectId AND counted_at >= @since",
            new { projectId, since }, cancellationToken: ct));

    private static string TabKey(string tabId) => "tab:" + tabId;

    private static string ReplayKey(string replayId) => "replay:" + replayId;
}
