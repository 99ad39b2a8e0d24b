using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Player;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Bench.Heatmaps;

/// <summary>
/// Item 12: the heatmap of one page with 100,000 clicks on it — the server's answer to
/// GET /api/projects/{id}/heatmaps, and the Heatmaps page in Chromium from opening its link to the clicks
/// drawn over the page rebuilt from a replay.
/// </summary>
public static class HeatmapBench
{
    const int Clicks = 100_000, RageClicks = 2_000, DeadClicks = 2_000, PageLeaves = 5_000, PerBatch = 50, Senders = 8;
    const int Buttons = 50, Items = 50, Queries = 10, Opens = 5;
    const string Page = "https://shop.example/product/1";

    /// <summary>Inside the dashboard: the first animation frame at which the heatmap's stage says it has drawn.</summary>
    const string Probe = """
        if (window === window.top) {
          const bench = window.__bench = { drawn: null, drawMs: null };
          const watch = () => {
            const stage = document.querySelector('[data-testid=heatmap-stage][data-drawn=true]');
            if (stage) { bench.drawn = performance.now(); bench.drawMs = Number(stage.dataset.drawMs); }
            else requestAnimationFrame(watch);
          };
          requestAnimationFrame(watch);
        }
        """;

    public static async Task<Section> RunAsync(BenchParts parts, string command)
    {
        var projectId = await parts.Api.DefaultProjectIdAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeMilliseconds();
        var replayId = $"heatmap-{Guid.NewGuid():N}";
        var snapshot = Start(start, Body());
        foreach (var move in Activity(start + 1_000, start + 10 * 60_000, 5_000)) snapshot.Add(move!.DeepClone());
        (await parts.Api.RecordAsync(replayId, 0, snapshot.ToJsonString(), "heatmap-visitor")).EnsureSuccessStatusCode();

        var sending = Stopwatch.StartNew();
        await SendAsync(parts.Server, replayId, start);
        var url = $"/api/projects/{projectId}/heatmaps?url={Uri.EscapeDataString(Page)}&from={start - 60_000}&to={start + 11 * 60_000}";
        // Until the writer has committed every event (it acknowledges them durably, so this is quick).
        while ((long)(await parts.Api.GetJsonAsync(url))["clicks"]! < Clicks) await Task.Delay(200);
        Console.Error.WriteLine($"  [12] {Clicks + RageClicks + DeadClicks + PageLeaves:N0} events tracked in {sending.Elapsed.TotalSeconds:0.0} s");

        var times = new List<double>();
        long bytes = 0;
        JsonNode reply = null!;
        for (var i = 0; i < Queries; i++)
        {
            var clock = Stopwatch.StartNew();
            var text = await parts.Api.GetStringAsync(url);
            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes = Encoding.UTF8.GetByteCount(text);
            reply = JsonNode.Parse(text)!;
        }
        var points = reply["elements"]!.AsArray().Sum(e => e!["points"]!.AsArray().Count);
        Console.Error.WriteLine($"  [12] server: median {Stats.Median(times):0} ms over {Queries}, {points:N0} spots, {bytes / 1000:N0} kB");

        await using var teammate = await parts.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        await teammate.AddInitScriptAsync(Probe);
        await new Dashboard(await teammate.NewPageAsync(), parts.Server).LoginAsync();
        var link = $"{parts.Server.Url}/projects/{projectId}/heatmaps?url={Uri.EscapeDataString(Page)}&range=24h";
        var opens = new List<(double Drawn, double ReplyEnd, double DrawMs)>();
        for (var open = 0; open < Opens; open++)
        {
            var page = await teammate.NewPageAsync();
            await page.GotoAsync(link);
            var drawn = await PlayerBench.WaitForNumberAsync(page, "() => window.__bench.drawn");
            var replyEnd = await page.EvaluateAsync<double>(
                "() => performance.getEntriesByType('resource').find(e => e.name.includes('/heatmaps?')).responseEnd");
            opens.Add((drawn, replyEnd, await page.EvaluateAsync<double>("() => window.__bench.drawMs")));
            Console.Error.WriteLine($"  [12] open {open + 1}: drawn at {drawn:0} ms (reply at {replyEnd:0} ms, layout and draw {opens[^1].DrawMs:0.0} ms)");
            await page.CloseAsync();
        }
        return Render(times, bytes, reply, points, opens, command);
    }

    /// <summary>50 buttons with ids in a row that wraps, then a list of 50 items without: both kinds of selector.</summary>
    static JsonArray Body()
    {
        var buttons = new JsonArray();
        for (var i = 0; i < Buttons; i++)
            buttons.Add(Element(100 + 2 * i, "button", new JsonObject { ["id"] = $"b{i}", ["class"] = "cta", ["style"] = "width:200px;height:40px;margin:4px" },
                [Text(101 + 2 * i, $"Button {i}")]));
        var items = new JsonArray();
        for (var i = 0; i < Items; i++)
            items.Add(Element(300 + 2 * i, "li", new JsonObject { ["style"] = "height:30px" }, [Text(301 + 2 * i, $"Item {i}")]));
        return [Element(10, "div", new JsonObject(), buttons), Element(11, "ul", new JsonObject(), items)];
    }

    /// <summary>The $elements chain of element k: a button by id, or a list item by its place.</summary>
    static object[] Chain(int k) => k < Buttons
        ? [new Dictionary<string, object> { ["$tag_name"] = "button", ["$id"] = $"b{k}", ["$classes"] = new[] { "cta" }, ["$nth_of_type"] = k + 1, ["$nth_child"] = k + 1 },
           new Dictionary<string, object> { ["$tag_name"] = "div", ["$classes"] = Array.Empty<string>(), ["$nth_of_type"] = 1, ["$nth_child"] = 1 },
           new Dictionary<string, object> { ["$tag_name"] = "body", ["$classes"] = Array.Empty<string>(), ["$nth_of_type"] = 1, ["$nth_child"] = 2 }]
        : [new Dictionary<string, object> { ["$tag_name"] = "li", ["$classes"] = Array.Empty<string>(), ["$nth_of_type"] = k - Buttons + 1, ["$nth_child"] = k - Buttons + 1 },
           new Dictionary<string, object> { ["$tag_name"] = "ul", ["$classes"] = Array.Empty<string>(), ["$nth_of_type"] = 1, ["$nth_child"] = 2 },
           new Dictionary<string, object> { ["$tag_name"] = "body", ["$classes"] = Array.Empty<string>(), ["$nth_of_type"] = 1, ["$nth_child"] = 2 }];

    /// <summary>The events, as the SDK sends them (batches of 50 to /track), by a few senders at once.</summary>
    static async Task SendAsync(HindsightServer server, string replayId, long start)
    {
        var random = new Random(12);
        var events = new List<(string Name, Dictionary<string, object> Properties)>();
        void Add(string name, int count)
        {
            for (var i = 0; i < count; i++)
            {
                // Skewed towards the first elements, as real pages are: a few hot buttons, a long tail.
                var k = (int)(Math.Pow(random.NextDouble(), 2) * (Buttons + Items));
                events.Add((name, new Dictionary<string, object>
                {
                    ["$current_url"] = Page + (i % 3 == 0 ? "?ref=mail" : ""), ["$elements"] = Chain(k),
                    ["$offsetX"] = random.Next(k < Buttons ? 200 : 600), ["$offsetY"] = random.Next(k < Buttons ? 40 : 30),
                    ["$viewportWidth"] = 1280, ["$viewportHeight"] = 800, ["$el_tag_name"] = k < Buttons ? "button" : "li",
                }));
            }
        }
        Add("$mp_click", Clicks);
        Add("$mp_rage_click", RageClicks);
        Add("$mp_dead_click", DeadClicks);
        for (var i = 0; i < PageLeaves; i++)
            events.Add(("$mp_page_leave", new Dictionary<string, object> { ["$current_url"] = Page, ["$max_scroll_percentage"] = random.Next(101) }));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Senders, UseCookies = false })
        {
            BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(60),
        };
        var batches = events.Select((e, i) => (e, i)).Chunk(PerBatch).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            for (var b = Interlocked.Increment(ref next); b < batches.Count; b = Interlocked.Increment(ref next))
            {
                var items = batches[b].Select(x =>
                {
                    var props = new Dictionary<string, object>(x.e.Properties)
                    {
                        ["token"] = server.Token, ["time"] = start + 2_000 + x.i % (9 * 60_000), ["distinct_id"] = $"visitor-{x.i % 5_000}",
                        ["$insert_id"] = $"{replayId}-{x.i}", ["$mp_replay_id"] = replayId,
                    };
                    return new { @event = x.e.Name, properties = props };
                });
                var body = "data=" + Uri.EscapeDataString(Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(items)));
                for (var attempt = 0; ; attempt++)
                {
                    using var reply = await http.PostAsync("/track/?verbose=1", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
                    if (reply.StatusCode == HttpStatusCode.OK) break;
                    // 503 when the writer's queue is full: the SDK retries, so does this.
                    if (attempt > 20) reply.EnsureSuccessStatusCode();
                    await Task.Delay(200);
                }
            }
        })));
    }

    static Section Render(List<double> times, long bytes, JsonNode reply, int points, List<(double Drawn, double ReplyEnd, double DrawMs)> opens, string command)
    {
        var drawn = Stats.Median(opens.Select(o => o.Drawn));
        var rows = opens.Select((o, i) => (IReadOnlyList<string>)[Md.Num(i + 1), Md.Ms(o.ReplyEnd), Md.Ms(o.Drawn), Md.Ms(o.Drawn - o.ReplyEnd), Md.Ms(o.DrawMs)]);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return new Section(12, "Heatmaps: 100,000 clicks on one page", $"""
            **Goal:** a heatmap draws in ≤ 1 s for 100,000 clicks on one URL — median of {Opens} opens of the page
            {Md.Verdict(drawn, 1000, Md.Ms)} (×{drawn / 1000:0.00} the goal).

            **How:** {Clicks:N0} `$mp_click`, {RageClicks:N0} `$mp_rage_click` and {DeadClicks:N0} `$mp_dead_click` on one page
            (a third of them with a query string, which the page ignores), spread over {Buttons} buttons with ids and {Items}
            list items without (so half the selectors are `:nth-of-type` paths), skewed towards the first, each at a random
            spot of its element, plus {PageLeaves:N0} `$mp_page_leave`, all naming one stored replay of that page; sent to
            /track as the SDK sends them (batches of {PerBatch}) into the analytics store of the server process of the other
            items. **Server:** GET `/api/projects/<id>/heatmaps?url=<the page>` over the events' 11 minutes,
            {Queries} times in a row from the bench's HTTP client: the elements (the top {reply["elements"]!.AsArray().Count}
            of {Buttons + Items}, each with its up to 500 most clicked spots on a 4 px grid: {points:N0} spots in all), the scroll depth
            and the replay to draw the page from; the reply is {Md.Kb(bytes)} of JSON. **Dashboard:** in Chromium, a
            logged-in teammate (1440×900) opens the page's link (`/projects/<id>/heatmaps?url=…`) {Opens} times, each in a
            new tab; **drawn** is the first animation frame at which the stage has drawn every spot over the page rebuilt
            from the replay (ms since the navigation started), **reply** when the heatmap's reply had arrived, and
            **layout and draw** the stage's own work: finding each element in the rebuilt page, placing the spots,
            painting them on the canvas. Measured {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} with `{command}` (the
            1-minute load average was {load} as it finished).

            Server: median {Md.Ms(Stats.Median(times))}, first {Md.Ms(times[0])}, slowest {Md.Ms(times.Max())} over {Queries} requests.

            {Md.Table(["open", "reply at", "drawn at", "reply → drawn", "layout and draw"], rows)}
            """);
    }
}
