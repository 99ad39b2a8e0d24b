using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>A replay downloaded from the player and imported from the feed plays as the original did.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class ReplayTransferTests(BrowserSuite suite)
{
    [Fact]
    public async Task A_replay_downloaded_from_the_player_and_imported_from_the_feed_plays_as_a_new_replay()
    {
        var replayId = $"transfer-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 300_000;
        using var api = new ServerApi(suite.Server);
        var events = PlainPage(t0, "Exported page");
        foreach (var e in Activity(t0 + 100, t0 + 2_000, stepMs: 400)) events.Add(e!.DeepClone());
        (await api.RecordAsync(replayId, 0, events.ToJsonString())).EnsureSuccessStatusCode();
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await dashboard.Page.GotoAsync($"{suite.Server.Url}/replays/{replayId}?project={projectId}");
        var download = await dashboard.Page.RunAndWaitForDownloadAsync(() => dashboard.Page.GetByTestId("player-export").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"{replayId}.json");
        await download.SaveAsAsync(file);

        await dashboard.Page.GetByTestId("feed-import-file").SetInputFilesAsync(file);

        await dashboard.Page.WaitForURLAsync(url => url.Contains("/replays/import-"));
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Exported page");
        File.Delete(file);
    }
}
