using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>The access log page: an admin finds the replay they just watched, filters, and exports the CSV.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class AccessLogPageTests(BrowserSuite suite)
{
    [Fact]
    public async Task A_replay_opened_in_the_player_is_listed_with_who_opened_it_and_the_csv_has_the_same_line()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();
        var replayId = $"audited-{Guid.NewGuid():N}";
        (await api.RecordAsync(replayId, 0, PlainPage(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000, "Watched then audited").ToJsonString()))
            .EnsureSuccessStatusCode();

        await using var admin = await suite.NewContextAsync();
        var dashboard = new Dashboard(await admin.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;
        await page.GotoAsync($"{suite.Server.Url}/replays/{replayId}?project={projectId}");
        await Assertions.Expect(page.GetByTestId("player")).ToBeVisibleAsync();

        await page.GetByTestId("nav-settings").ClickAsync();
        await page.GetByTestId("open-access-log").ClickAsync();
        var opened = page.GetByTestId("access-log-row").Filter(new() { HasText = replayId });
        await Assertions.Expect(opened).ToHaveAttributeAsync("data-action", "replay.opened");
        await Assertions.Expect(opened).ToContainTextAsync(HindsightServer.AdminEmail);

        // Filtered to pauses, the replay's line goes; the CSV link carries the same filter.
        await page.GetByTestId("access-log-action").SelectOptionAsync("capture.paused");
        await Assertions.Expect(opened).ToHaveCountAsync(0);
        await page.GetByTestId("access-log-action").SelectOptionAsync("replay.opened");
        await Assertions.Expect(opened).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("access-log-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($",{HindsightServer.AdminEmail},replay.opened,{replayId},", csv);
        Assert.DoesNotContain("capture.", csv);
    }
}
