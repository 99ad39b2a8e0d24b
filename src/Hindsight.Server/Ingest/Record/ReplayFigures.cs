using System.Text.Json;
using Hindsight.Server.Replays;

namespace Hindsight.Server.Ingest.Record;

/// <summary>A replays row as the writer reads and writes it, with the highest seq stored (-1 for none).</summary>
internal sealed class StoredReplay : ReplayRow
{
    public long MaxSeq { get; set; } = -1;
    /// <summary>The time of the write, for created_at (new rows) and updated_at.</summary>
    public long Now { get; set; }
}

/// <summary>What one chunk row holds of its batch's figures.</summary>
internal sealed record ChunkFigures(
    int Seq, long FirstTs, long LastTs, long EventCount, long ClickCount, long KeypressCount, long Bytes, List<string> Urls,
    long ConsoleErrorCount = 0);

/// <summary>
/// A replay row as a group of batches changes it, one batch after another, exactly as if each had been
/// written alone. A batch whose seq comes after every chunk's is added to the figures; a repeated or
/// earlier seq has them recomputed from all the replay's chunks, so a replaced batch is never counted
/// twice. The SDK sends a replay's batches in order, so a write almost always adds, and costs the same
/// however long its replay has grown.
/// </summary>
internal sealed class ReplayFigures
{
    private readonly int maxUrls;
    private readonly List<ChunkFigures> applied = []; // this group's chunks, kept for a recompute
    private SortedDictionary<int, ChunkFigures>? chunks; // every chunk, once a recompute was needed
    private List<string> urls;

    /// <param name="row">The stored row, or a new one with nothing counted yet.</param>
    public ReplayFigures(StoredReplay row, int maxUrls)
    {
        Row = row;
        this.maxUrls = maxUrls;
        urls = JsonSerializer.Deserialize<List<string>>(row.Urls) ?? [];
    }

    public StoredReplay Row { get; }

    /// <summary>Whether a batch of this seq replaces or precedes a chunk, so every stored chunk is needed first.</summary>
    public bool NeedsStoredChunks(int seq) => chunks is null && seq <= Row.MaxSeq;

    public void UseStoredChunks(IEnumerable<ChunkFigures> stored)
    {
        chunks = new(stored.ToDictionary(c => c.Seq));
        foreach (var chunk in applied) chunks[chunk.Seq] = chunk;
    }

    public void Apply(ChunkFigures chunk, RecordQuery query, UserAgentInfo agent)
    {
        if (chunks is null)
        {
            Add(chunk);
        }
        else
        {
            chunks[chunk.Seq] = chunk;
            Recompute();
        }
        applied.Add(chunk);
        Row.MaxSeq = Math.Max(Row.MaxSeq, chunk.Seq);

        // Ids come from the latest batch, but a known id is never replaced by a missing one.
        Row.StartUrl = query.ReplayStartUrl ?? Row.StartUrl ?? urls.FirstOrDefault();
        Row.DistinctId = query.DistinctId ?? Row.DistinctId;
        Row.DeviceId = query.DeviceId ?? Row.DeviceId;
        Row.UserId = query.UserId ?? Row.UserId;
        Row.Browser = agent.Browser ?? Row.Browser;
        Row.Os = agent.Os ?? Row.Os;
        Row.Device = agent.Device ?? Row.Device;
        Row.DurationMs = Row.LastEventAt - Row.StartedAt;
        Row.Urls = JsonSerializer.Serialize(urls);
    }

    private void Add(ChunkFigures chunk)
    {
        Row.StartedAt = Row.ChunkCount == 0 ? chunk.FirstTs : Math.Min(Row.StartedAt, chunk.FirstTs);
        Row.LastEventAt = Row.ChunkCount == 0 ? chunk.LastTs : Math.Max(Row.LastEventAt, chunk.LastTs);
        Row.EventCount += chunk.EventCount;
        Row.ClickCount += chunk.ClickCount;
        Row.KeypressCount += chunk.KeypressCount;
        Row.ConsoleErrorCount += chunk.ConsoleErrorCount;
        Row.Bytes += chunk.Bytes;
        Row.ChunkCount++;
        if (urls.Count < maxUrls) urls = DistinctUrls(urls.Concat(chunk.Urls), maxUrls);
    }

    private void Recompute()
    {
        var all = chunks!.Values;
        Row.StartedAt = all.Min(c => c.FirstTs);
        Row.LastEventAt = all.Max(c => c.LastTs);
        Row.EventCount = all.Sum(c => c.EventCount);
        Row.ClickCount = all.Sum(c => c.ClickCount);
        Row.KeypressCount = all.Sum(c => c.KeypressCount);
        Row.ConsoleErrorCount = all.Sum(c => c.ConsoleErrorCount);
        Row.Bytes = all.Sum(c => c.Bytes);
        Row.ChunkCount = all.Count;
        urls = DistinctUrls(all.SelectMany(c => c.Urls), maxUrls);
    }

    /// <summary>URLs as a replay keeps them: each cut to 2,048 characters, distinct, first seen first, at most <paramref name="max"/>.</summary>
    public static List<string> DistinctUrls(IEnumerable<string> urls, int max) =>
        urls.Select(url => url.Length <= 2048 ? url : url[..2048])
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();
}
