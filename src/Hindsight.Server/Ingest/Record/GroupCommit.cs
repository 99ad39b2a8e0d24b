using Hindsight.Server.Storage;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Stores a group of accepted batches together, in two steps: every blob, made durable at once by the blob
/// store; then the rows of those whose blob is durable, in one transaction. Each batch gets its own
/// outcome, and one that fails does not fail the others: a blob failing leaves its batch out of the rows,
/// and a transaction failing is tried again one replay at a time, so only the replay at fault fails.
/// </summary>
public sealed class GroupCommit(IBlobStore blobs, ReplayChunkWriter rows, ILogger<GroupCommit> log)
{
    /// <summary>Both steps; one outcome per batch, in order: null once its blob and rows are durable, else why not.</summary>
    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<ChunkWrite> group, CancellationToken ct)
    {
        var outcomes = await StoreBlobsAsync(group, ct);
        await StoreRowsAsync(group, outcomes, ct);
        return outcomes;
    }

    /// <summary>The first step: one outcome per batch, null where its blob is durable.</summary>
    public async Task<Exception?[]> StoreBlobsAsync(IReadOnlyList<ChunkWrite> group, CancellationToken ct) =>
        (await blobs.PutManyAsync(group.Select(w => new BlobWrite(w.BlobKey, w.Content)).ToList(), ct)).ToArray();

    /// <summary>The second step, for the batches whose outcome is still null; sets the outcome of those that fail.</summary>
    public async Task StoreRowsAsync(IReadOnlyList<ChunkWrite> group, Exception?[] outcomes, CancellationToken ct)
    {
        var stored = Enumerable.Range(0, group.Count).Where(i => outcomes[i] is null).ToList();
        try
        {
            await rows.SaveAsync(stored.Select(i => group[i]).ToList(), ct);
        }
        catch (Exception groupFailure)
        {
            log.LogWarning(groupFailure, "Storing the rows of {Count} batches together failed; storing them one replay at a time.", stored.Count);
            // A replay's batches stay together: their rows and their blobs must describe the same batch.
            foreach (var replay in stored.GroupBy(i => (group[i].ProjectId, group[i].Query.ReplayId)))
            {
                try
                {
                    await rows.SaveAsync(replay.Select(i => group[i]).ToList(), ct);
                }
                catch (Exception e)
                {
                    foreach (var i in replay) outcomes[i] = e;
                }
            }
        }
    }
}
