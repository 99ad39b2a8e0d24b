using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Accounts;

/// <summary>
/// Refuses sign-in from an address after too many failed attempts within a minute. Successful sign-ins do not
/// count: a team behind one office address signing in together must never lock itself out.
/// </summary>
public sealed class LoginThrottle(IOptions<AccountsOptions> options) : IDisposable
{
    readonly PartitionedRateLimiter<string> failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedLoginsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Whether the address may try now; when not, how long until it may.</summary>
    public bool MayTry(string address, out TimeSpan retryAfter)
    {
        // Asking for zero permits tells whether any are left without using one.
        using var probe = failures.AttemptAcquire(address, 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return probe.IsAcquired;
    }

    public void RecordFailure(string address) => failures.AttemptAcquire(address, 1).Dispose();

    public void Dispose() => failures.Dispose();
}
