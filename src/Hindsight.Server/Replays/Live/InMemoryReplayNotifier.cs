using System.Threading.Channels;

namespace Hindsight.Server.Replays.Live;

/// <summary>The one-process notifier: subscribers per replay, each with a small bounded queue.</summary>
public sealed class InMemoryReplayNotifier : IReplayNotifier
{
    /// <summary>Notices a subscriber may fall behind by; a player that far behind re-lists chunks on its next notice anyway.</summary>
    private const int QueueLength = 64;

    private readonly Dictionary<(long, string), List<Subscription>> subscribers = [];
    private readonly Lock gate = new();

    public void Publish(ChunkNotice notice)
    {
        Subscription[] targets;
        lock (gate)
        {
            if (!subscribers.TryGetValue((notice.ProjectId, notice.ReplayId), out var list)) return;
            targets = [.. list];
        }
        foreach (var target in targets) target.Channel.Writer.TryWrite(notice);
    }

    public IReplaySubscription Subscribe(long projectId, string replayId)
    {
        var subscription = new Subscription(this, (projectId, replayId));
        lock (gate)
        {
            if (!subscribers.TryGetValue(subscription.Key, out var list)) subscribers[subscription.Key] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (!subscribers.TryGetValue(subscription.Key, out var list)) return;
            list.Remove(subscription);
            if (list.Count == 0) subscribers.Remove(subscription.Key);
        }
        subscription.Channel.Writer.TryComplete();
    }

    /// <summary>How many replays have a subscriber (for tests: a closed stream leaves nothing behind).</summary>
    public int WatchedReplays
    {
        get { lock (gate) return subscribers.Count; }
    }

    private sealed class Subscription(InMemoryReplayNotifier owner, (long, string) key) : IReplaySubscription
    {
        public (long, string) Key { get; } = key;

        public Channel<ChunkNotice> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ChunkNotice>(
            new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public ChannelReader<ChunkNotice> Notices => Channel.Reader;

        public void Dispose() => owner.Remove(this);
    }
}
