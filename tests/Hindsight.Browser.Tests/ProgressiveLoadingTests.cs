using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>Long replays start at once: playback begins with the first chunk, not after the whole download.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class ProgressiveLoadingTests(BrowserSuite suite)
{
    [Fact]
    public async Task Playback_starts_with_the_first_chunk_and_a_seek_past_the_loaded_part_lands_once_it_arrives()
    {
        var (replayId, distinctId) = await RecordThreeChunksAsync();
        await using var teammate = await suite.NewContextAsync();
        var page = await teammate.NewPageAsync();
        var release = new TaskCompletionSource();
        // Hold back every chunk after the first, as a slow network would.
        await page.RouteAsync(url => url.Contains($"/api/replays/{replayId}/chunks/") && !url.Contains("/chunks/0"),
            async route => { await release.Task; await route.ContinueAsync(); });

        var dashboard = new Dashboard(page, suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");
        Assert.Equal("1", await dashboard.PlayerAttributeAsync("data-loaded-chunks"));
        Assert.Equal("3", await dashboard.PlayerAttributeAsync("data-total-chunks"));
        Assert.Equal(14_850, await dashboard.TotalMsAsync()); // the last mouse move is 14.85 s after the Meta event

        await dashboard.SeekToFractionAsync(0.9);
        await dashboard.WaitForStateAsync("loading");
        release.SetResult();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=player]').getAttribute('data-loaded-chunks') === '3'");
        await page.WaitForFunctionAsync("() => ['playing', 'ended'].includes(document.querySelector('[data-testid=player]').getAttribute('data-state'))");
        Assert.InRange(await dashboard.CurrentMsAsync(), 13_000, 15_000);
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Third part");
    }

    [Fact]
    public async Task A_replay_longer_than_its_detail_lists_opens_at_a_moment_near_its_end()
    {
        // 130 one-second chunks: the detail lists the first 100, the player lists the rest itself.
        const int chunks = 130;
        var replayId = $"longer-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        using var api = new ServerApi(suite.Server);
        for (var seq = 0; seq < chunks; seq++)
        {
            var from = t0 + seq * 1_000;
            var events = seq == 0 ? PlainPage(from, "Part 1") : [ChangeText(from, 11, $"Part {seq + 1}")];
            foreach (var e in Activity(from + 100, from + 900, stepMs: 400)) events.Add(e!.DeepClone());
            (await api.RecordAsync(replayId, seq, events.ToJsonString())).EnsureSuccessStatusCode();
        }
        await api.LoginAsync();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await dashboard.Page.GotoAsync($"{suite.Server.Url}/replays/{replayId}?project={await api.DefaultProjectIdAsync()}&t=125500");

        await dashboard.WaitForStateAsync("paused", timeoutMs: 30_000);
        Assert.Equal(125_500, await dashboard.CurrentMsAsync());
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Part 126");
        Assert.Equal($"{chunks}", await dashboard.PlayerAttributeAsync("data-total-chunks"));
        await dashboard.Page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=player]').getAttribute('data-loaded-chunks') === '{chunks}'");
    }

    /// <summary>A replay of about 15 seconds in three 5-second chunks; the heading changes at the start of each.</summary>
    async Task<(string ReplayId, string DistinctId)> RecordThreeChunksAsync()
    {
        var replayId = $"long-{Guid.NewGuid():N}";
        var distinctId = $"viewer-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 120_000;
        using var api = new ServerApi(suite.Server);
        string[] headings = ["First part", "Second part", "Third part"];
        for (var seq = 0; seq < 3; seq++)
        {
            var from = t0 + seq * 5_000;
            var events = seq == 0 ? PlainPage(from, headings[0]) : [ChangeText(from, 11, headings[seq])];
            foreach (var e in Activity(from + 100, from + 4_900)) events.Add(e!.DeepClone());
            (await api.RecordAsync(replayId, seq, events.ToJsonString(), distinctId)).EnsureSuccessStatusCode();
        }
        return (replayId, distinctId);
    }

    static JsonObject ChangeText(long timestamp, int nodeId, string text) => new()
    {
        ["type"] = 3, ["timestamp"] = timestamp, ["data"] = new JsonObject
        {
            ["source"] = 0, ["adds"] = new JsonArray(), ["removes"] = new JsonArray(), ["attributes"] = new JsonArray(),
            ["texts"] = new JsonArray(new JsonObject { ["id"] = nodeId, ["value"] = text }),
        },
    };
}
