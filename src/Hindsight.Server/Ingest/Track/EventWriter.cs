using Hindsight.Server.Analytics.Store;

namespace Hindsight.Server.Ingest.Track;

/// <summary>Stores /track events and the identity links they carry, all or nothing, through the analytics store's one writer.</summary>
public sealed class EventWriter(EventWriteQueue queue, TimeProvider clock)
{
    /// <summary>True once stored and durable; false when the writer's queue is full (nothing stored).</summary>
    public Task<bool> TrySaveAsync(IReadOnlyList<(long ProjectId, TrackedEvent Event)> events)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return queue.TryStoreAsync(new EventWrite(
            events.Select(x => x.Event.AsStored(x.ProjectId, now)).ToList(),
            events.Where(x => x.Event.Link is not null)
                .Select(x => new AnalyticsIdentity(x.ProjectId, x.Event.Link!.AnonId, x.Event.Link.DistinctId, now)).ToList()));
    }
}
