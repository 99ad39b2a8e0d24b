using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>As soon as /record has answered 200, the replay is in the feed and its chunk is served.</summary>
public sealed class WatchableAtOnceTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Right_after_the_200_the_feed_lists_the_replay_and_its_chunk_inflates_to_the_events_sent()
    {
        var batch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 50));
        var dashboard = await factory.SignedInClientAsync();

        (await factory.CreateClient().RecordAsync("at-once", 0, batch, "&distinct_id=visitor-at-once")).EnsureSuccessStatusCode();

        var feed = await dashboard.FeedAsync(factory, "visitor-at-once");
        Assert.Equal("at-once", (string?)Assert.Single(feed)!["replayId"]);

        using var chunk = await dashboard.GetAsync("/api/replays/at-once/chunks/0");
        Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
        Assert.Equal(["gzip"], chunk.Content.Headers.ContentEncoding);
        Assert.Equal("application/json", chunk.Content.Headers.ContentType?.MediaType);
        Assert.True(chunk.Headers.CacheControl is { Private: true, NoCache: true }, $"Cache-Control: {chunk.Headers.CacheControl}");
        Assert.NotNull(chunk.Headers.ETag);
        var events = Encoding.UTF8.GetString(Sdk.Gunzip(await chunk.Content.ReadAsByteArrayAsync()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(batch), JsonNode.Parse(events)));
    }

    [Fact]
    public async Task The_detail_lists_chunks_in_seq_order_with_their_figures()
    {
        var http = factory.CreateClient();
        (await http.RecordAsync("detail", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 10_000), Rrweb.Input(Rrweb.T0 + 12_000)))).EnsureSuccessStatusCode();
        (await http.RecordAsync("detail", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        var detail = await (await factory.SignedInClientAsync()).GetJsonAsync("/api/replays/detail");

        Assert.Equal("detail", (string?)detail["replayId"]);
        Assert.Equal(12_000, (long)detail["durationMs"]!);
        var chunks = detail["chunks"]!.AsArray();
        Assert.Equal([0L, 1L], chunks.Select(c => (long)c!["seq"]!));
        Assert.Equal(Rrweb.T0 + 10_000, (long)chunks[1]!["firstTimestamp"]!);
        Assert.Equal(Rrweb.T0 + 12_000, (long)chunks[1]!["lastTimestamp"]!);
        Assert.Equal(2, (long)chunks[1]!["eventCount"]!);
        Assert.True((long)chunks[1]!["bytes"]! > 0);
    }

    [Fact]
    public async Task A_chunk_revalidated_with_its_ETag_answers_304()
    {
        (await factory.CreateClient().RecordAsync("etag", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        var dashboard = await factory.SignedInClientAsync();
        using var first = await dashboard.GetAsync("/api/replays/etag/chunks/0");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/replays/etag/chunks/0");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await dashboard.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task A_replaced_chunk_gets_a_new_ETag()
    {
        var http = factory.CreateClient();
        var dashboard = await factory.SignedInClientAsync();
        (await http.RecordAsync("etag-change", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        var before = (await dashboard.GetAsync("/api/replays/etag-change/chunks/0")).Headers.ETag;
        (await http.RecordAsync("etag-change", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 9)))).EnsureSuccessStatusCode();
        var after = (await dashboard.GetAsync("/api/replays/etag-change/chunks/0")).Headers.ETag;

        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData("/api/replays/no-such-replay", "replay_not_found")]
    [InlineData("/api/replays/no-such-replay/chunks/0", "replay_not_found")]
    [InlineData("/api/replays/known/chunks/7", "chunk_not_found")]
    public async Task Unknown_replays_and_chunks_answer_404_JSON(string path, string error)
    {
        (await factory.CreateClient().RecordAsync("known", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        using var reply = await (await factory.SignedInClientAsync()).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task A_chunk_seq_that_is_not_a_number_answers_400_JSON()
    {
        using var reply = await (await factory.SignedInClientAsync()).GetAsync("/api/replays/known/chunks/first");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("invalid_seq", (string?)(await reply.ErrorAsync())["error"]);
    }
}
