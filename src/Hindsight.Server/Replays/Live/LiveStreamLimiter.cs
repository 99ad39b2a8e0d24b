using Microsoft.Extensions.Options;

namespace Hindsight.Server.Replays.Live;

/// <summary>Counts each user's open live streams: a stream holds a connection and a subscription for minutes.</summary>
public sealed class LiveStreamLimiter(IOptions<LiveOptions> options)
{
    private readonly Dictionary<long, int> open = [];
    private readonly Lock gate = new();

    /// <summary>A lease to dispose when the stream closes, or null when the user already holds the most allowed.</summary>
    public IDisposable? TryAcquire(long userId)
    {
        lock (gate)
        {
            var count = open.GetValueOrDefault(userId);
            if (count >= options.Value.MaxStreamsPerUser) return null;
            open[userId] = count + 1;
        }
        return new Lease(this, userId);
    }

    private void Release(long userId)
    {
        lock (gate)
        {
            if (open.GetValueOrDefault(userId) <= 1) open.Remove(userId);
            else open[userId]--;
        }
    }

    private sealed class Lease(LiveStreamLimiter owner, long userId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Release(userId);
        }
    }
}
