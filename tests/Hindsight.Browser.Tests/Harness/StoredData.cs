using System.IO.Compression;
using System.Text;
using Dapper;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Reads what the server stored in its SQLite file: the end of the path from the browser, for checks the
/// dashboard has no screen for yet (the events a page tracked).
/// </summary>
public static class StoredData
{
    public sealed record StoredEvent(string Name, string DistinctId, string? ReplayId, string Properties);

    public static async Task<List<StoredEvent>> EventsAsync(HindsightServer server, string distinctId)
    {
        await using var db = server.OpenDatabase(readOnly: true);
        var rows = await db.QueryAsync<StoredEvent>(
            "SELECT name AS Name, distinct_id AS DistinctId, replay_id AS ReplayId, properties AS Properties " +
            "FROM events WHERE distinct_id = @distinctId ORDER BY time", new { distinctId });
        return rows.ToList();
    }

    /// <summary>Polls until the events stored for the visitor satisfy the condition.</summary>
    public static async Task<List<StoredEvent>> WaitForEventsAsync(HindsightServer server, string distinctId,
        Func<List<StoredEvent>, bool> until, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var events = new List<StoredEvent>();
        while (DateTime.UtcNow < deadline)
        {
            events = await EventsAsync(server, distinctId);
            if (until(events)) return events;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Stored events for {distinctId} never met the condition: " +
            string.Join(", ", events.Select(e => $"{e.Name}→{e.ReplayId}")));
    }

    /// <summary>
    /// Everything the server holds, as one text to search: every value of every row of every table (events,
    /// people, replays…), and every file of the blob folder, gzip inflated — in a segment file, every blob of
    /// it, replaced or not. A secret found nowhere here never reached the server's storage.
    /// </summary>
    public static async Task<string> EverythingAsync(HindsightServer server)
    {
        var text = new StringBuilder();
        await using (var db = server.OpenDatabase(readOnly: true))
        {
            await db.OpenAsync();
            var tables = await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'");
            foreach (var table in tables)
            {
                await using var command = db.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    for (var i = 0; i < reader.FieldCount; i++)
                        text.Append(reader.GetValue(i) switch { byte[] bytes => Readable(bytes), var value => value }).Append('\n');
            }
        }
        var blobs = Path.Combine(server.DataPath, "blobs");
        if (Directory.Exists(blobs))
            foreach (var file in Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                if (file.EndsWith(".seg", StringComparison.Ordinal)) foreach (var blob in SegmentBlobs(bytes)) text.Append(blob).Append('\n');
                else text.Append(Readable(bytes)).Append('\n');
            }
        return text.ToString();
    }

    /// <summary>
    /// A segment file's blobs, each inflated: the server packs them one after another, each between two
    /// record separators (0x1E, Storage/SegmentSpace.cs), and a gzip stream ends where its blob does.
    /// </summary>
    static IEnumerable<string> SegmentBlobs(byte[] segment)
    {
        for (var offset = 1; offset + 2 <= segment.Length; offset++)
        {
            if (segment[offset - 1] != 0x1E || segment[offset] != 0x1f || segment[offset + 1] != 0x8b) continue;
            using var inflated = new MemoryStream();
            try
            {
                using var gzip = new GZipStream(new MemoryStream(segment, offset, segment.Length - offset, writable: false), CompressionMode.Decompress);
                gzip.CopyTo(inflated);
            }
            catch (InvalidDataException)
            {
                // Not a blob's start after all (those bytes fell inside another), or a blob still being written:
                // whatever was inflated is searched all the same.
            }
            yield return Encoding.UTF8.GetString(inflated.ToArray());
        }
    }

    /// <summary>Bytes as text, inflated first when they are gzip (chunks are stored as the browser compressed them).</summary>
    static string Readable(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return Encoding.UTF8.GetString(bytes);
        using var inflated = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) gzip.CopyTo(inflated);
        return Encoding.UTF8.GetString(inflated.ToArray());
    }
}
