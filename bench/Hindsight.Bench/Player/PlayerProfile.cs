using System.Text.Json;
using Hindsight.Bench.Parts;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Player;

/// <summary>
/// Not a figure (`--profile player`): one warm open of item 6's long replay under Chromium's tracing, for
/// finding where the first frame's time goes. Prints the renderer main thread's tasks from the navigation to
/// the first frame, each with the steps that took most of it. (V8's sampling profiler is left off: it slows
/// script several times over and would move the first frame.) The trace opens in Chrome DevTools.
/// </summary>
public static class PlayerProfile
{
    public static async Task RunAsync(BenchParts parts, IReadOnlyList<RecordBatch> visit, string folder)
    {
        var link = (await PlayerBench.PostLongReplayAsync(parts, visit)).Link;
        await using var teammate = await PlayerBench.NewTeammateAsync(parts);
        var cold = await teammate.NewPageAsync();
        await cold.GotoAsync(link);
        await PlayerBench.WaitForNumberAsync(cold, "window.__bench.firstFrame");
        await cold.CloseAsync();

        var page = await teammate.NewPageAsync();
        var tracing = await ChromiumTrace.StartAsync(page);
        await page.GotoAsync(link);
        var firstFrame = await PlayerBench.WaitForNumberAsync(page, "window.__bench.firstFrame");
        var trace = await tracing.StopAsync();
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "player-open.trace.json"), JsonSerializer.Serialize(new { traceEvents = trace }));

        Console.WriteLine($"First frame at {firstFrame:0.0} ms; the trace is {folder}player-open.trace.json");
        PrintMainThread(trace, firstFrame);
    }

    /// <summary>The main thread's tasks of 1 ms or more until the first frame: start, length, the longest steps inside.</summary>
    static void PrintMainThread(IReadOnlyList<JsonElement> all, double firstFrame)
    {
        var mains = all.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name"
                && e.GetProperty("args").GetProperty("name").GetString() == "CrRendererMain")
            .Select(e => (Pid: e.GetProperty("pid").GetInt32(), Tid: e.GetProperty("tid").GetInt32())).ToHashSet();
        // The dashboard's own navigation, not the replayed page's iframe (which navigates too).
        var navigation = all.Where(e => e.GetProperty("name").GetString() == "navigationStart"
            && mains.Contains((e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32()))
            && e.GetProperty("args").TryGetProperty("data", out var data)
            && data.TryGetProperty("documentLoaderURL", out var url) && url.GetString()!.Contains("/replays/")).OrderBy(Ts).FirstOrDefault();
        if (navigation.ValueKind == JsonValueKind.Undefined) { Console.WriteLine("No navigationStart in the trace."); return; }
        var main = (Pid: navigation.GetProperty("pid").GetInt32(), Tid: navigation.GetProperty("tid").GetInt32());
        var origin = Ts(navigation);
        var end = origin + firstFrame * 1000;
        var slices = all.Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("pid").GetInt32() == main.Pid
                && e.GetProperty("tid").GetInt32() == main.Tid && e.TryGetProperty("dur", out _) && Ts(e) >= origin && Ts(e) <= end)
            .OrderBy(Ts).ThenByDescending(Dur).ToList();
        var tasks = slices.Where(e => e.GetProperty("name").GetString() is "RunTask" or "ThreadControllerImpl::RunTask").ToList();
        var busy = 0.0;
        Console.WriteLine("Main thread tasks ≥ 1 ms (start ms, length ms: longest steps inside):");
        foreach (var task in tasks)
        {
            busy += Dur(task) / 1000;
            if (Dur(task) < 1000) continue;
            var inside = slices.Where(e => Ts(e) >= Ts(task) && Ts(e) + Dur(e) <= Ts(task) + Dur(task) && Dur(e) < Dur(task)
                    && e.GetProperty("name").GetString() is not ("RunTask" or "ThreadControllerImpl::RunTask"))
                .GroupBy(Label).Select(g => (Label: g.Key, Ms: g.Sum(Dur) / 1000)).OrderByDescending(s => s.Ms).Take(5);
            Console.WriteLine($"  {(Ts(task) - origin) / 1000,7:0.0} {Dur(task) / 1000,7:0.0}: {string.Join(", ", inside.Select(s => $"{s.Label} {s.Ms:0.0}"))}");
        }
        Console.WriteLine($"Main thread busy {busy:0} ms of the {firstFrame:0} ms to the first frame.");
    }

    static double Ts(JsonElement e) => e.GetProperty("ts").GetDouble();
    static double Dur(JsonElement e) => e.GetProperty("dur").GetDouble();

    static string Label(JsonElement e)
    {
        var name = e.GetProperty("name").GetString()!;
        if (!e.TryGetProperty("args", out var args) || !args.TryGetProperty("data", out var data)) return name;
        if (data.TryGetProperty("url", out var url) && url.GetString() is { Length: > 0 } u) return $"{name}[{Path.GetFileName(new Uri(u).AbsolutePath)}]";
        if (data.TryGetProperty("functionName", out var f) && f.GetString() is { Length: > 0 } fn) return $"{name}[{fn}]";
        return name;
    }
}
