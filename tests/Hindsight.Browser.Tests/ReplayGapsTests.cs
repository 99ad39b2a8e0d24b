using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>A replay the SDK could not send whole says so in the player.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class ReplayGapsTests(BrowserSuite suite)
{
    [Fact]
    public async Task The_player_tells_how_many_batches_of_a_replay_were_lost()
    {
        var whole = $"whole-{Guid.NewGuid():N}";
        var lossy = $"lossy-{Guid.NewGuid():N}";
        var distinctId = $"gappy-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 120_000;
        using (var api = new ServerApi(suite.Server))
        {
            (await api.RecordAsync(whole, 0, PlainPage(t0, "Whole").ToJsonString(), distinctId)).EnsureSuccessStatusCode();
            (await api.RecordAsync(lossy, 0, PlainPage(t0 + 1_000, "With gaps").ToJsonString(), distinctId)).EnsureSuccessStatusCode();
            (await api.ReportDroppedAsync(lossy, batches: 2, events: 340)).EnsureSuccessStatusCode();
            (await api.ReportDroppedAsync(lossy, batches: 1, events: 12)).EnsureSuccessStatusCode();
        }

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, lossy)).ClickAsync();
        var lost = dashboard.Page.GetByTestId("replay-dropped");
        await Assertions.Expect(lost).ToContainTextAsync("3 batches lost");
        await Assertions.Expect(lost).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("352 events"));

        await (await dashboard.FindInFeedAsync(distinctId, whole)).ClickAsync();
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-replay-id", whole);
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-total-chunks", "1"); // its detail is in
        await Assertions.Expect(dashboard.Page.GetByTestId("replay-dropped")).ToHaveCountAsync(0);
    }
}
