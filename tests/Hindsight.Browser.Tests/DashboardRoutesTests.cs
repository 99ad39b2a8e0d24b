using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// Every dashboard route opened directly, as from a bookmark or a pasted link, and reloaded: each shows its
/// view, never an SDK endpoint's JSON. And the SDK's replay link, which names its project by token.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class DashboardRoutesTests(BrowserSuite suite)
{
    [Fact]
    public async Task Each_dashboard_route_shows_its_view_when_opened_directly_and_when_reloaded()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();
        var replayId = $"route-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        (await api.RecordAsync(replayId, 0, PlainPage(t0, "Opened by its route").ToJsonString())).EnsureSuccessStatusCode();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;
        var server = suite.Server.Url;
        (string Path, string View, string ExpectedPath)[] routes =
        [
            ("/", "feed-search", "/"),
            ($"/replays/{replayId}?project={projectId}", "player", $"/replays/{replayId}"),
            ($"/projects/{projectId}/settings", "capture-status", $"/projects/{projectId}/settings"),
            ($"/projects/{projectId}/heatmaps?url=%2F", "heatmaps-page", $"/projects/{projectId}/heatmaps"),
            ($"/projects/{projectId}/access-log", "access-log-page", $"/projects/{projectId}/access-log"),
            // An old link to the Settings page, where the SDK's /settings endpoint also lives.
            ($"/settings?project={projectId}", "capture-status", $"/projects/{projectId}/settings"),
        ];
        foreach (var (path, view, expectedPath) in routes)
        {
            await page.GotoAsync(server + path);
            await Assertions.Expect(page.GetByTestId(view)).ToBeVisibleAsync();
            Assert.Equal(expectedPath, new Uri(page.Url).AbsolutePath);
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByTestId(view)).ToBeVisibleAsync();
        }

        await using var stranger = await suite.NewContextAsync();
        var login = await stranger.NewPageAsync();
        await login.GotoAsync($"{server}/login");
        await Assertions.Expect(login.GetByTestId("login-email")).ToBeVisibleAsync();
        await login.ReloadAsync();
        await Assertions.Expect(login.GetByTestId("login-email")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_SDK_replay_link_opens_the_replay_in_its_own_project_whichever_project_the_reader_has_open()
    {
        var token = Guid.NewGuid().ToString("N");
        var otherProject = await Teammates.AddProjectAsync(suite.Server, "Another shop", token);
        var replayId = $"linked-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{suite.Server.Url}/record/?replay_id={replayId}&seq=0&format=body")
            {
                Content = new StringContent(PlainPage(t0, "In the other shop").ToJsonString(), Encoding.UTF8, "application/octet-stream"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(token + ":")));
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;
        // The reader has the default project open.
        await page.EvaluateAsync("id => localStorage.setItem('hindsight.project', String(id))", await api.DefaultProjectIdAsync());

        await page.GotoAsync($"{suite.Server.Url}/projects/replay-redirect?replay_id={replayId}&distinct_id=someone&token={token}");
        // The replay is a single page, so it may already have played to its end: its page, in the player, is what counts.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/replays/{replayId}\\?project={otherProject}$"));
        await Assertions.Expect(dashboard.Stage.Locator("h1")).ToHaveTextAsync("In the other shop");
    }
}
