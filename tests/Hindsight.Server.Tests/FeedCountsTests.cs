using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>Console errors, rage clicks and dead clicks on each feed row, and the feed's filters on them.</summary>
public sealed class FeedCountsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Minute = 60_000, T0 = 1_750_000_000_000;

    private static object Console(long ts, string level, string plugin = "rrweb/console@1") =>
        new { type = 6, timestamp = ts, data = new { plugin, payload = new { level, trace = new[] { "at app.js:1:1" }, payload = new[] { "\"boom\"" } } } };

    private async Task<JsonArray> FeedAsync(HttpClient client, long projectId, string filters = "") =>
        (await client.GetJsonAsync($"/api/replays?project={projectId}&{filters}"))["replays"]!.AsArray();

    private static List<string> Ids(JsonArray rows) => rows.Select(r => (string)r!["replayId"]!).ToList();

    [Fact]
    public async Task Console_errors_are_counted_as_batches_arrive_and_a_batch_sent_again_replaces_its_count()
    {
        var project = await factory.NewProjectAsync("Feed console errors");
        var sdk = factory.CreateClient();
        (await sdk.RecordAsync("errors", 0, Rrweb.Start(T0, "https://shop.example/",
            Console(T0 + 10, "error"), Console(T0 + 20, "warn"), Console(T0 + 30, "error"), Console(T0 + 40, "error", plugin: "rrweb/network@1")),
            token: project.Token)).EnsureSuccessStatusCode();
        (await sdk.RecordAsync("errors", 1, Rrweb.Batch(Console(T0 + 1_000, "error")), token: project.Token)).EnsureSuccessStatusCode();
        (await sdk.RecordAsync("calm", 0, Rrweb.Start(T0 + Minute, "https://shop.example/", Console(T0 + Minute + 10, "log")), token: project.Token))
            .EnsureSuccessStatusCode();
        var client = await factory.SignedInClientAsync();

        var rows = await FeedAsync(client, project.Id);
        Assert.Equal(3, (long)rows.Single(r => (string)r!["replayId"]! == "errors")!["consoleErrorCount"]!);
        Assert.Equal(0, (long)rows.Single(r => (string)r!["replayId"]! == "calm")!["consoleErrorCount"]!);

        // The SDK sent seq 1 again, without the error this time: it is counted once, as it is now.
        (await sdk.RecordAsync("errors", 1, Rrweb.Batch(Rrweb.Click(T0 + 1_000)), token: project.Token)).EnsureSuccessStatusCode();
        Assert.Equal(2, (long)(await client.GetJsonAsync($"/api/replays/errors?project={project.Id}"))["consoleErrorCount"]!);

        Assert.Equal(["errors"], Ids(await FeedAsync(client, project.Id, "hasConsoleErrors=true")));
        Assert.Equal(["calm"], Ids(await FeedAsync(client, project.Id, "hasConsoleErrors=false")));
    }

    [Fact]
    public async Task Rage_and_dead_clicks_named_or_stitched_are_counted_per_replay_and_filter_the_feed()
    {
        var project = await factory.NewProjectAsync("Feed clicks");
        await factory.ReplayAsync(project.Id, "angry", "a", T0, T0 + 10 * Minute);
        await factory.ReplayAsync(project.Id, "stuck", "$device:b", T0 + Minute, T0 + 10 * Minute, deviceId: "$device:b");
        await factory.ReplayAsync(project.Id, "calm", "c", T0 + 2 * Minute, T0 + 10 * Minute);
        await factory.LinkAsync(project.Id, "$device:b", "b");
        await factory.SeedAsync(project.Id,
            new SeedEvent("$mp_rage_click", "a", T0 + Minute, ReplayId: "angry"),
            new SeedEvent("$mp_rage_click", "a", T0 + 2 * Minute, ReplayId: "angry"),
            new SeedEvent("$mp_dead_click", "a", T0 + 3 * Minute, ReplayId: "angry"),
            new SeedEvent("$mp_dead_click", "b", T0 + 5 * Minute),  // no replay id: stitched to b's anonymous replay
            new SeedEvent("$mp_click", "c", T0 + 5 * Minute, ReplayId: "calm"));
        var client = await factory.SignedInClientAsync();

        var rows = (await FeedAsync(client, project.Id)).ToDictionary(r => (string)r!["replayId"]!);
        Assert.Equal((2, 1), ((long)rows["angry"]!["rageClickCount"]!, (long)rows["angry"]!["deadClickCount"]!));
        Assert.Equal((0, 1), ((long)rows["stuck"]!["rageClickCount"]!, (long)rows["stuck"]!["deadClickCount"]!));
        Assert.Equal((0, 0), ((long)rows["calm"]!["rageClickCount"]!, (long)rows["calm"]!["deadClickCount"]!));

        Assert.Equal(["angry"], Ids(await FeedAsync(client, project.Id, "minRageClicks=2")));
        Assert.Equal(["stuck", "angry"], Ids(await FeedAsync(client, project.Id, "minDeadClicks=1")));
        Assert.Equal(["angry"], Ids(await FeedAsync(client, project.Id, "minRageClicks=1&minDeadClicks=1")));
        var filtered = (await FeedAsync(client, project.Id, "minRageClicks=1")).Single()!;
        Assert.Equal(2, (long)filtered["rageClickCount"]!); // counted once, not again for the page
    }

    [Theory]
    [InlineData("hasConsoleErrors=yes", "invalid_has_console_errors")]
    [InlineData("minRageClicks=-1", "invalid_min_rage_clicks")]
    [InlineData("minDeadClicks=many", "invalid_min_dead_clicks")]
    [InlineData("minDeadClicks=1000001", "invalid_min_dead_clicks")]
    public async Task A_malformed_count_filter_is_refused_by_name(string filters, string error)
    {
        using var reply = await (await factory.SignedInClientAsync()).GetAsync($"/api/replays?{filters}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]!);
    }
}
