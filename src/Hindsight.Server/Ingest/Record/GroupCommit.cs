using Hindsight.Server.Storage;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Stores a group of accepted batches together, in two steps: every blob, made durable at once by the blob
/// store; then the rows of those whose blob is durable, in one transaction, each naming where its blob went.
/// Each batch gets its own outcome, and one that fails does not fail the others: a blob failing leaves its
/// batch out of the rows, and a transaction failing is tried again one replay at a time, so only the replay
/// at fault fails. The blobs of the chunks the rows replace are scheduled to be freed in the rows'
/// transaction (<see cref="BlobFrees"/>), so only committed rows free anything.
/// </summary>
public sealed class GroupCommit(IBlobStore blobs, ReplayChunkWriter rows, ILogger<GroupCommit> log)
{
    /// <summary>Both steps; one outcome per batch, in order: null once its blob and rows are durable, else why not.</summary>
    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<ChunkWrite> group, CancellationToken ct) =>
        await StoreRowsAsync(group, await StoreBlobsAsync(group, ct), ct);

    /// <summary>The first step: one outcome per batch, a locator where its blob is durable.</summary>
    public async Task<IReadOnlyList<BlobOutcome>> StoreBlobsAsync(IReadOnlyList<ChunkWrite> group, CancellationToken ct) =>
        await blobs.PutManyAsync(group.Select(w => new BlobWrite(w.BlobKey, w.Content)).ToList(), ct);

    /// <summary>The second step, for the batches whose blob is stored; one outcome per batch, null once its rows are committed too.</summary>
    public async Task<Exception?[]> StoreRowsAsync(IReadOnlyList<ChunkWrite> group, IReadOnlyList<BlobOutcome> stored, CancellationToken ct)
    {
        var outcomes = stored.Select(b => b.Failure).ToArray();
        var located = Enumerable.Range(0, group.Count).Where(i => outcomes[i] is null)
            .Select(i => (Index: i, Write: group[i] with { BlobLocator = stored[i].Locator })).ToList();
        try
        {
            await rows.SaveAsync(located.Select(w => w.Write).ToList(), ct);
        }
        catch (Exception groupFailure)
        {
            log.LogWarning(groupFailure, "Storing the rows of {Count} batches together failed; storing them one replay at a time.", located.Count);
            // A replay's batches stay together: their rows and their blobs must describe the same batch.
            foreach (var replay in located.GroupBy(w => (w.Write.ProjectId, w.Write.Query.ReplayId)))
            {
                try
                {
                    await rows.SaveAsync(replay.Select(w => w.Write).ToList(), ct);
                }
                catch (Exception e)
                {
                    // Nothing of theirs is freed (the transaction that scheduled it rolled back): a store that
                    // keeps one object per key has replaced in place the bytes an older row of the same seq
                    // may still point to.
                    foreach (var (i, _) in replay) outcomes[i] = e;
                }
            }
        }
        return outcomes;
    }
}
