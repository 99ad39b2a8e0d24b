using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>What /record stores, with the default limits.</summary>
public sealed class RecordTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Record_answers_200_with_the_JSON_the_SDK_expects()
    {
        using var reply = await factory.CreateClient().RecordAsync("reply-shape", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("""{"code":200,"status":"OK"}""", await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Record_with_repeated_seq_keeps_the_latest_batch()
    {
        var http = factory.CreateClient();
        var first = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 100));
        var retried = Rrweb.Start(Rrweb.T0, "https://shop.example/",
            Rrweb.Click(Rrweb.T0 + 100), Rrweb.Click(Rrweb.T0 + 200), Rrweb.Input(Rrweb.T0 + 300), Rrweb.MouseMove(Rrweb.T0 + 4_000));

        (await http.RecordAsync("retried", 0, first)).EnsureSuccessStatusCode();
        (await http.RecordAsync("retried", 0, retried)).EnsureSuccessStatusCode();

        Assert.Equal(retried, Encoding.UTF8.GetString(Sdk.Gunzip(await StoredBlobAsync("retried", 0))));
        var replay = await ReplayAsync("retried");
        Assert.Equal(6, replay.EventCount);
        Assert.Equal(2, replay.ClickCount);
        Assert.Equal(1, replay.KeypressCount);
        Assert.Equal(1, replay.ChunkCount);
        Assert.Equal(4_000, replay.DurationMs);
        Assert.Equal((await StoredBlobAsync("retried", 0)).Length, replay.Bytes);
    }

    [Fact]
    public async Task A_repeated_seq_among_others_changes_the_counts_by_the_difference_only()
    {
        var http = factory.CreateClient();
        (await http.RecordAsync("difference", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 10)))).EnsureSuccessStatusCode();
        (await http.RecordAsync("difference", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 20), Rrweb.Click(Rrweb.T0 + 30)))).EnsureSuccessStatusCode();
        (await http.RecordAsync("difference", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 20)))).EnsureSuccessStatusCode();

        var replay = await ReplayAsync("difference");
        Assert.Equal(4, replay.EventCount);
        Assert.Equal(2, replay.ClickCount);
        Assert.Equal(2, replay.ChunkCount);
    }

    [Fact]
    public async Task A_gzip_batch_is_stored_byte_for_byte_as_the_browser_sent_it()
    {
        var sent = Sdk.Gzip(Rrweb.Start(Rrweb.T0, "https://shop.example/"));
        (await factory.CreateClient().RecordRawAsync("/record/?replay_id=as-sent&seq=0&format=gzip", sent)).EnsureSuccessStatusCode();

        Assert.Equal(sent, await StoredBlobAsync("as-sent", 0));
    }

    [Fact]
    public async Task Format_body_is_accepted_and_stored_gzipped()
    {
        var batch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 5));
        using var reply = await factory.CreateClient().RecordRawAsync("/record/?replay_id=plain&seq=0&format=body", Encoding.UTF8.GetBytes(batch));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var stored = await StoredBlobAsync("plain", 0);
        Assert.Equal([0x1F, 0x8B], stored[..2]);
        Assert.Equal(batch, Encoding.UTF8.GetString(Sdk.Gunzip(stored)));
        Assert.Equal(1, (await ReplayAsync("plain")).ClickCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_format_the_body_is_recognised_by_its_first_bytes(bool gzipped)
    {
        var batch = Rrweb.Start(Rrweb.T0, "https://shop.example/");
        var replayId = $"sniffed-{gzipped}";
        var body = gzipped ? Sdk.Gzip(batch) : Encoding.UTF8.GetBytes(batch);

        using var reply = await factory.CreateClient().RecordRawAsync($"/record?replay_id={replayId}&seq=0", body);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(batch, Encoding.UTF8.GetString(Sdk.Gunzip(await StoredBlobAsync(replayId, 0))));
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_under_the_default_limit_of_64_MiB()
    {
        var bomb = Sdk.Gzip("[" + new string(' ', 64 * 1024 * 1024) + "]");
        Assert.True(bomb.Length < 1024 * 1024);

        using var reply = await factory.CreateClient().RecordRawAsync("/record/?replay_id=bomb&seq=0&format=gzip", bomb);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        Assert.Equal("inflated_too_large", (string?)(await reply.ErrorAsync())["error"]);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays WHERE replay_id = 'bomb'"));
    }

    [Fact]
    public async Task A_batch_of_the_largest_default_size_is_accepted()
    {
        // 10,000 events, the default bound, in one batch.
        var events = Enumerable.Range(0, 10_000).Select(i => Rrweb.MouseMove(Rrweb.T0 + i)).ToArray();
        using var reply = await factory.CreateClient().RecordAsync("largest", 0, Rrweb.Batch(events));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(10_000, (await ReplayAsync("largest")).EventCount);
    }

    [Fact]
    public async Task Replay_ids_with_dots_colons_and_dashes_are_stored_and_served()
    {
        const string replayId = "0190a1b2-c3d4.e5f6:7890_ab";
        (await factory.CreateClient().RecordAsync(replayId, 3, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        var dashboard = await factory.SignedInClientAsync();
        using var chunk = await dashboard.GetAsync($"/api/replays/{Uri.EscapeDataString(replayId)}/chunks/3");
        Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
    }

    [Fact]
    public async Task Batches_are_appended_to_segment_files_not_stored_one_file_each()
    {
        (await factory.CreateClient().RecordAsync("appended", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        (await factory.CreateClient().RecordAsync("appended", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 10)))).EnsureSuccessStatusCode();

        Assert.StartsWith("segments/", await factory.LocatorAsync("appended", 0));
        Assert.False(Directory.Exists(Path.Combine(factory.DataPath, "blobs", "replays")));
        Assert.All(Directory.GetFiles(Path.Combine(factory.DataPath, "blobs"), "*", SearchOption.AllDirectories),
            file => Assert.EndsWith(".seg", file));
    }

    [Fact]
    public async Task A_chunk_is_served_with_the_length_of_its_blob_alone()
    {
        (await factory.CreateClient().RecordAsync("served", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        (await factory.CreateClient().RecordAsync("served", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 10)))).EnsureSuccessStatusCode();

        using var chunk = await (await factory.SignedInClientAsync()).GetAsync("/api/replays/served/chunks/0");

        var stored = await factory.StoredChunkAsync("served", 0);
        Assert.Equal(stored.Length, chunk.Content.Headers.ContentLength);
        Assert.Equal(stored, await chunk.Content.ReadAsByteArrayAsync());
    }

    private Task<byte[]> StoredBlobAsync(string replayId, int seq) => factory.StoredChunkAsync(replayId, seq);

    private async Task<ReplayFigures> ReplayAsync(string replayId) => await factory.QuerySingleAsync<ReplayFigures>(
        "SELECT event_count, click_count, keypress_count, chunk_count, duration_ms, bytes FROM replays WHERE replay_id = @replayId",
        new { replayId });

    private sealed class ReplayFigures
    {
        public long EventCount { get; set; }
        public long ClickCount { get; set; }
        public long KeypressCount { get; set; }
        public long ChunkCount { get; set; }
        public long DurationMs { get; set; }
        public long Bytes { get; set; }
    }
}
