namespace Hindsight.Server.Quotas;

public static class QuotasSetup
{
    /// <summary>Per-project caps on new replays: a monthly cap and a trial (Quotas/ReplayQuota.cs).</summary>
    public static IServiceCollection AddQuotas(this IServiceCollection services) => services.AddSingleton<QuotaStore>();
}
