using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hindsight.Server.Ingest;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A writer queue of two batches: most batches wait for room, as under heavy load.</summary>
public sealed class TinyQueueFactory : HindsightFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Ingest:MaxQueuedBatches"] = "2",
    };
}

/// <summary>
/// Batches are stored in groups (Ingest/Record/ChunkWriteQueue.cs, GroupCommit.cs): every batch of a group
/// stored and counted exactly once, in order, and a batch that fails failing alone.
/// </summary>
public sealed class GroupCommitTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Many_concurrent_batches_of_several_replays_are_all_stored_and_counted_exactly()
    {
        var http = factory.CreateClient();
        string[] replays = ["many-a", "many-b", "many-c", "many-d", "many-e", "many-f"];
        const int batches = 15;
        // Batch k holds k % 3 + 1 clicks and, from the second, one input; all sent at once.
        var sent = replays.SelectMany(replay => Enumerable.Range(0, batches).Select(seq => (replay, seq, json: BatchOf(seq, seq % 3 + 1)))).ToList();
        var replies = await Task.WhenAll(sent.Select(b => http.RecordAsync(b.replay, b.seq, b.json)));
        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.StatusCode));

        // Then seq 3 of every replay again, with four clicks instead of one, all at once.
        var resent = await Task.WhenAll(replays.Select(replay => http.RecordAsync(replay, 3, BatchOf(3, 4))));
        Assert.All(resent, reply => Assert.Equal(HttpStatusCode.OK, reply.StatusCode));

        var expectedClicks = Enumerable.Range(0, batches).Sum(seq => seq == 3 ? 4 : seq % 3 + 1);
        var expectedEvents = Enumerable.Range(0, batches).Sum(seq => (seq == 0 ? 2 : 1) + (seq == 3 ? 4 : seq % 3 + 1));
        foreach (var replay in replays)
        {
            var row = await factory.QuerySingleAsync<ReplayCounts>(
                "SELECT event_count, click_count, keypress_count, chunk_count, bytes, duration_ms FROM replays WHERE replay_id = @replay", new { replay });
            Assert.Equal(batches, row.ChunkCount);
            Assert.Equal(expectedClicks, row.ClickCount);
            Assert.Equal(batches - 1, row.KeypressCount);
            Assert.Equal(expectedEvents, row.EventCount);
            Assert.Equal((batches - 1) * 1_000 + 500, row.DurationMs);
            Assert.Equal(await StoredBytesAsync(replay), row.Bytes);
        }
    }

    [Fact]
    public async Task A_group_keeps_the_last_of_a_repeated_seq_and_counts_each_chunk_once()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        var first = Write(projectId, "in-group", 0, BatchOf(0, clicks: 1));
        var last = Write(projectId, "in-group", 0, BatchOf(0, clicks: 3));
        ChunkWrite[] group = [first, Write(projectId, "in-group", 1, BatchOf(1, clicks: 2)), last,
                              Write(projectId, "in-group-late", 1, BatchOf(1, clicks: 1)), Write(projectId, "in-group-late", 0, BatchOf(0, clicks: 1))];

        var outcomes = await factory.Get<GroupCommit>().WriteAsync(group, CancellationToken.None);

        Assert.All(outcomes, Assert.Null);
        Assert.Equal(last.Content.ToArray(), await BlobAsync(last.BlobKey));
        var replay = await CountsAsync("in-group");
        Assert.Equal(2, replay.ChunkCount);
        Assert.Equal(5, replay.ClickCount);
        Assert.Equal(2 + 3 + 1 + 2, replay.EventCount); // Meta, FullSnapshot and 3 clicks, then an input and 2 clicks
        Assert.Equal(last.Sha256, await factory.QuerySingleAsync<string>(
            "SELECT sha256 FROM replay_chunks WHERE replay_id = 'in-group' AND seq = 0"));
        // A batch arriving before an earlier seq of its own group: the same figures as in order.
        var late = await CountsAsync("in-group-late");
        Assert.Equal(2, late.ChunkCount);
        Assert.Equal(2, late.ClickCount);
        Assert.Equal(1_500, late.DurationMs);
    }

    [Fact]
    public async Task A_blob_that_cannot_be_written_fails_its_batch_alone()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        var broken = Write(projectId, "blob-fails", 0, BatchOf(0, 1));
        // A folder where the blob's file should go: the file cannot be created.
        Directory.CreateDirectory(Path.Combine(factory.DataPath, "blobs", broken.BlobKey));
        ChunkWrite[] group = [Write(projectId, "blob-ok", 0, BatchOf(0, 1)), broken, Write(projectId, "blob-ok", 1, BatchOf(1, 2))];

        var outcomes = await factory.Get<GroupCommit>().WriteAsync(group, CancellationToken.None);

        Assert.Null(outcomes[0]);
        Assert.NotNull(outcomes[1]);
        Assert.Null(outcomes[2]);
        Assert.Equal(2, (await CountsAsync("blob-ok")).ChunkCount);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'blob-fails'"));
    }

    [Fact]
    public async Task Rows_that_cannot_be_written_fail_their_replay_alone()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        // No such project: its replay row breaks the foreign key, and with it the group's transaction.
        ChunkWrite[] group = [Write(projectId, "rows-ok", 0, BatchOf(0, 1)), Write(987_654, "rows-fail", 0, BatchOf(0, 1)),
                              Write(projectId, "rows-ok", 1, BatchOf(1, 2))];

        var outcomes = await factory.Get<GroupCommit>().WriteAsync(group, CancellationToken.None);

        Assert.Null(outcomes[0]);
        Assert.NotNull(outcomes[1]);
        Assert.Null(outcomes[2]);
        var replay = await CountsAsync("rows-ok");
        Assert.Equal(2, replay.ChunkCount);
        Assert.Equal(3, replay.ClickCount);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'rows-fail'"));
    }

    [Fact]
    public async Task A_batch_that_cannot_be_stored_is_answered_with_a_JSON_500_and_leaves_no_row()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        // A file where the replay's folder should go.
        var folder = Path.Combine(factory.DataPath, "blobs", "replays", projectId.ToString());
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "no-folder"), "in the way");

        using var reply = await factory.CreateClient().RecordAsync("no-folder", 0, BatchOf(0, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        var error = await reply.ErrorAsync();
        Assert.Equal(500, (int?)error["code"]);
        Assert.Equal("storage_failed", (string?)error["error"]);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'no-folder'"));
    }

    /// <summary>Batch <paramref name="seq"/> of a replay: a page start for seq 0, else one input; then the clicks, within 500 ms.</summary>
    private static string BatchOf(int seq, int clicks)
    {
        var t = Rrweb.T0 + seq * 1_000;
        var clickEvents = Enumerable.Range(1, clicks).Select(i => Rrweb.Click(t + 500 * i / clicks)).ToArray();
        return seq == 0 ? Rrweb.Start(t, "https://shop.example/", clickEvents) : Rrweb.Batch([Rrweb.Input(t), .. clickEvents]);
    }

    private static ChunkWrite Write(long projectId, string replayId, int seq, string json)
    {
        var gzip = Sdk.Gzip(json);
        var (summary, _) = BatchParser.Parse(Encoding.UTF8.GetBytes(json), 10_000, 2048);
        var query = new RecordQuery(replayId, seq, BatchFormat.Gzip, null, null, null, null, null);
        return new ChunkWrite(projectId, query, summary!, UserAgentInfo.Unknown, BlobKeys.ReplayChunk(projectId, replayId, seq),
            Convert.ToHexStringLower(SHA256.HashData(gzip)), gzip);
    }

    private async Task<byte[]> BlobAsync(string key)
    {
        await using var blob = await factory.Get<IBlobStore>().OpenReadAsync(key, CancellationToken.None);
        var copy = new MemoryStream();
        await blob!.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The bytes of every blob the replay's chunk rows point to, each checked against its row's hash.</summary>
    private async Task<long> StoredBytesAsync(string replayId)
    {
        var total = 0L;
        foreach (var chunk in await factory.QueryAsync<(string BlobKey, string Sha256)>(
                     "SELECT blob_key, sha256 FROM replay_chunks WHERE replay_id = @replayId", new { replayId }))
        {
            var bytes = await BlobAsync(chunk.BlobKey);
            Assert.Equal(chunk.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            total += bytes.Length;
        }
        return total;
    }

    private Task<ReplayCounts> CountsAsync(string replayId) => factory.QuerySingleAsync<ReplayCounts>(
        "SELECT event_count, click_count, keypress_count, chunk_count, bytes, duration_ms FROM replays WHERE replay_id = @replayId", new { replayId });

    private sealed class ReplayCounts
    {
        public long EventCount { get; set; }
        public long ClickCount { get; set; }
        public long KeypressCount { get; set; }
        public long ChunkCount { get; set; }
        public long Bytes { get; set; }
        public long DurationMs { get; set; }
    }
}

/// <summary>When the writer's queue is full, requests wait for room: nothing is refused, nothing lost.</summary>
public sealed class FullQueueTests(TinyQueueFactory factory) : IClassFixture<TinyQueueFactory>
{
    [Fact]
    public async Task Batches_beyond_the_queue_wait_for_room_and_are_all_stored()
    {
        var http = factory.CreateClient();

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(seq => http.RecordAsync("waited",
            seq, seq == 0 ? Rrweb.Start(Rrweb.T0, "https://shop.example/") : Rrweb.Batch(Rrweb.Click(Rrweb.T0 + seq)))));

        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.StatusCode));
        Assert.Equal(40, await factory.QuerySingleAsync<long>("SELECT chunk_count FROM replays WHERE replay_id = 'waited'"));
        Assert.Equal(39, await factory.QuerySingleAsync<long>("SELECT click_count FROM replays WHERE replay_id = 'waited'"));
    }
}
