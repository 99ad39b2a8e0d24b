using System.Text.Json.Nodes;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Bench.Player;

/// <summary>
/// Item 6: the dashboard's player on a 60-minute replay (<see cref="LongReplay"/>): the time from opening the
/// replay's link to its first frame, and the time each of 10 seeks to random moments takes to land.
/// </summary>
public static class PlayerBench
{
    const int Opens = 5, Seeks = 10;

    /// <summary>
    /// Watches the dashboard from inside the page (top frame only): the first animation frame at which the
    /// player shows a replayed page, and, for a click on the timeline, the first frame at which the replayed
    /// page shows the marker of the moment the player says it is at. Times are performance.now(): ms since
    /// the navigation started.
    /// </summary>
    const string Probe = """
        if (window === window.top) {
          const bench = window.__bench = { firstFrame: null, seekStart: null, seekEnd: null };
          const player = () => document.querySelector('[data-testid=player]');
          const stage = () => document.querySelector('[data-testid=player-frame]');
          const replayed = () => stage() && stage().querySelector('iframe') && stage().querySelector('iframe').contentDocument;
          const showing = () => {
            const p = player(), s = stage(), d = replayed();
            return p && ['playing', 'paused', 'ended'].includes(p.dataset.state) && getComputedStyle(s).visibility !== 'hidden'
              && d && d.body && d.body.childElementCount > 0;
          };
          const watchFirst = () => { if (showing()) bench.firstFrame = performance.now(); else requestAnimationFrame(watchFirst); };
          requestAnimationFrame(watchFirst);
          const landed = () => {
            const p = player(), d = replayed();
            if (!showing()) return false;
            const mark = Math.floor(Number(p.dataset.currentMs) / MARK) * MARK;
            return d.documentElement.getAttribute('ATTRIBUTE') === String(mark);
          };
          const watchSeek = () => { if (landed()) bench.seekEnd = performance.now(); else requestAnimationFrame(watchSeek); };
          // The timeline seeks when the button is released.
          window.addEventListener('pointerup', (event) => {
            if (!event.target.closest || !event.target.closest('[data-testid=player-timeline]')) return;
            bench.seekStart = performance.now();
            bench.seekEnd = null;
            requestAnimationFrame(watchSeek);
          }, true);
        }
        """;

    public static async Task<Section> RunAsync(BenchParts parts, IReadOnlyList<RecordBatch> visit)
    {
        var (link, replayId, totalMs, chunks) = await PostLongReplayAsync(parts, visit);
        await using var teammate = await NewTeammateAsync(parts);

        var firstFrames = new List<double>();
        IPage page = null!;
        List<IReadOnlyList<string>> coldTimeline = [];
        for (var open = 0; open < Opens; open++)
        {
            if (open > 0) await page.CloseAsync();
            page = await teammate.NewPageAsync();
            await page.GotoAsync(link);
            firstFrames.Add(await WaitForNumberAsync(page, "window.__bench.firstFrame"));
            if (open == 0) coldTimeline = await OpeningTimelineAsync(page, replayId);
        }
        var timeline = await OpeningTimelineAsync(page, replayId);
        // The last open stays: pause it, wait until every chunk is in, then seek.
        await page.GetByTestId("player-play").ClickAsync();
        var loadedAt = await WaitForNumberAsync(page,
            "(() => { const p = document.querySelector('[data-testid=player]'); return p.dataset.loadedChunks === p.dataset.totalChunks ? performance.now() : null; })()",
            timeoutMs: 300_000);
        var dash = new Dashboard(page, parts.Server);
        var random = new Random(20_240_601);
        var seeks = new List<(double TargetMs, double Ms)>();
        for (var i = 0; i < Seeks; i++)
        {
            await dash.SeekToFractionAsync(random.NextDouble());
            var ms = await WaitForNumberAsync(page, "window.__bench.seekEnd !== null ? window.__bench.seekEnd - window.__bench.seekStart : null");
            seeks.Add((await dash.CurrentMsAsync(), ms));
            Console.Error.WriteLine($"  [6] seek to {seeks[^1].TargetMs / 60_000:0.00} min landed in {ms:0.0} ms");
        }
        return Render(totalMs, chunks, visit.Count, firstFrames, loadedAt, seeks, coldTimeline, timeline);
    }


    /// <summary>A posted long replay: its link, id, length and chunk count.</summary>
    public sealed record PostedReplay(string Link, string ReplayId, double TotalMs, int Chunks);

    /// <summary>Posts a 60-minute replay built from the visit (<see cref="LongReplay"/>).</summary>
    public static async Task<PostedReplay> PostLongReplayAsync(BenchParts parts, IReadOnlyList<RecordBatch> visit)
    {
        var replayId = $"long-{Guid.NewGuid():N}";
        var batches = LongReplay.Build(visit.OrderBy(b => b.Seq).GroupBy(b => b.Seq).Select(g => g.Last()).ToList(),
            TimeSpan.FromMinutes(60), DateTimeOffset.UtcNow.AddMinutes(-65).ToUnixTimeMilliseconds());
        for (var seq = 0; seq < batches.Count; seq++)
            (await parts.Api.RecordAsync(replayId, seq, batches[seq].ToJsonString(), "long-replay-watcher")).EnsureSuccessStatusCode();
        var detail = await parts.Api.ReplayAsync(replayId);
        var totalMs = (double)detail["durationMs"]!;
        Console.Error.WriteLine($"  [6] posted a {totalMs / 60_000:0.0}-minute replay in {batches.Count} batches");
        return new PostedReplay($"{parts.Server.Url}/replays/{replayId}?project={await parts.Api.DefaultProjectIdAsync()}",
            replayId, totalMs, batches.Count);
    }

    /// <summary>A logged-in teammate's browser whose pages carry the probe.</summary>
    public static async Task<IBrowserContext> NewTeammateAsync(BenchParts parts)
    {
        var teammate = await parts.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        await teammate.AddInitScriptAsync(Probe.Replace("MARK", LongReplay.MarkerEveryMs.ToString()).Replace("ATTRIBUTE", LongReplay.MarkerAttribute));
        await new Dashboard(await teammate.NewPageAsync(), parts.Server).LoginAsync();
        return teammate;
    }

    /// <summary>
    /// Where an open's time went until its first frame: when each request the player waits for started
    /// and ended (Resource Timing, ms since the navigation started), then the first frame.
    /// </summary>
    static async Task<List<IReadOnlyList<string>>> OpeningTimelineAsync(IPage page, string replayId)
    {
        // As JSON text: Playwright's .NET binding does not build JsonNode results.
        var entries = JsonNode.Parse(await page.EvaluateAsync<string>("""
            () => JSON.stringify([performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
              .map(e => ({ name: e.name, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize || 0, cached: e.transferSize === 0 && e.encodedBodySize > 0 })))
            """))!.AsArray();
        (string Label, Func<string, bool> Match)[] steps =
        [
            ("the dashboard's page", url => url.Contains($"/replays/{replayId}?")),
            ("the dashboard's script", url => url.Contains("/app/assets/index-") && url.EndsWith(".js")),
            ("the session (`/api/auth/me`)", url => url.Contains("/api/auth/me")),
            ("the player's script (rrweb)", url => url.Contains("/app/assets/replayer-")),
            ("the replay's detail", url => url.EndsWith($"/api/replays/{replayId}") || url.Contains($"/api/replays/{replayId}?")),
            ("chunk 0", url => url.Contains($"/api/replays/{replayId}/chunks/0")),
        ];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (label, match) in steps)
        {
            var entry = entries.FirstOrDefault(e => match((string)e!["name"]!));
            if (entry is null) continue;
            rows.Add([label, Md.Ms((double)entry["start"]!), Md.Ms((double)entry["end"]!), Md.Kb((double)entry["bytes"]!),
                (bool)entry["cached"]! ? "yes" : ""]);
        }
        rows.Add(["first frame shown", "", Md.Ms(await page.EvaluateAsync<double>("() => window.__bench.firstFrame")), "", ""]);
        return rows;
    }

    public static async Task<double> WaitForNumberAsync(IPage page, string expression, int timeoutMs = 60_000)
    {
        var handle = await page.WaitForFunctionAsync(expression, null, new() { Timeout = timeoutMs, PollingInterval = 20 });
        return await handle.JsonValueAsync<double>();
    }

    static Section Render(double totalMs, int batches, int visitBatches, List<double> firstFrames, double loadedAt,
        List<(double TargetMs, double Ms)> seeks, List<IReadOnlyList<string>> coldTimeline, List<IReadOnlyList<string>> timeline)
    {
        var worstSeek = seeks.Max(s => s.Ms);
        var seekRows = seeks.Select((s, i) => (IReadOnlyList<string>)[Md.Num(i + 1), $"{s.TargetMs / 60_000:0.00} min", Md.Ms(s.Ms)]);
        return new Section(6, "Player: first frame and seeking in a 60-minute replay", $"""
            **Goals:** first frame ≤ 0.5 s — median of {Opens} opens {Md.Verdict(Stats.Median(firstFrames), 500, Md.Ms)};
            every seek ≤ 0.2 s — the worst of {Seeks} {Md.Verdict(worstSeek, 200, Md.Ms)}.

            **How:** the replay is the two-minute visit of item 2, as Hindsight's SDK sent it ({visitBatches} batches), played
            again and again with shifted timestamps, cut at 60 minutes: {totalMs / 60_000:0.0} minutes, {batches} chunks
            posted through /record, every repetition starting with page loads and full snapshots as the original did. Every 5 s a
            marker (an attribute on the replayed `<html>`) names the moment, so the replayed page itself says where the
            player is. In real Chromium, a logged-in teammate opens the replay's link
            (`/replays/<id>?project=<id>`) {Opens} times, each in a new tab of the browser that logged in (what the login
            page loaded is in its cache; the first open is the first to run the player).
            **First frame** is the time from the navigation's start to the first animation frame at which the player
            shows the replayed page (its state playing, the stage visible, the replayed body built). Then the last tab
            is paused and left until every chunk has downloaded ({Md.Ms(loadedAt)} after its navigation started; a seek
            before that waits for its chunk), and the timeline is clicked at {Seeks} random places (seeded, so the same
            every run). **Seek** is the time from the click's release to the first animation frame at which the replayed
            page carries the marker of the moment the player reports (`data-current-ms`).

            First frame over {Opens} opens: median {Md.Ms(Stats.Median(firstFrames))}, each {string.Join(", ", firstFrames.Select(Md.Ms))}.
            Where the first (cold) and the last open's time went (ms since the navigation started; bytes of the body
            as sent, compressed where the server compresses; "cached" when the browser's cache answered):

            {Md.Table(["first open: waiting for", "requested at", "arrived at", "bytes", "cached"], coldTimeline)}

            {Md.Table(["last open: waiting for", "requested at", "arrived at", "bytes", "cached"], timeline)}

            {Md.Table(["seek", "to", "landed in"], seekRows)}
            """);
    }
}
