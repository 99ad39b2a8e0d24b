using System.Diagnostics;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>The spine end to end: a visitor browses the demo shop, a teammate finds and watches the replay.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class DemoReplayTests(BrowserSuite suite)
{
    const string ReplayIdScript = "() => window.hindsight?.get_session_recording_properties?.().$mp_replay_id";

    [Fact]
    public async Task A_demo_visit_is_found_by_distinct_id_and_plays_masked_for_its_whole_length()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var (replayId, distinctId, visitMs) = await VisitTheDemoShopAsync(api);
        Assert.DoesNotContain("brown paper", await AllStoredEventsTextAsync(api, replayId));

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");

        var stage = dashboard.Stage.Locator("body");
        await Assertions.Expect(stage).ToContainTextAsync("**** *** **** **** *******");
        var stageText = await stage.InnerTextAsync();
        Assert.DoesNotContain("Gear for long days outside", stageText);
        Assert.DoesNotContain("Northwind", stageText);
        // rrweb emits the last mouse positions up to 500 ms after the moves, later still on a busy machine.
        Assert.InRange(await dashboard.TotalMsAsync(), visitMs - 1500, visitMs + 1500);
    }

    [Fact]
    public async Task A_copied_link_reopens_the_replay_at_the_same_moment()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var (replayId, distinctId, _) = await VisitTheDemoShopAsync(api);

        await using var teammate = await suite.NewContextAsync();
        await teammate.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = suite.Server.Url });
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");
        await dashboard.Page.GetByTestId("player-play").ClickAsync();
        await dashboard.WaitForStateAsync("paused");
        await dashboard.SeekToFractionAsync(0.6);
        var total = await dashboard.TotalMsAsync();
        await dashboard.Page.WaitForFunctionAsync(
            "t => Math.abs(+document.querySelector('[data-testid=player]').getAttribute('data-current-ms') - 0.6 * t) < 0.05 * t", total);
        var moment = await dashboard.CurrentMsAsync();

        await dashboard.Page.GetByTestId("player-copy-link").ClickAsync();
        var link = await dashboard.Page.GetByTestId("player-link").GetAttributeAsync("href");
        Assert.NotNull(link);
        Assert.Equal(link, await dashboard.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var reopened = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await reopened.Page.GotoAsync(link!);
        await reopened.WaitForStateAsync("paused");
        Assert.Equal(replayId, await reopened.PlayerAttributeAsync("data-replay-id"));
        Assert.InRange(await reopened.CurrentMsAsync(), moment - 250, moment + 250);
    }

    /// <summary>
    /// Clicks, types and moves to a second page of the demo shop, then leaves, and waits until the server holds
    /// the whole visit (the browser must stay open while the page-hide flush is in flight).
    /// </summary>
    async Task<(string ReplayId, string DistinctId, long VisitMs)> VisitTheDemoShopAsync(ServerApi api)
    {
        await using var visitor = await suite.NewContextAsync();
        var shop = await visitor.NewPageAsync();
        await shop.GotoAsync($"{suite.Server.Url}/demo/");
        await shop.WaitForFunctionAsync(ReplayIdScript);
        var clock = Stopwatch.StartNew();
        var replayId = await shop.EvaluateAsync<string>(ReplayIdScript);
        var distinctId = await shop.EvaluateAsync<string>("() => hindsight.get_distinct_id()");

        await shop.Mouse.MoveAsync(300, 260, new() { Steps = 12 });
        await shop.Locator("[data-product=camp-mug] button").ClickAsync();
        await Assertions.Expect(shop.Locator("#cart-count")).ToHaveTextAsync("1"); // the cart took it
        await shop.Locator("[data-product=trail-jacket] h2 a").ClickAsync();
        await shop.WaitForURLAsync("**/product.html?id=trail-jacket");
        await shop.Locator("textarea[name=note]").PressSequentiallyAsync("Please wrap it in brown paper", new() { Delay = 40 });
        await shop.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(shop.Locator(".added")).ToBeVisibleAsync(); // the page answered the submit
        Assert.Equal(replayId, await shop.EvaluateAsync<string>(ReplayIdScript));
        await shop.Mouse.MoveAsync(500, 400, new() { Steps = 5 });
        var visitMs = clock.ElapsedMilliseconds;
        await shop.CloseAsync(new() { RunBeforeUnload = true }); // page hide sends the last batch
        await api.WaitForReplayAsync(distinctId, r => (long)r["durationMs"]! >= visitMs - 1500);
        return (replayId, distinctId, visitMs);
    }

    static async Task<string> AllStoredEventsTextAsync(ServerApi api, string replayId)
    {
        var detail = await api.ReplayAsync(replayId);
        var text = "";
        foreach (var chunk in detail["chunks"]!.AsArray())
            text += (await api.ChunkEventsAsync(replayId, (int)chunk!["seq"]!)).ToJsonString();
        return text;
    }
}
