using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// A quota reached in Settings stops an unmodified mixpanel-browser from recording: it knows no quota, but
/// /settings hands it a sampling rate of 0. The shared server's quota is lifted at the end.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class QuotaTests(BrowserSuite suite)
{
    const string ReplayIdScript = "() => window.mixpanel?.get_session_recording_properties?.().$mp_replay_id";

    [Fact]
    public async Task An_admin_sets_a_monthly_cap_the_month_has_reached_and_mixpanel_browser_records_no_new_replay()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();
        var url = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Capped shop</title>
            <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel-with-recorder.min.js";</script>
            <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
            <script>mixpanel.init("{{suite.Server.Token}}", { api_host: "{{suite.Server.Url}}", record_sessions_percent: 100,
              remote_settings_mode: "fallback", batch_flush_interval_ms: 500 });</script>
            </head><body><h1>Trail Jacket</h1></body></html>
            """);
        try
        {
            // Under no cap the page records: what follows is the cap's doing, not the page's.
            await using (var before = await suite.NewContextAsync())
            {
                var site = await before.NewPageAsync();
                await site.GotoAsync(url);
                await site.WaitForFunctionAsync(ReplayIdScript, null, new() { Timeout = 15_000 });
                var replayId = await site.EvaluateAsync<string>(ReplayIdScript);
                await site.Mouse.MoveAsync(300, 200, new() { Steps = 5 });
                await api.WaitForChunksAsync(replayId, chunks => chunks.Count > 0);
            }

            await using var teammate = await suite.NewContextAsync();
            var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
            await dashboard.LoginAsync();
            var page = dashboard.Page;
            await page.GetByTestId("nav-settings").ClickAsync();
            await Assertions.Expect(page.GetByTestId("quota-usage")).ToContainTextAsync("no monthly cap");
            var used = (long)(await api.GetJsonAsync($"/api/projects/{projectId}/quota"))["monthReplays"]!;
            await page.GetByTestId("quota-monthly").FillAsync(used.ToString());
            await page.GetByTestId("quota-save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("quota-blocked")).ToHaveAttributeAsync("data-blocked", "monthly_cap");
            await Assertions.Expect(page.GetByTestId("quota-usage")).ToContainTextAsync($"of {used:N0} replays this month");

            await using var after = await suite.NewContextAsync();
            var traffic = ServerTraffic.Watch(after, suite.Server);
            var capped = await after.NewPageAsync();
            await capped.GotoAsync(url);
            await capped.WaitForFunctionAsync("() => window.mixpanel?.get_distinct_id?.()", null, new() { Timeout = 15_000 });
            await capped.Mouse.MoveAsync(300, 200, new() { Steps = 5 });
            await traffic.WaitUntilQuietAsync(TimeSpan.FromSeconds(2));

            Assert.Contains("/settings/", traffic.Paths);
            Assert.DoesNotContain(traffic.Paths, p => p.StartsWith("/record", StringComparison.Ordinal));
            Assert.Null(await capped.EvaluateAsync<string?>(ReplayIdScript));
        }
        finally
        {
            await api.ResetSettingsAsync();
        }
    }
}
