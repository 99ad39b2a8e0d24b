using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// An opted-out visitor, and a browser that sends Do Not Track, are neither tracked nor recorded: nothing reaches
/// the server but the SDK script the site itself includes — not even a request for remote settings.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class OptOutTests(BrowserSuite suite)
{
    /// <summary>The only request a page may make to the server for such a visitor: the site's own script tag.</summary>
    static readonly string[] SdkScriptOnly = ["/sdk/hindsight.js"];

    string Page(string options, string body, string script = "") => suite.Site.AddPage($$"""
        <!doctype html><html><head><meta charset="utf-8"><title>Consent</title>
        <script src="{{suite.Server.Url}}/sdk/hindsight.js"></script>
        <script>
          hindsight.init("{{suite.Server.Token}}", Object.assign(
            { api_host: "{{suite.Server.Url}}", record_sessions_percent: 100, record_mask_all_text: false, record_mask_all_inputs: false },
            {{options}}));
          {{script}}
        </script>
        </head><body>{{body}}</body></html>
        """);

    /// <summary>What a page does with a visitor: identifies, updates the profile, tracks, asks for a recording.</summary>
    static string Busy(string visitor) => $$"""
        hindsight.identify("{{visitor}}");
        hindsight.people.set({ $name: "{{visitor}}" });
        hindsight.track("Viewed {{visitor}}");
        hindsight.start_session_recording();
        """;

    [Fact]
    public async Task Opting_out_mid_recording_stops_it_drops_what_was_not_sent_and_holds_on_the_next_page()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var visitor = $"opting-out-{run}";
        var next = Page("{ batch_flush_interval_ms: 200, remote_settings_mode: 'fallback' }", $"<input id=\"note\"><p>Next page {run}</p>", Busy(visitor + "-next"));
        // Events wait a minute before they are sent, so the ones tracked before the opt-out are still queued.
        var first = Page("{ batch_flush_interval_ms: 60000, remote_settings_mode: 'fallback' }", $$"""
            <input id="note">
            <button id="decline" onclick="hindsight.opt_out_tracking()">Decline</button>
            <a id="next" href="{{next}}">Next</a>
            """, $"hindsight.identify(\"{visitor}\");");

        await using var context = await suite.NewContextAsync();
        var traffic = ServerTraffic.Watch(context, suite.Server);
        var page = await context.NewPageAsync();
        var firstBatch = page.WaitForResponseAsync(r => r.Url.StartsWith($"{suite.Server.Url}/record/"), new() { Timeout = 20_000 });
        await page.GotoAsync(first);
        await firstBatch; // recording, and its first batch is stored
        await page.EvaluateAsync($"() => hindsight.track('Queued before opt-out {run}')");
        await page.Locator("#note").PressSequentiallyAsync($"typed-before-{run}");
        var before = traffic.Paths.Count;

        await page.Locator("#decline").ClickAsync();
        await page.Locator("#note").PressSequentiallyAsync($"typed-after-{run}");
        await page.Locator("#next").ClickAsync(); // page hide: the moment queued data would be beaconed
        await page.WaitForURLAsync(next);
        await page.Locator("#note").PressSequentiallyAsync($"typed-next-{run}");
        // Proves an absence, so it takes time: ten of the next page's 200 ms flushes, had anything been queued.
        // No later request of the SDK's could mark that time instead: an opted-out visitor's page sends none.
        await page.WaitForTimeoutAsync(2_000);

        Assert.Contains("/record/", traffic.Paths.Take(before));
        Assert.Equal(SdkScriptOnly, traffic.Paths.Skip(before));
        Assert.True(await page.EvaluateAsync<bool>("() => hindsight.has_opted_out_tracking()"));
        // Nothing of the replay waits in the browser either: no batch, no registry entry.
        Assert.Equal((0, 0), await BrowserStorage.CountsAsync(page));
        var stored = await StoredData.EverythingAsync(suite.Server);
        foreach (var unsent in new[] { $"typed-before-{run}", $"typed-after-{run}", $"typed-next-{run}", $"Queued before opt-out {run}", $"{visitor}-next" })
            Assert.DoesNotContain(unsent, stored);
    }

    [Fact]
    public async Task An_opt_out_in_another_tab_during_an_outage_deletes_what_waited_and_none_of_it_arrives_when_the_server_is_back()
    {
        // A server of its own: this test kills it. The site hosts the SDK, as a site may.
        await using var server = await HindsightServer.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        var options = new JsonObject { ["record_sessions_percent"] = 100, ["record_mask_all_inputs"] = false };
        var recording = SdkSite.AddPage(suite.Site, server, "<input id=\"note\">", options, selfHosted: true);
        var consent = SdkSite.AddPage(suite.Site, server,
            "<button id=\"decline\" onclick=\"hindsight.opt_out_tracking()\">Decline</button>", options, selfHosted: true);
        await using var visitor = await suite.NewContextAsync();
        var traffic = ServerTraffic.Watch(visitor, server);
        var first = await visitor.NewPageAsync();
        await first.GotoAsync(recording);
        var replayId = (await SdkSite.ReadyAsync(first))!;
        using (var api = new ServerApi(server))
        {
            await api.LoginAsync();
            await api.WaitForChunksAsync(replayId, chunks => chunks.Count >= 1); // seq 0 arrived before the outage
        }

        server.Kill();
        await first.Locator("#note").PressSequentiallyAsync($"typed-while-down-{run}");
        await first.EvaluateAsync($"() => hindsight.track('Tracked while down {run}')");
        // The typing waits in IndexedDB once the next batch is sealed (every 10 s).
        Assert.True((await BrowserStorage.WaitForCountsAsync(first, counts => counts.Batches > 0)).Batches > 0);

        var second = await visitor.NewPageAsync();
        await second.GotoAsync(consent);
        await SdkSite.ReadyAsync(second);
        await second.Locator("#decline").ClickAsync();
        // Every replay of the site waiting in this browser is gone, the other tab's included.
        Assert.Equal((0, 0), await BrowserStorage.WaitForCountsAsync(second, counts => counts == (0, 0), TimeSpan.FromSeconds(10)));
        // What either tab had started against the dead server has failed by now, before the mark is taken.
        await traffic.WaitUntilQuietAsync(TimeSpan.FromMilliseconds(250));
        var optedOutAt = traffic.Paths.Count;

        await first.Locator("#note").PressSequentiallyAsync($"-typed-after-{run}");
        await server.StartProcessAsync();
        // As when the network comes back: the recording tab's uploader tries again at once, finds the visitor
        // opted out, and the tab's replay ends there.
        await first.EvaluateAsync("() => dispatchEvent(new Event('online'))");
        await first.WaitForFunctionAsync("() => !hindsight.get_session_recording_properties().$mp_replay_id", null,
            new() { Timeout = 15_000 });
        // The replay has ended and nothing of it is stored: nothing is left that could be sent later. What
        // was already under way would show as a request in flight.
        Assert.Equal((0, 0), await BrowserStorage.CountsAsync(first));
        await traffic.WaitUntilQuietAsync(TimeSpan.FromMilliseconds(250));

        Assert.Empty(traffic.Paths.Skip(optedOutAt));
        var stored = await StoredData.EverythingAsync(server);
        foreach (var unsent in new[] { $"typed-while-down-{run}", $"typed-after-{run}", $"Tracked while down {run}" })
            Assert.DoesNotContain(unsent, stored);
    }

    [Theory]
    [InlineData("Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })")]
    [InlineData("Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => 'yes' })")]
    [InlineData("Object.defineProperty(window, 'doNotTrack', { value: '1' })")]
    public async Task A_browser_sending_Do_Not_Track_is_neither_tracked_nor_recorded(string doNotTrack)
    {
        var visitor = $"dnt-{Guid.NewGuid():N}";
        await using var context = await suite.NewContextAsync();
        await context.AddInitScriptAsync(doNotTrack);
        var traffic = ServerTraffic.Watch(context, suite.Server);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Page("{ batch_flush_interval_ms: 200, remote_settings_mode: 'strict' }", "<input id=\"note\">", Busy(visitor)));
        await page.Locator("#note").PressSequentiallyAsync(visitor);
        // Proves an absence, so it takes time: ten 200 ms flushes, had anything been queued. Such a visitor's
        // page sends nothing at all, so no later request could mark that time instead.
        await page.WaitForTimeoutAsync(2_000);

        Assert.True(await page.EvaluateAsync<bool>("() => hindsight.has_opted_out_tracking()"));
        Assert.Equal(SdkScriptOnly, traffic.Paths);
        Assert.DoesNotContain(visitor, await StoredData.EverythingAsync(suite.Server));
    }

    [Fact]
    public async Task A_site_that_sets_ignore_dnt_records_a_Do_Not_Track_browser_as_any_other()
    {
        var visitor = $"dnt-ignored-{Guid.NewGuid():N}";
        await using var context = await suite.NewContextAsync();
        await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })");
        var traffic = ServerTraffic.Watch(context, suite.Server);
        var page = await context.NewPageAsync();
        var recorded = page.WaitForResponseAsync(r => r.Url.StartsWith($"{suite.Server.Url}/record/"), new() { Timeout = 20_000 });
        await page.GotoAsync(Page("{ batch_flush_interval_ms: 200, ignore_dnt: true }", "<p>Hello</p>", Busy(visitor)));
        await recorded;

        var events = await StoredData.WaitForEventsAsync(suite.Server, visitor, e => e.Any(x => x.Name == $"Viewed {visitor}"));
        Assert.Contains(events, e => e.Name == $"Viewed {visitor}");
        Assert.Contains("/sdk/hindsight-recorder.js", traffic.Paths);
    }
}
