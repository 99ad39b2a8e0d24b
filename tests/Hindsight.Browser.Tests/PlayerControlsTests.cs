using System.Globalization;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>The player's controls as a teammate uses them: skipping inactivity, speeds.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class PlayerControlsTests(BrowserSuite suite)
{
    [Fact]
    public async Task Skip_inactivity_jumps_the_shaded_idle_stretch_and_speed_8x_plays_eight_times_faster()
    {
        // Two seconds of activity, thirty idle, two more of activity.
        var replayId = $"idle-{Guid.NewGuid():N}";
        var distinctId = $"idler-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 300_000;
        var events = PlainPage(t0, "Idle in the middle");
        foreach (var e in Activity(t0 + 100, t0 + 2_000)) events.Add(e!.DeepClone());
        foreach (var e in Activity(t0 + 32_000, t0 + 34_000)) events.Add(e!.DeepClone());
        using (var api = new ServerApi(suite.Server))
            (await api.RecordAsync(replayId, 0, events.ToJsonString(), distinctId)).EnsureSuccessStatusCode();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");

        var stretch = dashboard.Page.GetByTestId("player-inactive");
        await Assertions.Expect(stretch).ToHaveCountAsync(1);
        Assert.InRange(Ms(await stretch.GetAttributeAsync("data-start-ms")), 1_800, 1_900); // the last move is at 1.85 s
        Assert.InRange(Ms(await stretch.GetAttributeAsync("data-end-ms")), 31_900, 32_100);
        await Assertions.Expect(dashboard.Page.GetByTestId("player-skip-inactive")).ToBeCheckedAsync();
        // At 1x the idle thirty seconds would take thirty seconds; skipped, the clock is past them at once.
        await WaitForCurrentAtLeastAsync(dashboard, 32_000, timeoutMs: 8_000);

        await dashboard.WaitForStateAsync("ended");

        await dashboard.Page.GetByTestId("player-skip-inactive").UncheckAsync();
        await dashboard.Page.GetByTestId("player-speed-8").ClickAsync();
        await Assertions.Expect(dashboard.Page.GetByTestId("player-speed-8")).ToHaveAttributeAsync("aria-pressed", "true");
        await dashboard.SeekToFractionAsync(0);
        await dashboard.WaitForStateAsync("paused");
        await dashboard.Page.GetByTestId("player-play").ClickAsync();
        // Sixteen seconds of replay at 8x take two: far under the eight allowed, far over 1x.
        await WaitForCurrentAtLeastAsync(dashboard, 16_000, timeoutMs: 8_000);
    }

    static double Ms(string? value) => double.Parse(value ?? "NaN", CultureInfo.InvariantCulture);

    static Task WaitForCurrentAtLeastAsync(Dashboard dashboard, double ms, int timeoutMs) =>
        dashboard.Page.WaitForFunctionAsync(
            "ms => +document.querySelector('[data-testid=player]').getAttribute('data-current-ms') >= ms",
            ms, new() { Timeout = timeoutMs });
}
