using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>The feed row of a replay follows its batches: times, URLs, ids, counts, browser.</summary>
public sealed class ReplayMetadataTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const string ChromeOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    [Fact]
    public async Task Counts_times_and_urls_come_from_the_batches()
    {
        var http = factory.CreateClient();
        await RecordAsync(http, "figures", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/",
                Rrweb.Click(Rrweb.T0 + 100), Rrweb.MouseDown(Rrweb.T0 + 150), Rrweb.Input(Rrweb.T0 + 200), Rrweb.Input(Rrweb.T0 + 250)),
            "&replay_start_url=https%3A%2F%2Fshop.example%2F&%24current_url=https%3A%2F%2Fshop.example%2F");
        await RecordAsync(http, "figures", 1, Rrweb.Batch(
                Rrweb.Meta(Rrweb.T0 + 30_000, "https://shop.example/cart"), Rrweb.FullSnapshot(Rrweb.T0 + 30_001),
                Rrweb.Click(Rrweb.T0 + 31_000), Rrweb.Meta(Rrweb.T0 + 40_000, "https://shop.example/")),
            "&%24current_url=https%3A%2F%2Fshop.example%2Fcheckout");

        var replay = await RowAsync("figures");

        Assert.Equal(Rrweb.T0, (long)replay["startedAt"]!);
        Assert.Equal(Rrweb.T0 + 40_000, (long)replay["lastEventAt"]!);
        Assert.Equal(40_000, (long)replay["durationMs"]!);
        Assert.Equal(10, (long)replay["eventCount"]!);
        Assert.Equal(2, (long)replay["clickCount"]!);
        Assert.Equal(2, (long)replay["keypressCount"]!);
        Assert.Equal(2, (long)replay["chunkCount"]!);
        Assert.True((long)replay["bytes"]! > 0);
        Assert.Equal("https://shop.example/", (string?)replay["startUrl"]);
        Assert.Equal(["https://shop.example/", "https://shop.example/cart", "https://shop.example/checkout"],
            replay["urls"]!.AsArray().Select(u => (string?)u));
    }

    [Fact]
    public async Task Without_replay_start_url_the_first_Meta_href_is_the_start_url()
    {
        await RecordAsync(factory.CreateClient(), "meta-start", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/product/7"));

        Assert.Equal("https://shop.example/product/7", (string?)(await RowAsync("meta-start"))["startUrl"]);
    }

    [Fact]
    public async Task Ids_come_from_the_latest_batch_and_a_known_user_id_is_never_lost()
    {
        var http = factory.CreateClient();
        await RecordAsync(http, "ids", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"), "&distinct_id=%24device%3Aabc&%24device_id=abc");
        await RecordAsync(http, "ids", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 5)), "&distinct_id=user-42&%24device_id=abc&%24user_id=user-42");
        await RecordAsync(http, "ids", 2, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 9)), "&distinct_id=user-42&%24device_id=abc");

        var replay = await RowAsync("ids");

        Assert.Equal("user-42", (string?)replay["distinctId"]);
        Assert.Equal("abc", (string?)replay["deviceId"]);
        Assert.Equal("user-42", (string?)replay["userId"]);
    }

    [Fact]
    public async Task Browser_os_and_device_come_from_the_user_agent()
    {
        await RecordAsync(factory.CreateClient(), "agent", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"), userAgent: ChromeOnWindows);

        var replay = await RowAsync("agent");

        Assert.Equal("Chrome", (string?)replay["browser"]);
        Assert.Equal("Windows", (string?)replay["os"]);
        Assert.Equal("Desktop", (string?)replay["device"]);
    }

    [Fact]
    public async Task Batches_arriving_out_of_order_give_the_same_figures()
    {
        var http = factory.CreateClient();
        await RecordAsync(http, "late-start", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 20_000)));
        await RecordAsync(http, "late-start", 0, Rrweb.Start(Rrweb.T0 + 1_000, "https://shop.example/"));

        var replay = await RowAsync("late-start");

        Assert.Equal(Rrweb.T0 + 1_000, (long)replay["startedAt"]!);
        Assert.Equal(19_000, (long)replay["durationMs"]!);
        Assert.Equal("https://shop.example/", (string?)replay["startUrl"]);
    }

    private static async Task RecordAsync(HttpClient http, string replayId, int seq, string batch, string query = "", string? userAgent = null)
    {
        var url = $"/record/?replay_id={replayId}&seq={seq}&format=gzip{query}";
        using var reply = await http.RecordRawAsync(url, Sdk.Gzip(batch),
            adjust: r => { if (userAgent is not null) r.Headers.TryAddWithoutValidation("User-Agent", userAgent); });
        reply.EnsureSuccessStatusCode();
    }

    private async Task<JsonNode> RowAsync(string replayId) =>
        await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/replays/{replayId}");
}
