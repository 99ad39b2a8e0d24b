using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The Heatmaps page on a page with known clicks: rebuilt from its replay in the sandboxed frame and laid
/// out at the dashboard's width, each click is drawn on the element it was made on, at two widths where
/// the page puts its elements in different places; an element opens the replays of its clicks.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class HeatmapsPageTests(BrowserSuite suite)
{
    // Side by side when wide, one under the other when narrow: the buttons move, the marks must follow.
    const string Body = """
        <style>
          body { margin: 0; font: 16px sans-serif; }
          .row { display: flex; gap: 20px; padding: 20px; }
          @media (max-width: 900px) { .row { flex-direction: column; } }
          button { width: 240px; height: 60px; flex: none; }
        </style>
        <div class="row"><button id="buy">Buy</button><button class="save">Save</button><button id="never">Never clicked</button></div>
        """;

    /// <summary>Each click the visitor makes: the element, and the spot on it from its top-left corner.</summary>
    static readonly (string Selector, int X, int Y)[] Clicks = [("#buy", 30, 20), ("#buy", 30, 20), ("#buy", 30, 20), (".save", 200, 40)];

    [Fact]
    public async Task Clicks_are_drawn_on_the_elements_they_were_made_on_at_two_widths_and_an_element_lists_its_replays()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["record_heatmap_data"] = true, ["record_console"] = false });
        await using var visitor = await suite.NewContextAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(url);
        var replayId = (await SdkSite.ReadyAsync(page))!;
        var distinctId = await SdkSite.DistinctIdAsync(page);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(replayId, 1);
        foreach (var (selector, x, y) in Clicks)
            await page.Locator(selector).ClickAsync(new() { Position = new() { X = x, Y = y }, Delay = 0 });
        await StoredData.WaitForEventsAsync(suite.Server, distinctId, all => all.Count(e => e.Name == "$mp_click") == Clicks.Length);

        await using var teammate = await suite.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var board = dashboard.Page;
        await board.GotoAsync($"{suite.Server.Url}/projects/{await api.DefaultProjectIdAsync()}/heatmaps?url={Uri.EscapeDataString(url)}");
        await Assertions.Expect(board.GetByTestId("heatmap-totals")).ToHaveTextAsync(new Regex("^4 clicks"));

        var wide = await MarksAsync(board);
        await board.SetViewportSizeAsync(700, 900);
        var narrow = await MarksAsync(board);

        // The page did reflow: the unnamed button went from beside the first to under it.
        Assert.True(narrow[".save"].Top > wide[".save"].Top + 40, $"wide {wide[".save"]}, narrow {narrow[".save"]}");
        Assert.True(narrow[".save"].Left < wide[".save"].Left - 200, $"wide {wide[".save"]}, narrow {narrow[".save"]}");
        foreach (var marks in new[] { wide, narrow })
        {
            Assert.True(marks["#buy"].Drawn, $"#buy: {marks["#buy"]}");
            Assert.True(marks[".save"].Drawn, $".save: {marks[".save"]}");
            Assert.False(marks["#never"].Drawn, $"#never: {marks["#never"]}");
        }

        await board.Locator("[data-testid=heatmap-element][data-selector='button#buy']").ClickAsync();
        var moments = board.GetByTestId("heatmap-replays").GetByTestId("moment-link");
        await Assertions.Expect(moments).ToHaveCountAsync(3);
        foreach (var link in await moments.AllAsync())
            Assert.Contains($"/replays/{replayId}?", await link.GetAttributeAsync("href"));
        await board.SetViewportSizeAsync(1280, 800);
        await moments.First.ClickAsync();
        await board.WaitForURLAsync(new Regex($"/replays/{replayId}\\?project=\\d+&t=\\d+$"));
        await Assertions.Expect(dashboard.Player).ToBeVisibleAsync();
    }

    /// <summary>Per clicked (and never clicked) element: where it is in the rebuilt page, and whether a mark covers its spot.</summary>
    private static async Task<Dictionary<string, Mark>> MarksAsync(IPage board)
    {
        const string probe = """
            ([clicks, never]) => {
              const stage = document.querySelector('[data-testid=heatmap-stage]');
              const frame = stage?.querySelector('iframe');
              const canvas = stage?.querySelector('[data-testid=heatmap-canvas]');
              const doc = frame?.contentDocument;
              // Laid out for the stage as it is now, and drawn for that layout.
              if (!doc || !canvas || stage.dataset.drawn !== 'true' || frame.clientWidth !== stage.clientWidth || canvas.style.width !== stage.clientWidth + 'px') return null;
              const ratio = canvas.width / stage.clientWidth;
              const ctx = canvas.getContext('2d');
              const spots = [...clicks, [never, 120, 30]];
              return JSON.stringify(spots.map(([selector, x, y]) => {
                const box = doc.querySelector(selector).getBoundingClientRect();
                const alpha = ctx.getImageData(Math.round((box.left + x) * ratio), Math.round((box.top + y) * ratio), 1, 1).data[3];
                return { selector, left: box.left, top: box.top, alpha };
              }));
            }
            """;
        var arguments = new object[] { Clicks.Select(c => new object[] { c.Selector, c.X, c.Y }).ToArray(), "#never" };
        IJSHandle handle;
        try
        {
            handle = await board.WaitForFunctionAsync(probe, arguments);
        }
        catch (TimeoutException)
        {
            // What the page showed instead, so a failure says why.
            throw new TimeoutException("The heatmap was not drawn: " + await board.EvaluateAsync<string>(Unfinished));
        }
        var spots = JsonNode.Parse(await handle.JsonValueAsync<string>())!.AsArray();
        return spots.GroupBy(s => (string)s!["selector"]!).ToDictionary(g => g.Key,
            g => new Mark((double)g.First()!["left"]!, (double)g.First()!["top"]!, g.All(s => (int)s!["alpha"]! > 0)));
    }

    private const string Unfinished = """
        () => {
          const stage = document.querySelector('[data-testid=heatmap-stage]');
          const frame = stage?.querySelector('iframe');
          return JSON.stringify({
            drawn: stage?.dataset.drawn, stage: stage?.clientWidth, frame: frame?.clientWidth, canvas: stage?.querySelector('[data-testid=heatmap-canvas]')?.style.width,
            body: frame?.contentDocument?.body?.innerHTML?.slice(0, 300), page: document.querySelector('main')?.innerText?.slice(0, 500),
          });
        }
        """;

    private sealed record Mark(double Left, double Top, bool Drawn);
}
