namespace Hindsight.Server.Ingest;

/// <summary>Section "Hindsight:Ingest": the bounds every SDK request is held to.</summary>
public sealed class IngestOptions
{
    public const string Section = "Hindsight:Ingest";

    /// <summary>Largest /record body as sent (compressed or not).</summary>
    public int MaxRecordBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest /record batch once inflated: the gzip bomb bound.</summary>
    public int MaxInflatedBytes { get; set; } = 64 * 1024 * 1024;

    public int MaxEventsPerBatch { get; set; } = 10_000;

    /// <summary>rrweb nests two levels per DOM level, so deep pages need far more than JSON's usual 64.</summary>
    public int MaxRecordJsonDepth { get; set; } = 2048;

    /// <summary>URLs kept per replay (distinct, first seen first).</summary>
    public int MaxUrlsPerReplay { get; set; } = 100;

    /// <summary>
    /// Accepted batches waiting for the writer (Record/ChunkWriteQueue.cs), which stores up to this many as
    /// one group; when it is full, requests wait for room.
    /// </summary>
    public int MaxQueuedBatches { get; set; } = 1_000;

    /// <summary>Largest /track, /engage or /groups body.</summary>
    public int MaxTrackBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Items per /track, /engage or /groups request (the SDKs send up to 50).</summary>
    public int MaxTrackItems { get; set; } = 2_000;

    /// <summary>Properties per event, or per operation of a profile update.</summary>
    public int MaxPropertiesPerItem { get; set; } = 2_000;

    public int MaxTrackJsonDepth { get; set; } = 32;

    /// <summary>Largest /import body, as sent and once inflated (Mixpanel's bound: 10 MB uncompressed).</summary>
    public int MaxImportBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Events per /import request, as Mixpanel takes.</summary>
    public int MaxImportItems { get; set; } = 2_000;

    /// <summary>
    /// Events and identity links waiting for the analytics store's writer (Analytics/Store/EventWriteQueue.cs),
    /// which stores them all as one group; beyond this, /track and /import answer 503 until it catches up.
    /// </summary>
    public int MaxQueuedEvents { get; set; } = 100_000;

    public static bool IsValid(IngestOptions o) =>
        new[] { o.MaxRecordBodyBytes, o.MaxInflatedBytes, o.MaxEventsPerBatch, o.MaxRecordJsonDepth, o.MaxUrlsPerReplay, o.MaxQueuedBatches,
                o.MaxTrackBodyBytes, o.MaxTrackItems, o.MaxPropertiesPerItem, o.MaxTrackJsonDepth, o.MaxQueuedEvents,
                o.MaxImportBytes, o.MaxImportItems }.All(limit => limit > 0);
}
