using System.IO.Compression;
using System.Text;
using Dapper;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// What the server stored: the events a page tracked (through the dashboard API, while the server runs),
/// and everything at once for the privacy checks (from its files, the server stopped for the read).
/// </summary>
public static class StoredData
{
    public sealed record StoredEvent(string Name, string DistinctId, string? ReplayId, string Properties);

    /// <summary>The events of the person the distinct id belongs to, as the dashboard's activity stream lists them, oldest first.</summary>
    public static async Task<List<StoredEvent>> EventsAsync(HindsightServer server, string distinctId)
    {
        using var api = new ServerApi(server);
        await api.LoginAsync();
        return await EventsAsync(api, distinctId);
    }

    // The replay id is the one the event was stored with ($mp_replay_id), not the activity stream's
    // `replayId`: that one is the replay the event resolves to now (named and stored, or stitched), which a
    // replay not stored yet, or a recording started seconds later, would change.
    static async Task<List<StoredEvent>> EventsAsync(ServerApi api, string distinctId) =>
        (await api.PersonEventsAsync(distinctId)).Select(e => new StoredEvent(
            (string)e["name"]!, distinctId, (string?)e["properties"]?["$mp_replay_id"], e["properties"]?.ToJsonString() ?? "{}")).ToList();

    /// <summary>Polls until the events stored for the visitor satisfy the condition.</summary>
    public static async Task<List<StoredEvent>> WaitForEventsAsync(HindsightServer server, string distinctId,
        Func<List<StoredEvent>, bool> until, int timeoutMs = 20_000)
    {
        using var api = new ServerApi(server);
        await api.LoginAsync();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var events = new List<StoredEvent>();
        while (DateTime.UtcNow < deadline)
        {
            events = await EventsAsync(api, distinctId);
            if (until(events)) return events;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Stored events for {distinctId} never met the condition: " +
            string.Join(", ", events.Select(e => $"{e.Name}→{e.ReplayId}")));
    }

    /// <summary>
    /// Everything the server holds, as one text to search: every value of every row of every table of both
    /// stores (SQLite: people, replays…; the analytics store: events, identity links), and every file of
    /// the blob folder, gzip inflated — in a segment file, every blob of it, replaced or not. A secret found
    /// nowhere here never reached the server's storage. The server is stopped (SIGKILL: what it
    /// acknowledged is on disk) for the read, as DuckDB lets no other process open its file meanwhile, and
    /// started again on the same data and port.
    /// </summary>
    public static async Task<string> EverythingAsync(HindsightServer server)
    {
        server.Kill();
        try
        {
            return await ReadEverythingAsync(server);
        }
        finally
        {
            await server.StartProcessAsync();
        }
    }

    static async Task<string> ReadEverythingAsync(HindsightServer server)
    {
        var text = new StringBuilder();
        await using (var analytics = server.OpenAnalyticsStore())
        {
            await analytics.OpenAsync();
            var tables = (await analytics.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).ToList();
            // Not vacuous: a store that could not be read would otherwise make every secret look absent.
            if (!tables.Contains("events")) throw new InvalidOperationException("The analytics store has no events table.");
            foreach (var table in tables) await AppendRowsAsync(analytics, table, text);
        }
        await using (var db = server.OpenDatabase(readOnly: true))
        {
            await db.OpenAsync();
            var tables = await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'");
            foreach (var table in tables) await AppendRowsAsync(db, table, text);
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

    static async Task AppendRowsAsync(System.Data.Common.DbConnection db, string table, StringBuilder text)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var i = 0; i < reader.FieldCount; i++)
                text.Append(reader.GetValue(i) switch { byte[] bytes => Readable(bytes), var value => value }).Append('\n');
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
