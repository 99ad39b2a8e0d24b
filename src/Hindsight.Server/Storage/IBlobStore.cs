namespace Hindsight.Server.Storage;

/// <summary>One blob of a group stored together.</summary>
public sealed record BlobWrite(string Key, ReadOnlyMemory<byte> Content);

/// <summary>What became of one blob of a group: its locator once it is durable, or what went wrong with it.</summary>
public sealed record BlobOutcome(string? Locator, Exception? Failure)
{
    public static BlobOutcome Stored(string locator) => new(locator, null);
    public static BlobOutcome Failed(Exception failure) => new(null, failure);
}

/// <summary>
/// Where replay batches are kept, byte for byte as the browser compressed them. The embedded default is a
/// folder (<see cref="FileBlobStore"/>); an S3-compatible store plugs in behind the same interface.
/// A blob is written under a key, a '/'-separated path made by <see cref="BlobKeys"/>, and found again by
/// the <b>locator</b> the store answers: what a chunk row keeps. A store that keeps one object per key
/// answers the key itself; the folder store answers where in which segment file the bytes went.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores the blob and returns its locator; durable when the task completes; safe to repeat. Putting
    /// the same key again may answer the same locator (the bytes replaced in place) or a new one (the old
    /// locator still reads the old bytes until it is deleted).
    /// </summary>
    Task<string> PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a group of blobs, a key that comes twice in the order given (its last locator holds the last
    /// bytes). Returns one outcome per blob: its locator once it is durable, else what went wrong with it
    /// alone — one blob failing leaves the others stored. A blob that failed may be absent, as it was, or
    /// replaced but not durable: nothing may point to it. Stores that can make many writes durable at once
    /// (one flush for the group) override this; the default puts different keys concurrently.
    /// </summary>
    async Task<IReadOnlyList<BlobOutcome>> PutManyAsync(IReadOnlyList<BlobWrite> blobs, CancellationToken cancellationToken)
    {
        var outcomes = new BlobOutcome[blobs.Count];
        var byKey = Enumerable.Range(0, blobs.Count).GroupBy(i => blobs[i].Key, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byKey, cancellationToken, async (writes, ct) =>
        {
            foreach (var i in writes)
            {
                try
                {
                    await using var content = new MemoryStream(blobs[i].Content.ToArray(), writable: false);
                    outcomes[i] = BlobOutcome.Stored(await PutAsync(blobs[i].Key, content, ct));
                }
                catch (Exception e)
                {
                    outcomes[i] = BlobOutcome.Failed(e);
                }
            }
        });
        return outcomes;
    }

    /// <summary>
    /// Opens the blob at a locator for reading, seekable and with its Length, or returns null when there is
    /// none. A malformed locator is an error, never a path.
    /// </summary>
    Task<Stream?> OpenReadAsync(string locator, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the blob at a locator; freeing one that is absent, or freed already, is not an error, so it is
    /// safe to repeat and to call from several processes at once (<see cref="BlobFreeDrain"/> relies on it).
    /// Only once no row points to it: what a deleted locator reads afterwards is not defined (the folder
    /// store may answer zeros). Features do not call it themselves: they schedule the free with
    /// <see cref="BlobFrees.ScheduleAsync"/> in the transaction that stops pointing to the blob.
    /// </summary>
    Task DeleteAsync(string locator, CancellationToken cancellationToken);
}
