using System.Diagnostics;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;

namespace Hindsight.Bench.Watchable;

/// <summary>Time-to-watchable figures over one run of trials, in milliseconds.</summary>
public sealed record WatchableTimes(string Store, IReadOnlyList<double> ListedMs, IReadOnlyList<double> ServedMs);

/// <summary>
/// Item 5: from /record's reply to the replay being watchable — listed in the feed API, and its chunk
/// served. Each trial posts the first batch of the recorded visit (the full snapshot, as the SDK sent it)
/// as a new visitor's new replay, starts the clock when the 200 has arrived, asks the feed for the
/// visitor (by distinct id) until the replay is listed, then asks for chunk 0 until it is served. Requests
/// follow each other with no pause, one at a time.
/// </summary>
public static class TimeToWatchable
{
    public static async Task<WatchableTimes> MeasureAsync(BenchParts parts, RecordBatch firstBatch, string store, int trials = 200)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var listed = new List<double>();
        var served = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var replayId = $"watchable-{run}-{i}";
            var visitor = $"watcher-{run}-{i}";
            (await parts.Api.RecordRawAsync(firstBatch.QueryFor(replayId, visitor), firstBatch.Body)).EnsureSuccessStatusCode();
            var clock = Stopwatch.StartNew();
            while ((await parts.Api.FeedAsync($"$device:{visitor}")).Count == 0) { }
            listed.Add(clock.Elapsed.TotalMilliseconds);
            while (!await ServedAsync(parts, replayId)) { }
            served.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.Error.WriteLine($"  [5] {store}: p50 {Stats.Median(served):0.0} ms, p95 {Stats.Percentile(served, 95):0.0} ms");
        return new WatchableTimes(store, listed, served);
    }

    static async Task<bool> ServedAsync(BenchParts parts, string replayId)
    {
        try
        {
            return (await parts.Api.ChunkBytesAsync(replayId, 0)).Bytes.Length > 0;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static Section Render(IReadOnlyList<WatchableTimes> runs, int trials)
    {
        var rows = runs.Select(r => (IReadOnlyList<string>)
        [
            r.Store, Md.Ms(Stats.Median(r.ListedMs)), Md.Ms(Stats.Median(r.ServedMs)), Md.Ms(Stats.Percentile(r.ServedMs, 95)),
            Md.Ms(r.ServedMs.Max()), Md.Verdict(Stats.Percentile(r.ServedMs, 95), 1000, Md.Ms),
        ]);
        return new Section(5, "Time to watchable", $"""
            **Goal:** p95 ≤ 1 s from /record's reply to the replay listed in the feed and its chunk served. (Mixpanel
            documents about a minute; PostHog's pipeline takes tens of seconds.)

            **How:** {trials} trials per row against the running server. Each trial posts the visit's first batch (its full
            snapshot, as Hindsight's SDK sent it) as a new visitor's new replay; the clock starts when the 200 has
            arrived; the teammate's API client then asks the feed for that visitor (`GET /api/replays?q=<distinct id>`)
            until the replay is listed, then for chunk 0 (`GET /api/replays/<id>/chunks/0`) until it is served. One
            request at a time, no pause between them: the figure includes those requests' own round trips.
            Replays are written before /record answers (durable acknowledgement), so the first ask normally finds it.

            {Md.Table(["store at the time", "listed, p50", "chunk served, p50", "chunk served, p95", "worst", "goal: p95 ≤ 1 s"], rows)}
            """);
    }
}
