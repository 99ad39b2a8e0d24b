using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A long replay's detail lists its first 100 chunks; GET /api/replays/{id}/chunks pages through the rest.</summary>
public sealed class ChunkListTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const int LongReplayChunks = 250;
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static bool seeded;

    /// <summary>A replay of 250 chunks, one a second; seq n starts at T0 + n s. Recorded once for the class.</summary>
    private async Task<string> LongReplayAsync()
    {
        const string replayId = "long-replay";
        await Seeding.WaitAsync();
        try
        {
            if (seeded) return replayId;
            var http = factory.CreateClient();
            (await http.RecordAsync(replayId, 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
            for (var seq = 1; seq < LongReplayChunks; seq++)
                (await http.RecordAsync(replayId, seq, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + seq * 1_000), Rrweb.Input(Rrweb.T0 + seq * 1_000 + 500)))).EnsureSuccessStatusCode();
            seeded = true;
            return replayId;
        }
        finally
        {
            Seeding.Release();
        }
    }

    [Fact]
    public async Task The_detail_of_a_long_replay_lists_its_first_100_chunks_and_says_more_exist()
    {
        var replayId = await LongReplayAsync();

        var detail = await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/replays/{replayId}");

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), Seqs(detail));
        Assert.True((bool)detail["moreChunks"]!);
        Assert.Equal(LongReplayChunks, (long)detail["chunkCount"]!);
        Assert.Equal(Rrweb.T0 + (LongReplayChunks - 1) * 1_000 + 500, (long)detail["lastEventAt"]!); // the length is known from the start
    }

    [Fact]
    public async Task A_short_replay_is_listed_whole_in_its_detail()
    {
        (await factory.CreateClient().RecordAsync("short-replay", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        var detail = await (await factory.SignedInClientAsync()).GetJsonAsync("/api/replays/short-replay");

        Assert.Equal([0L], Seqs(detail));
        Assert.False((bool)detail["moreChunks"]!);
    }

    [Fact]
    public async Task Pages_after_the_detail_list_every_remaining_chunk_once_in_seq_order()
    {
        var replayId = await LongReplayAsync();
        var dashboard = await factory.SignedInClientAsync();

        var detail = await dashboard.GetJsonAsync($"/api/replays/{replayId}");
        var seqs = Seqs(detail).ToList();
        for (var more = (bool)detail["moreChunks"]!; more;)
        {
            var page = await dashboard.GetJsonAsync($"/api/replays/{replayId}/chunks?after={seqs[^1]}&limit=60");
            Assert.InRange(page["chunks"]!.AsArray().Count, 1, 60);
            seqs.AddRange(Seqs(page));
            more = (bool)page["moreChunks"]!;
        }

        Assert.Equal(Enumerable.Range(0, LongReplayChunks).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task A_page_carries_each_chunks_times_and_without_after_starts_at_the_first_chunk()
    {
        var replayId = await LongReplayAsync();

        var page = await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/replays/{replayId}/chunks");

        var chunks = page["chunks"]!.AsArray();
        Assert.Equal(LongReplayChunks, chunks.Count); // the default page holds up to 1,000
        Assert.False((bool)page["moreChunks"]!);
        Assert.Equal(Rrweb.T0 + 7_000, (long)chunks[7]!["firstTimestamp"]!);
        Assert.Equal(Rrweb.T0 + 7_500, (long)chunks[7]!["lastTimestamp"]!);
        Assert.Equal(2, (long)chunks[7]!["eventCount"]!);
    }

    [Theory]
    [InlineData("after=-1", "invalid_after")]
    [InlineData("after=first", "invalid_after")]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=1.5", "invalid_limit")]
    public async Task Malformed_parameters_answer_400_JSON(string query, string error)
    {
        using var reply = await (await factory.SignedInClientAsync()).GetAsync($"/api/replays/any/chunks?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task An_unknown_replay_answers_404_and_another_teams_replay_403()
    {
        var other = await factory.Get<ProjectStore>().CreateAsync("Another team", ProjectTokens.Generate(), CancellationToken.None);
        (await factory.CreateClient().RecordAsync("their-replay", 0, Rrweb.Start(Rrweb.T0, "https://other.example/"), token: other.Token)).EnsureSuccessStatusCode();
        var dashboard = await factory.SignedInClientAsync();

        using var unknown = await dashboard.GetAsync("/api/replays/no-such-replay/chunks");
        using var forbidden = await dashboard.GetAsync($"/api/replays/their-replay/chunks?project={other.Id}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("replay_not_found", (string?)(await unknown.ErrorAsync())["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static IEnumerable<long> Seqs(JsonNode page) => page["chunks"]!.AsArray().Select(c => (long)c!["seq"]!);
}
