namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// One accepted batch, ready to be stored: its blob (the gzip bytes as kept, put under <see cref="BlobKey"/>)
/// and what its rows say.
/// </summary>
public sealed record ChunkWrite(
    long ProjectId, RecordQuery Query, BatchSummary Batch, UserAgentInfo Agent, string BlobKey, string Sha256, ReadOnlyMemory<byte> Content)
{
    public long Bytes => Content.Length;

    /// <summary>Where the blob store put the bytes, which the chunk row keeps: known once the blob is stored.</summary>
    public string? BlobLocator { get; init; }
}
