namespace Hindsight.Server.Ingest.Record;

/// <summary>One accepted batch, ready to be stored: its blob (the gzip bytes as kept) and what its rows say.</summary>
public sealed record ChunkWrite(
    long ProjectId, RecordQuery Query, BatchSummary Batch, UserAgentInfo Agent, string BlobKey, string Sha256, ReadOnlyMemory<byte> Content)
{
    public long Bytes => Content.Length;
}
