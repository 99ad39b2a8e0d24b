using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// record_heatmap_data on a real page: while the replay is recorded, clicks, rage clicks and dead clicks are
/// tracked as mixpanel-browser's `$mp_click`, `$mp_rage_click` and `$mp_dead_click`, each with the replay's
/// id; once recording stops, none. The player lists the rage and dead clicks beside the clicks it saw.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class HeatmapDataTests(BrowserSuite suite)
{
    const string Body = """
        <button id="broken">Does nothing</button>
        <button id="works" onclick="document.getElementById('out').textContent = 'clicked ' + Date.now()">Works</button>
        <p id="out"></p>
        """;

    [Fact]
    public async Task Rage_and_dead_clicks_are_tracked_with_the_replay_id_while_recording_and_nothing_after_it_stops()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["record_heatmap_data"] = true, ["record_console"] = false });
        await using var visitor = await suite.NewContextAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(url);
        var replayId = (await SdkSite.ReadyAsync(page))!;
        var distinctId = await SdkSite.DistinctIdAsync(page);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        // The part runs with rrweb, from the first snapshot on.
        await api.WaitForSnapshotsAsync(replayId, 1);

        // The dead click first: a change within 100 ms before a click counts for it, as in mixpanel.
        await page.Locator("#broken").ClickAsync();
        await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Any(e => e.Name == "$mp_dead_click"));
        var works = page.Locator("#works");
        for (var i = 0; i < 4; i++) await works.ClickAsync(new() { Delay = 0 });
        var events = await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Any(e => e.Name == "$mp_rage_click"));

        var rage = events.Single(e => e.Name == "$mp_rage_click");
        Assert.Equal(replayId, rage.ReplayId);
        Assert.Contains("\"$el_id\":\"works\"", rage.Properties);
        // The working button changed the page: only the broken one's click is dead.
        var dead = events.Single(e => e.Name == "$mp_dead_click");
        Assert.Equal(replayId, dead.ReplayId);
        Assert.Contains("\"$el_id\":\"broken\"", dead.Properties);
        Assert.Contains("\"$captured_for_heatmap\":true", dead.Properties);
        Assert.Equal(5, events.Count(e => e.Name == "$mp_click" && e.ReplayId == replayId));

        await page.EvaluateAsync("() => hindsight.stop_session_recording()");
        for (var i = 0; i < 4; i++) await page.Locator("#broken").ClickAsync(new() { Delay = 0 });
        // Past the dead-click judgement, then an event of the page's own, sent after anything those clicks made.
        await page.WaitForTimeoutAsync(1200);
        await page.EvaluateAsync("() => hindsight.track('After stop')");
        events = await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Any(e => e.Name == "After stop"));
        Assert.Equal(5, events.Count(e => e.Name == "$mp_click"));
        Assert.Single(events, e => e.Name == "$mp_dead_click");
        Assert.Single(events, e => e.Name == "$mp_rage_click");

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        var activity = dashboard.Page.GetByTestId("activity-entry");
        await Assertions.Expect(activity.And(dashboard.Page.Locator("[data-kind=rage-click]"))).ToHaveTextAsync(new Regex("Rage click on button#works"));
        await Assertions.Expect(activity.And(dashboard.Page.Locator("[data-kind=dead-click]"))).ToHaveTextAsync(new Regex("Dead click on button#broken"));
        await Assertions.Expect(dashboard.Page.Locator("[data-testid=player-marker][data-kind=rage-click]")).ToHaveCountAsync(1);
    }
}
