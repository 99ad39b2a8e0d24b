using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using System.Text.Json;
using Microsoft.Playwright;

namespace Hindsight.Bench.RecorderCost;

/// <summary>
/// Item 1: what each recorder adds to the page's main thread while the page works. Every trial is a
/// first-time visitor (a fresh browser profile) on workloads.html with one recorder installed:
/// <list type="number">
/// <item>prepare: load the page, wait until the recorder records, move the mouse and click once (posthog-js
/// uploads nothing before an interaction), and wait until its first upload — the full snapshot — has arrived;</item>
/// <item>measure (<see cref="MainThreadProbe"/>) over the window: the workload; 1 s for the recorder to catch up;
/// stopping the recorder, which uploads what it still holds, until that upload has arrived; 0.5 s more. So the
/// window holds the recorder's whole work for the workload: observing, serializing, compressing, sending.</item>
/// </list>
/// Preparing is mostly waiting (mixpanel-browser's first upload comes after 10 s), so the next few trials
/// prepare while one is measured; windows never overlap. Trials alternate recorders, rotating their order
/// every repetition; figures are medians.
/// </summary>
public static class RecorderCostBench
{
    static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Trials prepared ahead of the one being measured; preparing is mostly waiting for first uploads.</summary>
    const int PrepareAhead = 4;

    /// <summary>Item 1: the four ways a page runs, on every workload.</summary>
    public static async Task<Section> RunAsync(BenchParts parts, int repetitions, TimeSpan budget)
    {
        var (results, done) = await MeasureAsync(1, parts, parts.Recorders, Workload.All, repetitions, budget);
        return Render(parts, results, done);
    }

    /// <summary>
    /// Runs up to <paramref name="repetitions"/> repetitions of every (workload, recorder) cell, but no more
    /// than fit in <paramref name="budget"/> once three are done: a machine shared with other work stays
    /// within the whole run's half hour, with fewer repetitions, which the section states.
    /// </summary>
    internal static async Task<(Dictionary<(string Workload, string Recorder), List<MainThreadCost>> Results, int Repetitions)> MeasureAsync(
        int item, BenchParts parts, IReadOnlyList<Recorder> recorders, IReadOnlyList<Workload> workloads, int repetitions, TimeSpan budget)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = (from rep in Enumerable.Range(0, repetitions)
                    from workload in workloads
                    from i in Enumerable.Range(0, recorders.Count)
                    select (Rep: rep, Workload: workload, Recorder: recorders[(i + rep) % recorders.Count])).ToList();
        var results = new Dictionary<(string Workload, string Recorder), List<MainThreadCost>>();
        var prepared = new Queue<Task<Trial>>(plan.Take(PrepareAhead).Select(t => Trial.PrepareAsync(parts, t.Workload, t.Recorder)));
        var done = 0;
        for (var n = 0; n < plan.Count; n++)
        {
            var (rep, workload, recorder) = plan[n];
            Trial trial;
            try
            {
                trial = await prepared.Dequeue();
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or PlaywrightException)
            {
                // A busy machine can stall one page load; a second try tells a stall from a broken recorder.
                Console.Error.WriteLine($"  [{item}] preparing {recorder.Key} on {workload.Key} failed ({e.Message.Split('\n')[0]}); trying again");
                trial = await Trial.PrepareAsync(parts, workload, recorder);
            }
            if (n + PrepareAhead < plan.Count) prepared.Enqueue(Trial.PrepareAsync(parts, plan[n + PrepareAhead].Workload, plan[n + PrepareAhead].Recorder));
            MainThreadCost cost;
            await using (trial) cost = await trial.MeasureAsync();
            Console.Error.WriteLine($"  [{item}] rep {rep + 1}/{repetitions} {workload.Key,-17} {recorder.Key,-10} " +
                $"main thread CPU {cost.CpuMs,7:0.0} ms, tasks {cost.TaskMs,7:0.0} ms, longest task {cost.LongestTaskMs,6:0.0} ms (CPU {cost.LongestTaskCpuMs,6:0.0} ms)");
            var key = (workload.Key, recorder.Key);
            if (!results.TryGetValue(key, out var list)) results[key] = list = [];
            list.Add(cost);

            var repetitionDone = n + 1 == plan.Count || plan[n + 1].Rep != rep;
            if (!repetitionDone) continue;
            done = rep + 1;
            if (done < repetitions && done >= 3 && clock.Elapsed + clock.Elapsed / done > budget)
            {
                Console.Error.WriteLine($"  [{item}] stopping after {done} repetitions: another would pass the {budget.TotalMinutes:0}-minute budget");
                while (prepared.Count > 0)
                {
                    try { await (await prepared.Dequeue()).DisposeAsync(); } catch (Exception) { /* a trial never measured */ }
                }
                break;
            }
        }
        return (results, done);
    }

    /// <summary>
    /// Not a figure: one trial under V8's sampling profiler, for finding where a recorder's time goes. Prints
    /// the functions with the most self time and writes the profile (it opens in Chrome DevTools).
    /// </summary>
    public static async Task ProfileAsync(BenchParts parts, string recorderKey, string workloadKey, string path)
    {
        await using var trial = await Trial.PrepareAsync(parts, Workload.All.Single(w => w.Key == workloadKey), parts.Recorder(recorderKey));
        var profile = await trial.ProfileAsync();
        await File.WriteAllTextAsync(path, profile.GetRawText());
        var self = CpuProfiler.SelfTimes(profile).ToList();
        var total = self.Sum(s => s.SelfMs);
        Console.WriteLine($"{recorderKey} on {workloadKey}: {total:0} ms of samples; profile in {path}");
        foreach (var (function, ms) in self.Take(25)) Console.WriteLine($"  {ms,8:0.0} ms {ms / total,6:P0}  {function}");
    }

    /// <summary>One visitor on workloads.html with one recorder, from page load to the measured window.</summary>
    sealed class Trial : IAsyncDisposable
    {
        IBrowserContext visitor = null!;
        IPage page = null!;
        TrafficMeter traffic = null!;
        MainThreadProbe probe = null!;
        Workload workload = null!;
        Recorder recorder = null!;

        /// <summary>Loads the page and waits until the recorder records and its first upload has arrived.</summary>
        public static async Task<Trial> PrepareAsync(BenchParts parts, Workload workload, Recorder recorder)
        {
            var trial = new Trial { workload = workload, recorder = recorder, visitor = await parts.NewVisitorAsync() };
            try
            {
                trial.traffic = new TrafficMeter(trial.visitor, recorder);
                var page = trial.page = await trial.visitor.NewPageAsync();
                trial.probe = await MainThreadProbe.AttachAsync(page);
                await page.GotoAsync(parts.PageUrl(recorder, $"workloads.html?w={workload.Key}"));
                if (recorder.Records) await page.WaitForFunctionAsync(recorder.IsRecording!, null, new() { Timeout = 30_000 });
                await page.Mouse.MoveAsync(400, 30, new() { Steps = 5 });
                await page.Mouse.ClickAsync(400, 30);
                if (recorder.Records && !await trial.traffic.WaitForUploadsAsync(0, UploadTimeout))
                    throw new InvalidOperationException($"{recorder} never uploaded its first snapshot on {workload.Key}.");
                await page.WaitForTimeoutAsync(500);
                return trial;
            }
            catch
            {
                await trial.DisposeAsync();
                throw;
            }
        }

        public async Task<MainThreadCost> MeasureAsync()
        {
            await probe.StartAsync();
            await RunWindowAsync();
            return await probe.StopAsync();
        }

        public async Task<JsonElement> ProfileAsync()
        {
            var profiler = await CpuProfiler.StartAsync(page);
            await RunWindowAsync();
            return await profiler.StopAsync();
        }

        /// <summary>The window: the workload, 1 s, the recorder stopped and its last upload arrived, 0.5 s.</summary>
        async Task RunWindowAsync()
        {
            if (workload.Typed is { } text)
            {
                await page.FocusAsync("#message");
                await page.Keyboard.TypeAsync(text);
            }
            else
            {
                await page.EvaluateAsync("() => bench.run()");
            }
            await page.WaitForTimeoutAsync(1000);
            if (recorder.Records)
            {
                var before = traffic.RecordingUploadsStarted;
                await page.EvaluateAsync($"() => {{ {recorder.Stop}; }}");
                // posthog-js's request queue sends 3 s after its recorder handed it the last snapshots.
                await traffic.SettleAsync(before, quiet: TimeSpan.FromSeconds(5));
            }
            await page.WaitForTimeoutAsync(500);
        }

        public async ValueTask DisposeAsync() => await visitor.DisposeAsync();
    }

    static Section Render(BenchParts parts, Dictionary<(string Workload, string Recorder), List<MainThreadCost>> results, int repetitions)
    {
        var recorders = parts.Recorders;
        double Median(Workload w, Recorder r, Func<MainThreadCost, double> pick) => Stats.Median(results[(w.Key, r.Key)].Select(pick));
        var cpu = CostTable(parts, (w, r) => Median(w, r, c => c.CpuMs));
        var wall = CostTable(parts, (w, r) => Median(w, r, c => c.TaskMs));
        var longest = PerRecorder(recorders, (w, r) => $"{Md.Ms(Median(w, r, c => c.LongestTaskMs))} ({Md.Ms(Median(w, r, c => c.LongestTaskCpuMs))})");
        var split = PerRecorder(recorders, (w, r) => $"{Md.Ms(Median(w, r, c => c.ScriptMs))} / {Md.Ms(Median(w, r, c => c.LayoutAndStyleMs))}");

        var body = $"""
            **Goal:** Hindsight's added main-thread time ≤ 0.8 × the better peer's, on every workload.

            **How:** real Chromium ({parts.ChromiumVersion}, headless), one first-time visitor (fresh profile) per trial
            on `bench/site/workloads.html` with one recorder installed, recording at full sampling and sending to
            127.0.0.1 (Hindsight and mixpanel-browser to a real Hindsight server process, posthog-js to the local
            sink). Once the recorder records, one mouse move and click (posthog-js uploads nothing before an
            interaction), and once its first upload (the full snapshot) has arrived, the window opens: the workload,
            1 s, then the recorder is stopped — each of them uploads what it still holds when stopped — and the window
            closes 0.5 s after that upload has arrived. So the window holds all the recorder's work for the workload:
            observing, serializing, compressing and sending. Setups (the 10,000 rows to move, the 1,000 rows to
            change, the form) are in the page before any recorder starts: part of its first snapshot, not the window.
            **Main-thread time** is the CPU time of the page's renderer main thread over the window, read from the
            kernel (`/proc/<pid>/task/<pid>/schedstat`): it does not grow while the thread waits for a core, so it
            holds on a shared machine. **Added** is recorder − no recorder. Medians of {repetitions} trials per cell;
            trials alternate recorders, rotating their order every repetition; while one trial is measured the next
            few load and wait for their first upload (windows never overlap).

            **Main-thread CPU time** (median; added over no recorder; ratio to no recorder) — the goal is judged here:

            {cpu}
            **Main-thread task time** — the DevTools protocol's `Performance.getMetrics` TaskDuration, the wall-clock
            length of the tasks the main thread ran; it includes waiting for a core, so it is noisier here:

            {wall}
            **Longest task** in the window (median): the longest top-level task on the renderer's main thread in a
            trace of the window, by wall clock, and in brackets the longest by the thread's CPU time (`tdur`):

            {Md.Table(["workload", .. recorders.Select(r => r.Name)], longest)}
            **Where the task time goes** (median ScriptDuration / LayoutDuration + RecalcStyleDuration). The
            workloads' own code is started through the DevTools protocol and barely shows as script: script time here
            is the recorders'.

            {Md.Table(["workload", .. recorders.Select(r => $"{r.Name}: script / layout+style")], split)}
            """;
        return new Section(1, "Recorder cost in real Chromium", body);
    }

    /// <summary>Per workload: no recorder, each recorder's total (added, ratio), Hindsight's added over each peer's, the goal.</summary>
    static string CostTable(BenchParts parts, Func<Workload, Recorder, double> median)
    {
        var none = parts.Recorders.Single(r => !r.Records);
        var hindsight = parts.Recorder("hindsight");
        var recording = parts.Recorders.Where(r => r.Records).ToList();
        var peers = recording.Where(r => r != hindsight).ToList();
        double Added(Workload w, Recorder r) => median(w, r) - median(w, none);

        var header = new List<string> { "workload", none.Name };
        header.AddRange(recording.Select(r => $"{r.Name}: total (added, × no recorder)"));
        header.AddRange(peers.Select(p => $"Hindsight added ÷ {p.Name.Split(' ')[0]} added"));
        header.Add("goal: ≤ 0.8 × better peer");
        var rows = Workload.All.Select(w =>
        {
            var row = new List<string> { w.Title, Md.Ms(median(w, none)) };
            row.AddRange(recording.Select(r => $"{Md.Ms(median(w, r))} ({Md.MsDelta(Added(w, r))}, {Md.Ratio(median(w, r) / median(w, none))})"));
            // A ratio to a peer that added nothing measurable means nothing.
            row.AddRange(peers.Select(p => Added(w, p) > 0 ? Md.Ratio(Added(w, hindsight) / Added(w, p)) : "–"));
            row.Add(Md.Verdict(Added(w, hindsight), 0.8 * peers.Min(p => Added(w, p)), Md.Ms));
            return (IReadOnlyList<string>)row;
        });
        return Md.Table(header, rows);
    }

    static IEnumerable<IReadOnlyList<string>> PerRecorder(IReadOnlyList<Recorder> recorders, Func<Workload, Recorder, string> cell) =>
        Workload.All.Select(w => (IReadOnlyList<string>)[w.Title, .. recorders.Select(r => cell(w, r))]);
}
