using System.Text.RegularExpressions;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// Opening a replay's link (/replays/&lt;id&gt;?project=&lt;id&gt;): the player starts without waiting for the
/// session check, and someone not logged in goes through the login page and back to the replay.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class ReplayLinkTests(BrowserSuite suite)
{
    [Fact]
    public async Task A_replay_link_plays_while_the_session_check_is_still_under_way()
    {
        var link = await RecordAsync("Opened from its link");
        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;
        var answer = new TaskCompletionSource();
        await page.RouteAsync("**/api/auth/me", async route => { await answer.Task; await route.ContinueAsync(); });

        await page.GotoAsync(link);
        await dashboard.WaitForStateAsync("playing");
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Opened from its link");
        await Assertions.Expect(page.GetByTestId("feed-search")).ToHaveCountAsync(0); // the session has not answered yet
        await dashboard.Player.EvaluateAsync("player => player.dataset.mark = 'the first player'");

        answer.SetResult();
        await page.GetByTestId("feed-search").WaitForAsync();
        // The same player carries on: the session's arrival did not mount it again.
        Assert.Equal("the first player", await dashboard.PlayerAttributeAsync("data-mark"));
        Assert.NotEqual("error", await dashboard.PlayerAttributeAsync("data-state"));
    }

    [Fact]
    public async Task A_replay_link_opened_before_logging_in_leads_through_the_login_page_back_to_the_replay()
    {
        var link = await RecordAsync("Worth logging in for");
        await using var stranger = await suite.NewContextAsync();
        var page = await stranger.NewPageAsync();
        // The link's session check answers only after the sign-in, as a slow one can: the player's own 401s
        // lead to the login page first, and the check's late 401 must not send the person back there.
        var signedIn = new TaskCompletionSource();
        await page.RouteAsync("**/api/auth/me", async route =>
        {
            var answer = await route.FetchAsync(); // the server answers at once, for the session of that moment
            await signedIn.Task;
            await route.FulfillAsync(new() { Response = answer });
        });

        await page.GotoAsync(link);
        // The dashboard moves to its login page by the History API, not a page load: Playwright's WaitForURL
        // waits for a "load" as well and, when the change comes after GotoAsync returned, can miss it.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?next="));
        await page.GetByTestId("login-email").FillAsync(HindsightServer.AdminEmail);
        await page.GetByTestId("login-password").FillAsync(HindsightServer.AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();

        var dashboard = new Dashboard(page, suite.Server);
        await dashboard.WaitForStateAsync("playing");
        var lateCheck = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/auth/me", StringComparison.Ordinal));
        signedIn.SetResult();
        Assert.Equal(401, (await lateCheck).Status);
        await (await lateCheck).FinishedAsync();
        // Two turns of the page's event loop: the check has read its answer and acted on it.
        await page.EvaluateAsync("() => new Promise(r => setTimeout(() => setTimeout(r)))");
        Assert.Equal(link, page.Url);
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("Worth logging in for");
    }

    /// <summary>A 20-second replay of a page with the given heading; its link.</summary>
    async Task<string> RecordAsync(string heading)
    {
        var replayId = $"linked-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 120_000;
        using var api = new ServerApi(suite.Server);
        var events = PlainPage(t0, heading);
        foreach (var e in Activity(t0 + 100, t0 + 20_000)) events.Add(e!.DeepClone());
        (await api.RecordAsync(replayId, 0, events.ToJsonString())).EnsureSuccessStatusCode();
        await api.LoginAsync();
        return $"{suite.Server.Url}/replays/{replayId}?project={await api.DefaultProjectIdAsync()}";
    }
}
