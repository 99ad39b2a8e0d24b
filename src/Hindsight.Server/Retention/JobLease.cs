using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Retention;

/// <summary>
/// A background job run by one process at a time, among all that share the database: the job_leases row
/// names its holder until a time. A holder renews it as it works; one that dies stops renewing, and another
/// process takes the job over once the time has passed. The work itself must be safe to resume from any
/// point, since the holder can die anywhere.
/// </summary>
public sealed class JobLease(IDatabase database, TimeProvider clock)
{
    /// <summary>This process, as the leases name it.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes or renews the lease on <paramref name="job"/>; false while another process holds it.</summary>
    public async Task<bool> TryTakeAsync(string job, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct);
        // One statement, so two processes racing for a free lease cannot both win it.
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO job_leases (name, holder, expires_at) VALUES (@job, @Holder, @until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= @now
            """, new { job, Holder, until = (now + duration).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() },
            cancellationToken: ct)) == 1;
    }

    /// <summary>Lets the job go at once, so the next round anywhere need not wait for the lease to run out.</summary>
    public async Task ReleaseAsync(string job, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM job_leases WHERE name = @job AND holder = @Holder", new { job, Holder }, cancellationToken: ct));
    }
}
