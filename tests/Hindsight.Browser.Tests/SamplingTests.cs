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
        Assert.Equal(0, await CountRecordedTabsAsync(0, 10, expectNoRecorder: true));
        Assert.Equal(10, await CountRecordedTabsAsync(100, 10));
    }

    [Fact]
    public async Task A_fractional_rate_records_its_share_of_tab_sessions_within_five_standard_deviations()
    {
        // 200 fresh tab sessions at 50 %: the number recorded is Binomial(200, 0.5), mean 100, standard deviation
        // sqrt(200 · 0.5 · 0.5) ≈ 7.07. Within 5 standard deviations (65–135) a correct SDK fails less than once in
        // 1.7 million runs; a rate that is off (0 %, 100 %, or 25 % / 75 % — 3 500 000× less likely to land here) fails.
        const int tabs = 200;
        const double p = 0.5;
        var recorded = await CountRecordedTabsAsync(50, tabs);
        var sd = Math.Sqrt(tabs * p * (1 - p));
        Assert.InRange(recorded, tabs * p - 5 * sd, tabs * p + 5 * sd);
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
