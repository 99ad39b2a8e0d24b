using System.Threading.Channels;
using Hindsight.Server.Replays;
using Hindsight.Server.Replays.Live;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// The one writer of accepted /record batches (group commit). Requests check and prepare their batch
/// concurrently, then queue it here and wait; the writer takes everything queued, stores it as one group
/// (<see cref="GroupCommit"/>: one flush for all the blobs, one transaction for all the rows) and then
/// answers every waiting request. A flush or a commit costs about the same for one batch as for a hundred,
/// and SQLite takes one writer at a time, so this replaces many writers waiting on each other with one
/// that never waits. The two steps run as a pipeline: while a group's rows are committed, the next
/// group's blobs are written, so a batch's blob is still durable before its rows. The queue is bounded:
/// when it is full, requests wait for room.
/// </summary>
public sealed class ChunkWriteQueue : IAsyncDisposable
{
    private sealed record Pending(ChunkWrite Write, TaskCompletionSource Stored);

    /// <summary>A group whose blobs step is done: where each blob went, or why it did not.</summary>
    private sealed record BlobsDone(List<Pending> Group, IReadOnlyList<BlobOutcome> Blobs);

    private readonly Channel<Pending> queue;
    private readonly Channel<BlobsDone> blobsDone = Channel.CreateBounded<BlobsDone>(
        new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly GroupCommit commit;
    private readonly ILogger<ChunkWriteQueue> log;
    private readonly IReplayNotifier notifier;
    private readonly int maxGroup;
    private readonly Task blobsStep, rowsStep;

    public ChunkWriteQueue(GroupCommit commit, IReplayNotifier notifier, IOptions<IngestOptions> options, ILogger<ChunkWriteQueue> log)
    {
        this.commit = commit;
        this.notifier = notifier;
        this.log = log;
        maxGroup = options.Value.MaxQueuedBatches;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(maxGroup)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        blobsStep = Task.Run(StoreBlobsAsync);
        rowsStep = Task.Run(StoreRowsAsync);
    }

    /// <summary>
    /// Completes once the batch's blob and rows are durable, or throws what stopped them. The token only
    /// covers the wait for room in the queue: once queued, a batch is written to its end.
    /// </summary>
    public async Task StoreAsync(ChunkWrite write, CancellationToken ct)
    {
        var pending = new Pending(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, ct);
        await pending.Stored.Task;
    }

    private async Task StoreBlobsAsync()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            var group = new List<Pending>();
            while (group.Count < maxGroup && queue.Reader.TryRead(out var pending)) group.Add(pending);
            IReadOnlyList<BlobOutcome> blobs;
            try
            {
                blobs = await commit.StoreBlobsAsync(group.Select(p => p.Write).ToList(), CancellationToken.None);
            }
            catch (Exception e)
            {
                blobs = group.Select(_ => BlobOutcome.Failed(e)).ToList();
            }
            await blobsDone.Writer.WriteAsync(new BlobsDone(group, blobs));
        }
        blobsDone.Writer.Complete();
    }

    private async Task StoreRowsAsync()
    {
        await foreach (var (group, blobs) in blobsDone.Reader.ReadAllAsync())
        {
            Exception?[] outcomes;
            try
            {
                outcomes = await commit.StoreRowsAsync(group.Select(p => p.Write).ToList(), blobs, CancellationToken.None);
            }
            catch (Exception e)
            {
                outcomes = blobs.Select(b => b.Failure ?? e).ToArray();
            }
            for (var i = 0; i < group.Count; i++)
            {
                if (outcomes[i] is { } failure)
                {
                    log.LogError(failure, "Batch {Seq} of replay {ReplayId} (project {ProjectId}) was not stored.",
                        group[i].Write.Query.Seq, group[i].Write.Query.ReplayId, group[i].Write.ProjectId);
                    group[i].Stored.SetException(failure);
                }
                else
                {
                    // Before the 200: an open player may ask for the chunk the moment it hears of it.
                    Notify(group[i].Write);
                    group[i].Stored.SetResult();
                }
            }
        }
    }

    private void Notify(ChunkWrite write)
    {
        try
        {
            notifier.Publish(new ChunkNotice(write.ProjectId, write.Query.ReplayId, new ReplayChunkInfo(
                write.Query.Seq, write.Batch.FirstTimestamp, write.Batch.LastTimestamp, write.Batch.EventCount, write.Bytes)));
        }
        catch (Exception e)
        {
            // The batch is stored; a player that missed the notice catches up on the next one.
            log.LogWarning(e, "Telling live players of batch {Seq} of replay {ReplayId} failed.", write.Query.Seq, write.Query.ReplayId);
        }
    }

    /// <summary>Takes no more batches, and returns once every queued one is written.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(blobsStep, rowsStep);
    }
}
