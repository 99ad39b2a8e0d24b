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
public sealed class GroupCommitTests(RefusingBlobsFactory factory) : IClassFixture<RefusingBlobsFactory>
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
        Assert.Equal(last.Content.ToArray(), await factory.StoredChunkAsync("in-group", 0));
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
        ChunkWrite[] group = [Write(projectId, "blob-ok", 0, BatchOf(0, 1)), Write(projectId, "refused-blob", 0, BatchOf(0, 1)),
                              Write(projectId, "blob-ok", 1, BatchOf(1, 2))];

        var outcomes = await factory.Get<GroupCommit>().WriteAsync(group, CancellationToken.None);

        Assert.Null(outcomes[0]);
        Assert.NotNull(outcomes[1]);
        Assert.Null(outcomes[2]);
        Assert.Equal(2, (await CountsAsync("blob-ok")).ChunkCount);
        Assert.Equal(group[2].Content.ToArray(), await factory.StoredChunkAsync("blob-ok", 1));
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'refused-blob'"));
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
        using var reply = await factory.CreateClient().RecordAsync("refused-by-store", 0, BatchOf(0, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        var error = await reply.ErrorAsync();
        Assert.Equal(500, (int?)error["code"]);
        Assert.Equal("storage_failed", (string?)error["error"]);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'refused-by-store'"));
    }

    [Fact]
    public async Task A_chunk_replaced_in_a_later_group_has_its_old_bytes_freed_once_the_new_row_is_committed()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        var neighbour = Write(projectId, "replaced-later", 0, BatchOf(0, 1));
        await factory.Get<GroupCommit>().WriteAsync([neighbour, Write(projectId, "replaced-later", 1, BatchOf(1, 1))], CancellationToken.None);
        var old = await factory.LocatorAsync("replaced-later", 1);
        var retried = Write(projectId, "replaced-later", 1, BatchOf(1, 3));

        var outcomes = await factory.Get<GroupCommit>().WriteAsync([retried], CancellationToken.None);

        Assert.All(outcomes, Assert.Null);
        Assert.NotEqual(old, await factory.LocatorAsync("replaced-later", 1));
        Assert.Equal(retried.Content.ToArray(), await factory.StoredChunkAsync("replaced-later", 1));
        await FreeWhatIsDueAfterTheGraceAsync();
        // Freed in place: a hole reads as zeros.
        Assert.All((await factory.BlobAsync(old))!, b => Assert.Equal(0, b));
        Assert.Equal(neighbour.Content.ToArray(), await factory.StoredChunkAsync("replaced-later", 0));
    }

    [Fact]
    public async Task A_seq_written_twice_in_one_group_frees_the_first_blob_and_keeps_the_second()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        ChunkWrite[] group = [Write(projectId, "twice-in-group", 0, BatchOf(0, 1)), Write(projectId, "twice-in-group", 0, BatchOf(0, 2))];

        var blobs = await factory.Get<GroupCommit>().StoreBlobsAsync(group, CancellationToken.None);
        var outcomes = await factory.Get<GroupCommit>().StoreRowsAsync(group, blobs, CancellationToken.None);

        Assert.All(outcomes, Assert.Null);
        Assert.Equal(blobs[1].Locator, await factory.LocatorAsync("twice-in-group", 0));
        Assert.Equal(group[1].Content.ToArray(), await factory.StoredChunkAsync("twice-in-group", 0));
        await FreeWhatIsDueAfterTheGraceAsync();
        Assert.All((await factory.BlobAsync(blobs[0].Locator!))!, b => Assert.Equal(0, b));
    }

    /// <summary>What the background drain does once the grace period is over, without waiting for it.</summary>
    private Task FreeWhatIsDueAfterTheGraceAsync() => factory.Get<BlobFreeDrain>().FreeDueAsync(
        DateTimeOffset.UtcNow + factory.Get<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.BlobFreeGrace, CancellationToken.None);

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

    /// <summary>The bytes of every blob the replay's chunk rows point to, each checked against its row's hash.</summary>
    private async Task<long> StoredBytesAsync(string replayId)
    {
        var total = 0L;
        foreach (var chunk in await factory.QueryAsync<(string BlobLocator, string Sha256)>(
                     "SELECT blob_locator, sha256 FROM replay_chunks WHERE replay_id = @replayId", new { replayId }))
        {
            var bytes = (await factory.BlobAsync(chunk.BlobLocator))!;
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
