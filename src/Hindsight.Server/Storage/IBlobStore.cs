namespace Hindsight.Server.Storage;

/// <summary>
/// Where replay batches are kept, byte for byte as the browser compressed them. The embedded default is a
/// folder (<see cref="FileBlobStore"/>); an S3-compatible store plugs in behind the same interface.
/// Keys are '/'-separated paths made by <see cref="BlobKeys"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores (or replaces) the blob. Durable when the task completes; safe to repeat.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reading, or returns null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the blob; removing one that is absent is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
