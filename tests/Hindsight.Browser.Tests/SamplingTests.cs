using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>record_sessions_percent, decided once per tab session.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class SamplingTests(BrowserSuite suite)
{
    [Fact]
    public async Task At_0_percent_no_tab_is_ever_recorded_and_at_100_percent_every_tab_is()
    {
        Assert.Equal(0, await CountRecordedTabsAsync(0, 4, expectNoRecorder: true));
        Assert.Equal(4, await CountRecordedTabsAsync(100, 4));
    }

    [Fact]
    public async Task At_a_fractional_rate_a_roll_under_it_records_to_the_server_and_a_roll_over_it_loads_no_recorder()
    {
        // The page's own dice, fixed: the decision made in a real page load at 50 %. The share of tabs a rate
        // records is sdk/test/sampling.test.ts's (30 % of 100,000 decisions within 5 standard deviations).
        var url = SdkSite.AddPage(suite.Site, suite.Server, "<p>Sampled?</p>", new JsonObject { ["record_sessions_percent"] = 50 });
        foreach (var (roll, sampled) in new[] { (0.49, true), (0.5, false) })
        {
            await using var visitor = await suite.NewContextAsync();
            await visitor.AddInitScriptAsync($"Math.random = () => {roll.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
            var recorderLoads = 0;
            visitor.Request += (_, request) =>
            {
                if (request.Url.Contains("hindsight-recorder.js") || request.Url.Contains("/record/")) Interlocked.Increment(ref recorderLoads);
            };
            var page = await visitor.NewPageAsync();
            var batch = sampled ? page.WaitForResponseAsync(r => r.Url.StartsWith($"{suite.Server.Url}/record/") && r.Ok) : null;
            await page.GotoAsync(url);
            var replay = await SdkSite.ReadyAsync(page);
            if (sampled)
            {
                Assert.NotNull(replay);
                await batch!; // the sampled tab's recording reaches the server
            }
            else
            {
                Assert.Null(replay);
                Assert.Equal(0, recorderLoads);
            }
        }
    }

    [Fact]
    public async Task A_reload_keeps_the_tab_s_sampling_decision()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, "<p>Sampled?</p>", new JsonObject { ["record_sessions_percent"] = 50 });
        await using var visitor = await suite.NewContextAsync();
        for (var tab = 0; tab < 6; tab++)
        {
            var page = await visitor.NewPageAsync();
            await page.GotoAsync(url);
            var first = await SdkSite.ReadyAsync(page);
            for (var reload = 0; reload < 3; reload++)
            {
                await page.ReloadAsync();
                Assert.Equal(first, await SdkSite.ReadyAsync(page)); // the same replay, or none again
            }
            await page.CloseAsync();
        }
    }

    /// <summary>Opens `tabs` fresh tabs of a minimal page, four at a time, and counts those the SDK records.</summary>
    async Task<int> CountRecordedTabsAsync(double percent, int tabs, bool expectNoRecorder = false)
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, "<p>Sampled?</p>", new JsonObject { ["record_sessions_percent"] = percent });
        await using var visitor = await suite.NewContextAsync();
        var recorderLoads = 0;
        visitor.Request += (_, request) =>
        {
            if (request.Url.Contains("hindsight-recorder.js") || request.Url.Contains("/record/")) Interlocked.Increment(ref recorderLoads);
        };
        var recorded = 0;
        for (var start = 0; start < tabs; start += 4)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(4, tabs - start)).Select(async _ =>
            {
                // A new tab: its own sessionStorage, so its own tab session and sampling decision.
                var page = await visitor.NewPageAsync();
                await page.GotoAsync(url);
                if (await SdkSite.ReadyAsync(page) is not null) Interlocked.Increment(ref recorded);
                await page.CloseAsync();
            }));
        }
        if (expectNoRecorder) Assert.Equal(0, recorderLoads);
        return recorded;
    }
}
