using System.Threading.Channels;

namespace Hindsight.Server.Replays.Live;

/// <summary>A chunk just committed: which replay it belongs to, and what the chunk list says of it.</summary>
public sealed record ChunkNotice(long ProjectId, string ReplayId, ReplayChunkInfo Chunk);

/// <summary>
/// Tells open players that a replay got a new chunk. The writer publishes once a group's rows are committed;
/// each live stream subscribes to its replay. The embedded default is in memory
/// (<see cref="InMemoryReplayNotifier"/>); several nodes behind one load balancer need one that crosses
/// processes — PostgreSQL LISTEN/NOTIFY on a channel per project, the notice as its payload — behind this
/// same interface.
/// </summary>
public interface IReplayNotifier
{
    /// <summary>Never waits on subscribers: a slow reader loses its oldest notices, never slows /record.</summary>
    void Publish(ChunkNotice notice);

    /// <summary>Notices for one replay from now on, until the subscription is disposed.</summary>
    IReplaySubscription Subscribe(long projectId, string replayId);
}

public interface IReplaySubscription : IDisposable
{
    ChannelReader<ChunkNotice> Notices { get; }
}
