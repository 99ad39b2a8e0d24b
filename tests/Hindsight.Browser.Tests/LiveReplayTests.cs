using System.Diagnostics;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>A replay still being recorded plays live: batches stored after the player opened appear in it.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class LiveReplayTests(BrowserSuite suite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_live_replay_open_in_the_player_shows_a_batch_recorded_after_it_opened()
    {
        var replayId = $"live-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var api = new ServerApi(suite.Server);
        var first = PlainPage(now - 3_000, "Before");
        foreach (var e in Activity(now - 2_900, now - 100, stepMs: 400)) first.Add(e!.DeepClone());
        (await api.RecordAsync(replayId, 0, first.ToJsonString())).EnsureSuccessStatusCode();
        await api.LoginAsync();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await dashboard.Page.GotoAsync($"{suite.Server.Url}/replays/{replayId}?project={await api.DefaultProjectIdAsync()}");
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-live", "true");
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Before");
        // It opens at its start, like any replay; "Go live" jumps to the end and follows it.
        await dashboard.Page.GetByTestId("player-go-live").ClickAsync();
        await Assertions.Expect(dashboard.Page.GetByTestId("player-live")).ToBeVisibleAsync();
        // Subscribed: from here on, every stored batch is announced to this player.
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-live-subscribed", "true");

        JsonArray second = [ChangeText(now, 11, "After"), MouseMove(now + 50, 10, 10)];
        var posted = await api.RecordAsync(replayId, 1, second.ToJsonString());
        posted.EnsureSuccessStatusCode();
        var sincePosted = Stopwatch.StartNew();

        await dashboard.Page.WaitForFunctionAsync("() => document.querySelector('[data-testid=player]').getAttribute('data-loaded-chunks') === '2'");
        output.WriteLine($"From /record's 200 to the player holding the batch: {sincePosted.ElapsedMilliseconds} ms");
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("After");
        Assert.Equal("2", await dashboard.PlayerAttributeAsync("data-total-chunks"));
    }

    static JsonObject ChangeText(long timestamp, int nodeId, string text) => new()
    {
        ["type"] = 3, ["timestamp"] = timestamp, ["data"] = new JsonObject
        {
            ["source"] = 0, ["adds"] = new JsonArray(), ["removes"] = new JsonArray(), ["attributes"] = new JsonArray(),
            ["texts"] = new JsonArray(new JsonObject { ["id"] = nodeId, ["value"] = text }),
        },
    };
}
