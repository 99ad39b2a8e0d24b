namespace Hindsight.Server.Storage;

/// <summary>One blob of a group stored together.</summary>
public sealed record BlobWrite(string Key, ReadOnlyMemory<byte> Content);

/// <summary>
/// Where replay batches are kept, byte for byte as the browser compressed them. The embedded default is a
/// folder (<see cref="FileBlobStore"/>); an S3-compatible store plugs in behind the same interface.
/// Keys are '/'-separated paths made by <see cref="BlobKeys"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores (or replaces) the blob. Durable when the task completes; safe to repeat.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores (or replaces) a group of blobs, a key that comes twice in the order given (the last stays).
    /// Returns one outcome per blob: null once it is durable, else what went wrong with it alone — one blob
    /// failing leaves the others stored. A blob that failed may be absent, as it was, or replaced but not
    /// durable: nothing may point to it. Stores that can make many writes durable at once (one flush for the
    /// group) override this; the default puts different keys concurrently.
    /// </summary>
    async Task<IReadOnlyList<Exception?>> PutManyAsync(IReadOnlyList<BlobWrite> blobs, CancellationToken cancellationToken)
    {
        var outcomes = new Exception?[blobs.Count];
        var byKey = Enumerable.Range(0, blobs.Count).GroupBy(i => blobs[i].Key, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byKey, cancellationToken, async (writes, ct) =>
        {
            foreach (var i in writes)
            {
                try
                {
                    await using var content = new MemoryStream(blobs[i].Content.ToArray(), writable: false);
                    await PutAsync(blobs[i].Key, content, ct);
                }
                catch (Exception e)
                {
                    outcomes[i] = e;
                }
            }
        });
        return outcomes;
    }

    /// <summary>Opens the blob for reading, or returns null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the blob; removing one that is absent is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
