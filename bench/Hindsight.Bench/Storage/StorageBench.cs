using Dapper;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Bench.Visit;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Storage;

/// <summary>
/// Item 7: what Hindsight keeps for the two-minute visit. Each visit's requests to the Hindsight server
/// (recording and analytics, in the order the browser sent them, bodies as sent) are sent again to a
/// fresh server of the same build on the embedded default, and its data folder is measured before and
/// after: the chunks' blobs, the disk the blob folder takes, and the SQLite file's growth once its
/// write-ahead log is checkpointed.
/// </summary>
public static class StorageBench
{
    sealed record Stored(long BlobBytes, long BlobDiskBytes, long DatabaseBytes, int Chunks, long DurationMs);

    public static async Task<Section> RunAsync(IReadOnlyList<RecorderVisit> visits, string token)
    {
        var rows = new List<IReadOnlyList<string>>();
        double hindsightPerMinute = double.NaN;
        foreach (var visit in visits.Where(v => v.Recorder.Key is "hindsight" or "mixpanel"))
        {
            var stored = await StoreAgainAsync(visit, token);
            var total = stored.BlobBytes + stored.DatabaseBytes;
            var perMinute = total / VisitBench.RecordedMinutes;
            if (visit.Recorder.Key == "hindsight") hindsightPerMinute = perMinute;
            rows.Add([
                visit.Recorder.Name, $"{stored.DurationMs / 1000.0:0.0} s", Md.Num(stored.Chunks),
                $"{Md.Kb(stored.BlobBytes)} ({Md.Kb(stored.BlobDiskBytes)} on disk)", Md.Kb(stored.DatabaseBytes),
                Md.Kb(total), Md.Kb(perMinute),
            ]);
            Console.Error.WriteLine($"  [7] {visit.Recorder}: {total} bytes stored");
        }
        return new Section(7, "Storage per recorded minute", $"""
            **Goal:** none set; for the record. Hindsight's visit costs {Md.Kb(hindsightPerMinute)} per recorded minute.

            **How:** each visit of item 2 that Hindsight stores (its own SDK's and mixpanel-browser's) is sent again,
            request by request as the browser sent it (/record and /track, /engage), to a fresh server of the same
            build on the embedded default. **Blobs** are the chunks' sizes (and the disk blocks the blob folder's
            segment files take, chunks packed one after another);
            **database** is the SQLite file's growth (pages, with indexes) after a WAL checkpoint — the replay row,
            its chunk rows and the tracked events. Per recorded minute divides by the visit's {VisitBench.RecordedMinutes:0} minutes.

            {Md.Table(["visit recorded by", "replay length as stored", "chunks", "blobs", "database", "total", "per recorded minute"], rows)}
            """);
    }

    static async Task<Stored> StoreAgainAsync(RecorderVisit visit, string token)
    {
        // The same project token as the visit's server: the requests carry it.
        await using var server = await HindsightServer.StartAsync(token);
        using var api = new ServerApi(server);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        var before = await MeasureAsync(server);
        foreach (var sent in visit.Sent.Where(s => s.Kind != Traffic.Other))
        {
            var reply = sent.Kind == Traffic.Recording
                ? await api.RecordRawAsync(RecordBatch.From(sent).Query, sent.Body)
                : await http.PostAsync(sent.PathAndQuery, new ByteArrayContent(sent.Body) { Headers = { { "Content-Type", sent.ContentType ?? "application/x-www-form-urlencoded" } } });
            if (!reply.IsSuccessStatusCode)
                throw new InvalidOperationException($"{sent.PathAndQuery[..Math.Min(80, sent.PathAndQuery.Length)]} ({sent.ContentType}) answered " +
                    $"{(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()} when sent again");
        }
        var after = await MeasureAsync(server);
        await using var db = server.OpenDatabase();
        var (chunks, duration) = await db.QuerySingleAsync<(int, long)>(
            "SELECT chunk_count, duration_ms FROM replays WHERE replay_id = @Id", new { Id = visit.ReplayId });
        return new Stored(after.BlobBytes - before.BlobBytes, after.BlobDiskBytes - before.BlobDiskBytes,
            after.DatabaseBytes - before.DatabaseBytes, chunks, duration);
    }

    static async Task<Stored> MeasureAsync(HindsightServer server)
    {
        var blobs = new DirectoryInfo(Path.Combine(server.DataPath, "blobs"));
        await using var db = server.OpenDatabase();
        await db.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        // Chunks share segment files, padded to whole blocks: their own sizes are in their rows.
        var chunkBytes = await db.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(bytes), 0) FROM replay_chunks");
        var pages = await db.ExecuteScalarAsync<long>("PRAGMA page_count");
        var pageSize = await db.ExecuteScalarAsync<long>("PRAGMA page_size");
        // du counts the blocks the files and their folders take on disk.
        var disk = blobs.Exists ? long.Parse((await Shell.RunAsync("du", "-sB1", blobs.FullName)).Split('\t')[0]) : 0;
        return new Stored(chunkBytes, disk, pages * pageSize, 0, 0);
    }

}
