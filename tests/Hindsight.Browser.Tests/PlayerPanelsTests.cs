using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The panels a developer reads beside the replay: the page's console and network requests as both SDKs
/// record them (rrweb/console@1, mixpanel-browser's rrweb/network@1.mp), the activity the recording itself
/// shows (clicks, pages), their timeline markers, seeking from an entry, and the keyboard shortcuts.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class PlayerPanelsTests(BrowserSuite suite)
{
    [Fact]
    public async Task The_console_and_network_panels_list_what_the_page_logged_and_requested_and_an_entry_seeks_there()
    {
        var replayId = $"panels-{Guid.NewGuid():N}";
        var distinctId = $"developer-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 300_000;
        var events = Start(t0, [
            Element(10, "h1", new JsonObject(), [Text(11, "A page with problems")]),
            Element(20, "button", new JsonObject { ["id"] = "pay" }, [Text(21, "Pay now")]),
        ]);
        foreach (var e in Activity(t0 + 100, t0 + 30_000)) events.Add(e!.DeepClone());
        events.Add(new JsonObject
        {
            ["type"] = 3, ["timestamp"] = t0 + 11_000,
            ["data"] = new JsonObject { ["source"] = 2, ["type"] = 2, ["id"] = 20, ["x"] = 40, ["y"] = 60 },
        });
        events.Add(new JsonObject
        {
            ["type"] = 4, ["timestamp"] = t0 + 25_000,
            ["data"] = new JsonObject { ["href"] = "http://shop.example/receipt", ["width"] = 1024, ["height"] = 640 },
        });
        events.Add(Console(t0 + 2_000, "log", "\"cart loaded\""));
        events.Add(Console(t0 + 12_000, "error", "\"checkout failed\"", "at pay (https://shop.test/app.js:10:5)"));
        events.Add(new JsonObject
        {
            ["type"] = 6, ["timestamp"] = t0 + 21_000,
            ["data"] = new JsonObject
            {
                ["plugin"] = "rrweb/network@1.mp",
                ["payload"] = new JsonObject
                {
                    ["requests"] = new JsonArray(
                        Request("https://shop.test/api/cart", "GET", 200, t0, 4_000, 4_120),
                        Request("https://shop.test/api/pay", "POST", 500, t0, 20_000, 20_400)),
                },
            },
        });
        using (var api = new ServerApi(suite.Server))
            (await api.RecordAsync(replayId, 0, events.ToJsonString(), distinctId)).EnsureSuccessStatusCode();

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");
        var page = dashboard.Page;

        // The timeline shows the console error and the failed request beside the tracked events.
        await Assertions.Expect(page.Locator("[data-testid=player-marker][data-kind=console-error]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=player-marker][data-kind=failed-request]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=player-marker][data-kind=click]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=player-marker][data-kind=navigation]")).ToHaveCountAsync(2);

        // The activity panel lists all of it in time order, by kind and by search.
        var activity = page.GetByTestId("activity-entry");
        await Assertions.Expect(activity).ToHaveCountAsync(5);
        await Assertions.Expect(activity.Nth(0)).ToContainTextAsync("Opened /");
        await Assertions.Expect(activity.Nth(1)).ToContainTextAsync("button#pay \"Pay now\"");
        await Assertions.Expect(activity.Nth(1)).ToHaveAttributeAsync("data-ms", "11000");
        await Assertions.Expect(activity.Nth(4)).ToContainTextAsync("/receipt");
        await page.GetByTestId("activity-kind-console-error").ClickAsync();
        await Assertions.Expect(activity).ToHaveCountAsync(1);
        await Assertions.Expect(activity.Nth(0)).ToContainTextAsync("checkout failed");
        await page.GetByTestId("activity-kind-console-error").ClickAsync();
        await page.GetByTestId("activity-search").FillAsync("api/pay");
        await Assertions.Expect(activity).ToHaveCountAsync(1);
        await Assertions.Expect(activity.Nth(0)).ToHaveAttributeAsync("data-kind", "failed-request");

        await page.GetByTestId("panel-tab-console").ClickAsync();
        var entries = page.GetByTestId("console-entry");
        await Assertions.Expect(entries).ToHaveCountAsync(2);
        await Assertions.Expect(entries.Nth(0)).ToContainTextAsync("cart loaded");
        await Assertions.Expect(entries.Nth(1)).ToContainTextAsync("checkout failed");
        await Assertions.Expect(entries.Nth(1)).ToContainTextAsync("Stack trace");
        await page.GetByTestId("console-level-error").ClickAsync();
        await Assertions.Expect(entries).ToHaveCountAsync(1);
        await page.GetByTestId("player-play").ClickAsync(); // pause, so the seek is where the clock stays
        await dashboard.WaitForStateAsync("paused");
        await entries.Nth(0).Locator(".devtools-time").ClickAsync();
        await WaitForCurrentAsync(dashboard, 12_000);

        await page.GetByTestId("panel-tab-network").ClickAsync();
        var requests = page.GetByTestId("network-entry");
        await Assertions.Expect(requests).ToHaveCountAsync(2);
        await Assertions.Expect(requests.Nth(1)).ToHaveAttributeAsync("data-failed", "true");
        await Assertions.Expect(requests.Nth(1).GetByTestId("network-status")).ToHaveTextAsync("500");
        await requests.Nth(1).Locator(".network-summary").ClickAsync();
        await Assertions.Expect(page.GetByTestId("network-detail")).ToContainTextAsync("not enough stock");

        // → moves five seconds on; ? lists the shortcuts.
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 2, Y = 2 } });
        await page.Keyboard.PressAsync("ArrowRight");
        await WaitForCurrentAsync(dashboard, 17_000);
        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByTestId("shortcuts-help")).ToContainTextAsync("Skip inactivity");
    }

    static JsonObject Console(long timestamp, string level, string argument, string? trace = null) => new()
    {
        ["type"] = 6, ["timestamp"] = timestamp,
        ["data"] = new JsonObject
        {
            ["plugin"] = "rrweb/console@1",
            ["payload"] = new JsonObject
            {
                ["level"] = level,
                ["payload"] = new JsonArray(argument),
                ["trace"] = trace is null ? new JsonArray() : new JsonArray(trace),
            },
        },
    };

    /// <summary>A request as mixpanel-browser's network plugin records it: page-clock times plus timeOrigin.</summary>
    static JsonObject Request(string url, string method, int status, long timeOrigin, double start, double end) => new()
    {
        ["url"] = url, ["method"] = method, ["initiatorType"] = "fetch", ["status"] = status,
        ["startTime"] = start, ["endTime"] = end, ["timeOrigin"] = timeOrigin,
        ["requestHeaders"] = new JsonObject { ["content-type"] = "application/json" },
        ["responseBody"] = status >= 400 ? "{\"error\":\"not enough stock\"}" : "{}",
    };

    static Task WaitForCurrentAsync(Dashboard dashboard, double ms) =>
        dashboard.Page.WaitForFunctionAsync(
            "ms => Math.abs(+document.querySelector('[data-testid=player]').getAttribute('data-current-ms') - ms) < 1500",
            ms, new() { Timeout = 10_000 });
}
