namespace Hindsight.Server.Replays;

// Wire shapes of the replay API; they mirror types/src/index.ts (camelCase JSON, times in ms).

public record ReplaySummary(
    long ProjectId,
    string ReplayId,
    string? DistinctId,
    string? DeviceId,
    string? UserId,
    string? UserName,
    string? UserEmail,
    long StartedAt,
    long LastEventAt,
    long DurationMs,
    string? StartUrl,
    IReadOnlyList<string> Urls,
    long EventCount,
    long ClickCount,
    long KeypressCount,
    long Bytes,
    long ChunkCount,
    string? Browser,
    string? Os,
    string? Device,
    long DroppedBatches,
    long DroppedEvents,
    // Still being recorded: its last batch arrived within the live window (Live/LiveOptions.cs).
    bool Live,
    // rrweb/console@1 events of level "error" in its batches, counted at ingestion.
    long ConsoleErrorCount,
    // $mp_rage_click and $mp_dead_click events naming the replay or stitched to it.
    long RageClickCount,
    long DeadClickCount,
    // When the project's retention deletes it: ingestion (its first batch's arrival) plus the retention days.
    long ExpiresAt);

public sealed record ReplayFeedPage(IReadOnlyList<ReplaySummary> Replays, string? NextCursor);

public sealed record ReplayChunkInfo(long Seq, long FirstTimestamp, long LastTimestamp, long EventCount, long Bytes);

/// <summary>Chunks in seq order; MoreChunks says that chunks after the last listed exist (ask with ?after=).</summary>
public sealed record ReplayChunkPage(IReadOnlyList<ReplayChunkInfo> Chunks, bool MoreChunks);

/// <summary>A replay with the first page of its chunk list (<see cref="ChunkListQuery.DetailLimit"/> chunks).</summary>
public sealed record ReplayDetail : ReplaySummary
{
    public ReplayDetail(ReplaySummary summary, ReplayChunkPage chunks) : base(summary) => (Chunks, MoreChunks) = chunks;

    public IReadOnlyList<ReplayChunkInfo> Chunks { get; }

    public bool MoreChunks { get; }
}
