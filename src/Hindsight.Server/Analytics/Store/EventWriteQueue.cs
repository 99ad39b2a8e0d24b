using Hindsight.Server.People;
using System.Threading.Channels;
using Dapper;
using Hindsight.Server.Ingest;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Analytics.Store;

/// <summary>What one request stores: its events and the identity links they carry.</summary>
public sealed record EventWrite(IReadOnlyList<AnalyticsEvent> Events, IReadOnlyList<AnalyticsIdentity> Identities)
{
    /// <summary>What it weighs in the queue: its rows, at least one.</summary>
    public int Size => Math.Max(1, Events.Count + Identities.Count);
}

/// <summary>
/// The one writer of tracked and imported events (group commit, as Ingest/Record/ChunkWriteQueue.cs does for
/// replays). Requests check their events concurrently, queue them here and wait; the writer takes
/// everything queued and stores it as one group: the identity links first in the relational store (the
/// system of record the replay feed reads, People/IdentityResolution.cs), then every event and link in one
/// analytics transaction, and only then answers every waiting request. A DuckDB commit costs 5-50 ms
/// however many rows it holds, so one commit per request would cap ingestion at a few hundred requests a
/// second. Both writes skip what is stored already, so a retry after a crash between them is harmless.
/// The queue is bounded in rows: when it is full, a request is refused at once (the SDK retries later)
/// rather than waiting while more pile up behind it.
/// </summary>
public sealed class EventWriteQueue : IAsyncDisposable
{
    private sealed record Pending(EventWrite Write, TaskCompletionSource Stored);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDatabase relational;
    private readonly IAnalyticsDatabase analytics;
    private readonly ILogger<EventWriteQueue> log;
    private readonly int maxQueued;
    private readonly Task writing;
    private readonly IPersonActivity activity;
    private int queued;

    public EventWriteQueue(IDatabase relational, IAnalyticsDatabase analytics, IPersonActivity activity, IOptions<IngestOptions> options, ILogger<EventWriteQueue> log)
    {
        this.activity = activity;
        this.relational = relational;
        this.analytics = analytics;
        this.log = log;
        maxQueued = options.Value.MaxQueuedEvents;
        writing = Task.Run(WriteAsync);
    }

    /// <summary>
    /// True once the events are durable; false, at once and with nothing stored, when the queue is full.
    /// Throws what stopped them. Once queued, a write is carried to its end: there is no token to cancel it.
    /// </summary>
    public async Task<bool> TryStoreAsync(EventWrite write)
    {
        var size = write.Size;
        var now = Interlocked.Add(ref queued, size);
        // A write larger than the whole bound still goes through alone, or it never could.
        if (now > maxQueued && now != size)
        {
            Interlocked.Add(ref queued, -size);
            return false;
        }
        var pending = new Pending(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref queued, -size);
            throw new ObjectDisposedException(nameof(EventWriteQueue), "The server is stopping.");
        }
        await pending.Stored.Task;
        return true;
    }

    private async Task WriteAsync()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            var group = new List<Pending>();
            while (queue.Reader.TryRead(out var pending)) group.Add(pending);
            try
            {
                await StoreAsync(group.Select(p => p.Write).ToList());
                foreach (var p in group) p.Stored.SetResult();
            }
            catch (Exception groupFailure) when (group.Count > 1)
            {
                log.LogWarning(groupFailure, "Storing {Count} event writes together failed; storing them one at a time.", group.Count);
                foreach (var p in group)
                {
                    try
                    {
                        await StoreAsync([p.Write]);
                        p.Stored.SetResult();
                    }
                    catch (Exception e)
                    {
                        Fail(p, e);
                    }
                }
            }
            catch (Exception e)
            {
                Fail(group[0], e);
            }
            finally
            {
                Interlocked.Add(ref queued, -group.Sum(p => p.Write.Size));
            }
        }
    }

    private void Fail(Pending pending, Exception e)
    {
        log.LogError(e, "{Count} events were not stored.", pending.Write.Events.Count);
        pending.Stored.SetException(e);
    }

    private async Task StoreAsync(IReadOnlyList<EventWrite> writes)
    {
        var identities = writes.SelectMany(w => w.Identities).ToList();
        if (identities.Count > 0)
        {
            await using var connection = await relational.OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync();
            // The first link of an anonymous id stands, as a merge does in Mixpanel.
            await connection.ExecuteAsync("""
                INSERT INTO identities (project_id, anon_id, distinct_id, created_at)
                VALUES (@ProjectId, @AnonId, @DistinctId, @CreatedAt)
                ON CONFLICT (project_id, anon_id) DO NOTHING
                """, identities, transaction);
            await transaction.CommitAsync();
        }
        var events = writes.SelectMany(w => w.Events).ToList();
        await analytics.InsertAsync(events, identities, CancellationToken.None);

        // After both stores: the links just stored decide whose first and last seen each event moves.
        foreach (var project in events.Where(e => e.DistinctId is not null).GroupBy(e => e.ProjectId))
            await activity.RecordAsync(project.Key, project.Select(e => (e.DistinctId!, e.Time)).ToList(), CancellationToken.None);
    }

    /// <summary>Takes no more writes, and returns once every queued one is stored.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writing;
    }
}
