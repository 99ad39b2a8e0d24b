using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The analytics views as a teammate reaches them: from the header, and from a copied link whose query
/// (events, range, measure, breakdown; funnel steps and window; people search; the open definition)
/// reopens the same view after a reload.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class AnalyticsViewsTests(BrowserSuite suite)
{
    [Fact]
    public async Task Each_analytics_view_opens_from_the_header_and_a_copied_link_reopens_it_with_its_query()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;

        (string Nav, string View, string Path)[] views =
        [
            ("nav-events", "events-page", $"/projects/{projectId}/events"),
            ("nav-funnels", "funnels-page", $"/projects/{projectId}/funnels"),
            ("nav-people", "people-page", $"/projects/{projectId}/people"),
            ("nav-event-definitions", "definitions-page", $"/projects/{projectId}/event-definitions"),
        ];
        foreach (var (nav, view, path) in views)
        {
            await page.GetByTestId(nav).ClickAsync();
            await Assertions.Expect(page.GetByTestId(view)).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId(nav)).ToHaveAttributeAsync("aria-current", "page");
            Assert.Equal(path, new Uri(page.Url).AbsolutePath);
        }

        // An events report link: its choices come back after a reload, and a change becomes the address.
        var server = suite.Server.Url;
        await page.GotoAsync($"{server}/projects/{projectId}/events?event=Purchase&range=24h&measure=unique&breakdown=plan");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("events-measure")).ToHaveValueAsync("unique");
        await Assertions.Expect(page.GetByTestId("events-breakdown")).ToHaveValueAsync("plan");
        await Assertions.Expect(page.GetByTestId("events-interval")).ToHaveValueAsync("hour");
        await Assertions.Expect(page.GetByTestId("range-24h")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByTestId("events-event-0")).ToHaveValueAsync("Purchase");
        await page.GetByTestId("range-30d").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("range=30d"));
        await Assertions.Expect(page.GetByTestId("events-interval")).ToHaveValueAsync("day");

        // A funnel link: its steps and window.
        var steps = Uri.EscapeDataString("""[{"event":"Product Viewed"},{"event":"Added to Cart"},{"event":"Purchase"}]""");
        await page.GotoAsync($"{server}/projects/{projectId}/funnels?steps={steps}&window=604800000");
        await Assertions.Expect(page.GetByTestId("funnel-step")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("funnel-step-2")).ToHaveValueAsync("Purchase");
        await Assertions.Expect(page.GetByTestId("funnel-window")).ToHaveValueAsync("604800000");

        // A people search, and a definition panel.
        await page.GotoAsync($"{server}/projects/{projectId}/people?q=ada");
        await Assertions.Expect(page.GetByTestId("people-search")).ToHaveValueAsync("ada");
        await page.GotoAsync($"{server}/projects/{projectId}/event-definitions?event=Added%20to%20Cart");
        await Assertions.Expect(page.GetByTestId("definition-panel")).ToHaveAttributeAsync("data-event", "Added to Cart");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("definition-panel")).ToHaveAttributeAsync("data-event", "Added to Cart");
    }
}
