using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// Issue 12's acceptance, for both SDKs: with console, network, canvas and heatmap data on, a page that logs an
/// error, fails a request, draws on a canvas, dead-clicks and rage-clicks plays in the player with each in its
/// panel and on the timeline, the canvas's picture in the stage, and no recorded script running.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class EveryOptionAcceptanceTests(BrowserSuite suite)
{
    /// <summary>The page, the same for both SDKs; <c>act()</c> logs, fails a request and paints.</summary>
    const string Body = """
        <h1>Everything at once</h1>
        <canvas id="chart" width="80" height="60"></canvas>
        <button id="broken">Does nothing</button>
        <button id="works" onclick="document.getElementById('out').textContent = 'clicked ' + Date.now()">Works</button>
        <p id="out"></p>
        <svg onload="try{window.top.__recordedScriptRan='svg'}catch(e){}"></svg>
        <script>
          if (window.top !== window) window.top.__recordedScriptRan = 'script';
          window.act = async () => {
            console.error('checkout failed', { code: 'E42' });
            await fetch('/echo/500', { method: 'POST', body: '{"sku":"A1"}' });
            const chart = document.getElementById('chart').getContext('2d');
            chart.fillStyle = 'rgb(0, 200, 0)';
            chart.fillRect(0, 0, 80, 60);
          };
        </script>
        """;

    static readonly JsonObject EveryOption = new()
    {
        ["record_sessions_percent"] = 100, ["record_console"] = true, ["record_network"] = true,
        ["record_canvas"] = true, ["record_heatmap_data"] = true, ["batch_flush_interval_ms"] = 500,
    };

    // Reads one pixel of the replayed canvas from the dashboard page: the iframe is same-origin.
    const string ReplayedPixel = """
        () => {
          const canvas = document.querySelector('[data-testid=player-frame] iframe')?.contentDocument?.querySelector('#chart');
          if (!canvas || !canvas.width) return null;
          return Array.from(canvas.getContext('2d').getImageData(40, 30, 1, 1).data);
        }
        """;

    [Theory]
    [InlineData("hindsight")]
    [InlineData("mixpanel")]
    public async Task Everything_recorded_with_every_option_on_shows_in_the_panels_the_timeline_and_the_stage(string sdk)
    {
        var (url, global) = sdk == "hindsight"
            ? (SdkSite.AddPage(suite.Site, suite.Server, Body, EveryOption), "hindsight")
            : (MixpanelPage(), "mixpanel");
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayIdScript = $"() => window.{global}?.get_session_recording_properties?.().$mp_replay_id";
        await site.WaitForFunctionAsync(replayIdScript, null, new() { Timeout = 15_000 });
        var replayId = await site.EvaluateAsync<string>(replayIdScript);
        var distinctId = await site.EvaluateAsync<string>($"() => {global}.get_distinct_id()");
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(replayId, 1);

        await site.EvaluateAsync("() => window.act()");
        // The dead click before the rage clicks: a change just before a click would count for it.
        await site.Locator("#broken").ClickAsync();
        await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Any(e => e.Name == "$mp_dead_click"));
        for (var i = 0; i < 4; i++) await site.Locator("#works").ClickAsync(new() { Delay = 0 });
        await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Any(e => e.Name == "$mp_rage_click"));
        await site.EvaluateAsync($"() => {global}.stop_session_recording()");
        await api.WaitForStoredEventsAsync(replayId, all =>
            all.Any(e => IsPlugin(e, "rrweb/console@1")) && all.Any(e => IsPlugin(e, "rrweb/network@1.mp"))
            && all.Any(e => (int)e["type"]! == 3 && (int?)e["data"]?["source"] == 9) // a canvas frame
            && all.Count(e => (int)e["type"]! == 3 && (int?)e["data"]?["source"] == 2 && (int?)e["data"]?["type"] == 2) >= 5);

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        var page = dashboard.Page;

        // The activity panel and the timeline: every kind the page produced.
        foreach (var kind in new[] { "console-error", "failed-request", "dead-click", "rage-click", "click" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=activity-entry][data-kind={kind}]").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"[data-testid=player-marker][data-kind={kind}]").First).ToBeAttachedAsync();
        }
        await Assertions.Expect(page.Locator("[data-testid=activity-entry][data-kind=rage-click]")).ToContainTextAsync("button#works");
        await Assertions.Expect(page.Locator("[data-testid=activity-entry][data-kind=click]").First).ToContainTextAsync("button#");

        await page.GetByTestId("panel-tab-console").ClickAsync();
        await Assertions.Expect(page.GetByTestId("console-entry").Filter(new() { HasText = "checkout failed" })).ToHaveCountAsync(1);
        await page.GetByTestId("panel-tab-network").ClickAsync();
        var failed = page.Locator("[data-testid=network-entry][data-failed=true]").Filter(new() { HasText = "/echo/500" });
        await Assertions.Expect(failed.GetByTestId("network-status")).ToHaveTextAsync("500");

        // The stage ends on the painted picture, which only canvas frames carry; no recorded script ran.
        await dashboard.WaitForStateAsync("ended", 30_000);
        await page.WaitForFunctionAsync($"() => {{ const p = ({ReplayedPixel})(); return p && p[1] > 150 && p[0] < 60 && p[3] > 200; }}",
            null, new() { Timeout = 15_000 });
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__recordedScriptRan ?? null"));
        Assert.Null(await page.EvaluateAsync<string?>(
            "() => document.querySelector('[data-testid=player-frame] iframe').contentWindow.__recordedScriptRan ?? null"));
        Assert.DoesNotContain("allow-scripts", await page.Locator("[data-testid=player-frame] iframe").GetAttributeAsync("sandbox") ?? "allow-scripts");
    }

    static bool IsPlugin(JsonNode e, string plugin) => (int)e["type"]! == 6 && (string?)e["data"]?["plugin"] == plugin;

    /// <summary>Mixpanel's install snippet with its published bundle (recorder included), pointed at Hindsight.</summary>
    string MixpanelPage()
    {
        var options = EveryOption.DeepClone().AsObject();
        options["api_host"] = suite.Server.Url;
        return suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Every option</title>
            <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel-with-recorder.min.js";</script>
            <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
            <script>mixpanel.init({{JsonSerializer.Serialize(suite.Server.Token)}}, {{options.ToJsonString()}});</script>
            </head><body>{{Body}}</body></html>
            """);
    }
}
