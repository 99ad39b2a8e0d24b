namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Which blob each chunk row of a group's replays points to, as the group's writes change them: a chunk
/// whose seq is written again stops pointing to its old blob, which the same transaction schedules to be
/// freed (<see cref="Storage.BlobFrees"/>). Only chunks the group replaces are known here: stored ones are read only for a replay that
/// gets a repeated or earlier seq (<see cref="ReplayFigures.NeedsStoredChunks"/>), the only way to replace one.
/// </summary>
internal sealed class ChunkLocators
{
    private readonly Dictionary<(long ProjectId, string ReplayId, long Seq), string> current = [];
    private readonly List<string> replaced = [];

    /// <summary>A stored row, read before any of the group's writes to its replay were applied.</summary>
    public void Stored(long projectId, string replayId, long seq, string locator)
    {
        // An earlier write of this group already replaced it.
        if (!current.TryAdd((projectId, replayId, seq), locator)) replaced.Add(locator);
    }

    public void Written(ChunkWrite write)
    {
        var locator = write.BlobLocator ?? throw new InvalidOperationException("A chunk row is written only once its blob is stored.");
        var key = (write.ProjectId, write.Query.ReplayId, (long)write.Query.Seq);
        if (current.Remove(key, out var previous)) replaced.Add(previous);
        current[key] = locator;
    }

    /// <summary>
    /// The blobs no row points to once the group is written. A store that keeps one object per key answers
    /// the same locator for a seq written again: that one is still pointed to, and stays.
    /// </summary>
    public IReadOnlyList<string> Replaced()
    {
        var kept = current.Values.ToHashSet(StringComparer.Ordinal);
        return replaced.Where(l => !kept.Contains(l)).Distinct(StringComparer.Ordinal).ToList();
    }
}
