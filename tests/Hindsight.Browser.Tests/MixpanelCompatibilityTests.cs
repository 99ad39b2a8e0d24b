using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>A site running the real, unmodified mixpanel-browser switches to Hindsight by changing api_host alone.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class MixpanelCompatibilityTests(BrowserSuite suite)
{
    [Fact]
    public async Task Mixpanel_browser_recording_plays_in_the_dashboard_and_its_events_carry_the_replay_id()
    {
        // Mixpanel's own install snippet, pointed at its published bundle (recorder included) instead of its CDN.
        var page = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Compatible checkout</title>
            <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel-with-recorder.min.js";</script>
            <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
            <script>mixpanel.init("{{suite.Server.Token}}", { api_host: "{{suite.Server.Url}}", record_sessions_percent: 100 });</script>
            </head><body>
            <h1>Checkout for a compatible client</h1>
            <button id="buy" onclick="mixpanel.track('Buy clicked', { plan: 'pro' })">Buy</button>
            <input id="coupon" placeholder="Coupon">
            </body></html>
            """);
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(page);
        const string replayIdScript = "() => window.mixpanel?.get_session_recording_properties?.().$mp_replay_id";
        await site.WaitForFunctionAsync(replayIdScript, null, new() { Timeout = 15_000 });
        var replayId = await site.EvaluateAsync<string>(replayIdScript);
        var distinctId = await site.EvaluateAsync<string>("() => mixpanel.get_distinct_id()");

        await site.Mouse.MoveAsync(120, 90, new() { Steps = 8 });
        await site.Locator("#buy").ClickAsync();
        await site.Locator("#coupon").PressSequentiallyAsync("SPRING", new() { Delay = 30 });
        await PageTurns.SettledAsync(site); // the observers have reported the click and the typing
        await site.EvaluateAsync("() => mixpanel.stop_session_recording()"); // ends the replay and flushes its batch

        var events = await StoredData.WaitForEventsAsync(suite.Server, distinctId, e => e.Any(x => x.Name == "Buy clicked"));
        Assert.Equal(replayId, events.Single(e => e.Name == "Buy clicked").ReplayId);

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForReplayAsync(distinctId, r => (int)r["clickCount"]! >= 1);

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");
        await Assertions.Expect(dashboard.Stage.Locator("#buy")).ToBeAttachedAsync();
        // mixpanel-browser masks every character, spaces included: the heading keeps its length, nothing else.
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync(new string('*', "Checkout for a compatible client".Length));
    }
}
