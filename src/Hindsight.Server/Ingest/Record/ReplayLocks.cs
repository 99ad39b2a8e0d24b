namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Serialises writes to one replay inside this process, so a retried batch racing its original cannot
/// leave the blob of one and the row of the other. Striped: a fixed set of locks, never growing.
/// </summary>
public sealed class ReplayLocks
{
    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(long projectId, string replayId, CancellationToken ct)
    {
        var stripe = stripes[(int)((uint)HashCode.Combine(projectId, replayId) % (uint)stripes.Length)];
        await stripe.WaitAsync(ct);
        return new Releaser(stripe);
    }

    private sealed class Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
