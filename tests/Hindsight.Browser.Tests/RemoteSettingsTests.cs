using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The project's remote SDK settings (GET /settings): fallback and strict modes, changes on the next page load,
/// manual recording and paused capture. Each test runs a server of its own, whose project settings it sets.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class RemoteSettingsTests(BrowserSuite suite)
{
    const string Body = "<h1>Settings</h1><button id=\"go\">Go</button>";

    static bool IsSettings(string url) => new Uri(url).AbsolutePath == "/settings/";

    async Task<(IPage Page, string? ReplayId)> VisitAsync(IBrowserContext visitor, string url)
    {
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(url);
        return (page, await SdkSite.ReadyAsync(page));
    }

    [Fact]
    public async Task Fallback_keeps_the_local_config_when_settings_fail_or_are_slow_and_strict_then_records_nothing()
    {
        await using var server = await HindsightServer.StartAsync();
        // The server would say "record nothing": a page that waited for it would not record.
        await AsAdminAsync(server, api => api.SetSettingsAsync(recordSessionsPercent: 0));
        var fallback = SdkSite.AddPage(suite.Site, server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["remote_settings_mode"] = "fallback" });
        var strict = SdkSite.AddPage(suite.Site, server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["remote_settings_mode"] = "strict" });

        await using (var failing = await suite.NewContextAsync())
        {
            await failing.RouteAsync(IsSettings, route => route.AbortAsync());
            Assert.NotNull((await VisitAsync(failing, fallback)).ReplayId);
            var (page, replayId) = await VisitAsync(failing, strict);
            Assert.Null(replayId);
            var requests = SdkSite.WatchRecordRequests(page);
            await page.Locator("#go").ClickAsync();
            // Proves an absence, so it takes time: past the 1 s after which a recording sends its first batch.
            // A page that records nothing sends no later /record request that could mark that time instead.
            await page.WaitForTimeoutAsync(2000);
            Assert.Empty(requests);
        }
        await using (var slow = await suite.NewContextAsync())
        {
            // Answered after 1.5 s: past the SDK's 500 ms budget, so fallback goes on without it.
            await slow.RouteAsync(IsSettings, async route => { await Task.Delay(1500); await route.ContinueAsync(); });
            Assert.NotNull((await VisitAsync(slow, fallback)).ReplayId);
            Assert.Null((await VisitAsync(slow, strict)).ReplayId);
        }
        await using (var answered = await suite.NewContextAsync())
        {
            Assert.Null((await VisitAsync(answered, fallback)).ReplayId); // the server's 0 % applies
        }
    }

    [Fact]
    public async Task Strict_mode_records_with_the_server_s_settings_and_not_when_the_project_has_none()
    {
        await using var server = await HindsightServer.StartAsync();
        var strict = SdkSite.AddPage(suite.Site, server, Body,
            new JsonObject { ["record_sessions_percent"] = 0, ["remote_settings_mode"] = "strict" });
        await using var visitor = await suite.NewContextAsync();
        Assert.Null((await VisitAsync(visitor, strict)).ReplayId); // an empty config: {"sdk_config":{"config":{}}}
        await AsAdminAsync(server, api => api.SetSettingsAsync(recordSessionsPercent: 100));
        Assert.NotNull((await VisitAsync(visitor, strict)).ReplayId);
    }

    [Fact]
    public async Task A_change_to_the_project_s_settings_takes_effect_on_the_next_page_load()
    {
        await using var server = await HindsightServer.StartAsync();
        var url = SdkSite.AddPage(suite.Site, server, Body, new JsonObject { ["remote_settings_mode"] = "fallback" });
        await using var visitor = await suite.NewContextAsync();
        var (page, before) = await VisitAsync(visitor, url);
        Assert.Null(before);
        await AsAdminAsync(server, api => api.SetSettingsAsync(recordSessionsPercent: 100, recordMinMs: 1000));
        Assert.Null(await page.EvaluateAsync<string?>("() => hindsight.get_session_recording_properties().$mp_replay_id || null"));
        await page.ReloadAsync();
        Assert.NotNull(await SdkSite.ReadyAsync(page));
        Assert.Equal(1000, await page.EvaluateAsync<int>("() => hindsight.get_config('record_min_ms')"));
    }

    [Fact]
    public async Task In_manual_mode_nothing_is_recorded_until_the_site_starts_it_then_the_rest_of_the_session_is()
    {
        await using var server = await HindsightServer.StartAsync();
        await AsAdminAsync(server, api => api.SetSettingsAsync(recordSessionsPercent: 100, recordManually: true));
        var url = SdkSite.AddPage(suite.Site, server, Body + """
            <script>
              hindsight.track("Before start");
              // Assigned after the SDK may already be ready: it is called all the same.
              setTimeout(function () { window.onHindsightReady = function (sdk) { window.hookedInstance = sdk === hindsight; }; }, 800);
            </script>
            """, new JsonObject { ["remote_settings_mode"] = "fallback" });
        await using var visitor = await suite.NewContextAsync();
        var (page, replayId) = await VisitAsync(visitor, url);
        Assert.Null(replayId);
        var requests = SdkSite.WatchRecordRequests(page);
        await page.Locator("#go").ClickAsync();
        // Proves an absence, so it takes time: past the 1 s after which a recording sends its first batch.
        await page.WaitForTimeoutAsync(1500);
        Assert.Empty(requests);
        await page.WaitForFunctionAsync("() => window.hookedInstance === true");

        await page.EvaluateAsync("() => hindsight.startPlaybackRecording()");
        var started = await page.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id");
        Assert.NotNull(started);
        await page.EvaluateAsync("() => hindsight.start_session_recording()"); // again: changes nothing
        Assert.Equal(started, await page.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id"));
        await page.EvaluateAsync("() => hindsight.track('After start')");
        var distinctId = await SdkSite.DistinctIdAsync(page);
        using var api = new ServerApi(server);
        await api.LoginAsync();
        var events = await StoredData.WaitForEventsAsync(server, distinctId,
            e => e.Any(x => x.Name == "Before start") && e.Any(x => x.Name == "After start"));
        await api.WaitForSnapshotsAsync(started, 1); // the first page's snapshot batch has gone
        await page.ReloadAsync();
        Assert.Equal(started, await SdkSite.ReadyAsync(page)); // the rest of the tab session
        await page.Locator("#go").ClickAsync();
        Assert.Equal(distinctId, await SdkSite.DistinctIdAsync(page));
        await api.WaitForSnapshotsAsync(started, 2); // and the reloaded page's
        await page.CloseAsync(new() { RunBeforeUnload = true });

        Assert.Null(events.First(e => e.Name == "Before start").ReplayId); // tracked, not recorded
        Assert.Equal(started, events.First(e => e.Name == "After start").ReplayId);
        await api.WaitForChunksAsync(started, chunks => chunks.Count >= 2);
        var snapshots = (await api.AllChunkEventsAsync(started)).SelectMany(c => c).Count(e => (int)e!["type"]! == 2);
        Assert.Equal(2, snapshots); // both pages, in one replay
    }

    [Fact]
    public async Task While_capture_is_paused_no_new_replay_starts()
    {
        await using var server = await HindsightServer.StartAsync();
        var url = SdkSite.AddPage(suite.Site, server, Body,
            new JsonObject
            {
                ["record_sessions_percent"] = 100, ["remote_settings_mode"] = "fallback", ["debug"] = true,
                // On a busy machine the settings can take over the default 500 ms, and then the local config
                // (record everything) rightly stands: this test is about the paused answer arriving.
                ["remote_settings_timeout_ms"] = 10_000,
            });
        await using var visitor = await suite.NewContextAsync();
        var (running, replayId) = await VisitAsync(visitor, url);
        Assert.NotNull(replayId);

        await AsAdminAsync(server, api => api.SetCaptureAsync("paused"));
        // A replay in progress continues across a reload.
        await running.ReloadAsync();
        Assert.Equal(replayId, await SdkSite.ReadyAsync(running));

        var fresh = await visitor.NewPageAsync();
        var logs = new List<string>();
        fresh.Console += (_, message) => logs.Add(message.Text);
        var requests = SdkSite.WatchRecordRequests(fresh);
        await fresh.GotoAsync(url);
        Assert.Null(await SdkSite.ReadyAsync(fresh));
        await fresh.EvaluateAsync("() => hindsight.start_session_recording()");
        Assert.Null(await fresh.EvaluateAsync<string?>("() => hindsight.get_session_recording_properties().$mp_replay_id || null"));
        await fresh.Locator("#go").ClickAsync();
        // Proves an absence, so it takes time: past the 1 s after which a recording sends its first batch.
        await fresh.WaitForTimeoutAsync(1500);
        Assert.Empty(requests);
        Assert.Contains(logs, line => line.Contains("Capture is paused"));
    }

    /// <summary>Changes the project's settings as an admin does in the dashboard (its Settings page has its own test).</summary>
    static async Task AsAdminAsync(HindsightServer server, Func<ServerApi, Task> change)
    {
        using var api = new ServerApi(server);
        await api.LoginAsync();
        await change(api);
    }
}
