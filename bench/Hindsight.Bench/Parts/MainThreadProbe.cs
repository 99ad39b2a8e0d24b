using System.Text.Json;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>A page's main thread over one window of time, in milliseconds.</summary>
public sealed record MainThreadCost(double CpuMs, double TaskMs, double ScriptMs, double LayoutAndStyleMs, double LongestTaskMs, double LongestTaskCpuMs);

/// <summary>
/// Measures a page's main thread between <see cref="StartAsync"/> and <see cref="StopAsync"/>: its CPU time
/// (<see cref="CpuTime"/>); the DevTools protocol's Performance metrics — TaskDuration (the wall-clock
/// length of every task the main thread ran), of which ScriptDuration, LayoutDuration and
/// RecalcStyleDuration; and the longest single task, from a trace of top-level tasks ("toplevel" category).
/// </summary>
public sealed class MainThreadProbe
{
    readonly ICDPSession cdp;
    readonly List<JsonElement> traceEvents = [];
    TaskCompletionSource? traceComplete;
    Dictionary<string, double> before = [];
    int rendererPid;
    long cpuBefore;

    MainThreadProbe(ICDPSession cdp)
    {
        this.cdp = cdp;
        cdp.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            if (data is not { } value) return;
            lock (traceEvents)
                foreach (var e in value.GetProperty("value").EnumerateArray()) traceEvents.Add(e.Clone());
        };
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => traceComplete?.TrySetResult();
    }

    public static async Task<MainThreadProbe> AttachAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        return new MainThreadProbe(cdp);
    }

    /// <summary>Opens the window; the page must have loaded (a navigation can move it to another process).</summary>
    public async Task StartAsync()
    {
        rendererPid = await RendererPidAsync();
        await StartTraceAsync("toplevel", "__metadata");
        before = await MetricsAsync();
        cpuBefore = CpuTime.MainThreadNs(rendererPid);
    }

    /// <summary>The page's renderer process, named in a short trace's TracingStartedInBrowser event.</summary>
    async Task<int> RendererPidAsync()
    {
        await StartTraceAsync("disabled-by-default-devtools.timeline");
        await StopTraceAsync();
        lock (traceEvents)
        {
            var started = traceEvents.First(e => Str(e, "name") == "TracingStartedInBrowser");
            var frames = started.GetProperty("args").GetProperty("data").GetProperty("frames").EnumerateArray();
            return frames.First(f => !f.TryGetProperty("parent", out _)).GetProperty("processId").GetInt32();
        }
    }

    async Task StartTraceAsync(params string[] categories)
    {
        lock (traceEvents) traceEvents.Clear();
        traceComplete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await cdp.SendAsync("Tracing.start", new() { ["traceConfig"] = new Dictionary<string, object> {
            ["includedCategories"] = categories }, ["transferMode"] = "ReportEvents" });
    }

    async Task StopTraceAsync()
    {
        await cdp.SendAsync("Tracing.end");
        await traceComplete!.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<MainThreadCost> StopAsync()
    {
        var cpuMs = (CpuTime.MainThreadNs(rendererPid) - cpuBefore) / 1e6;
        var after = await MetricsAsync();
        await StopTraceAsync();
        double Delta(string name) => (after[name] - before[name]) * 1000;
        var longest = LongestRendererTask();
        return new MainThreadCost(cpuMs, Delta("TaskDuration"), Delta("ScriptDuration"),
            Delta("LayoutDuration") + Delta("RecalcStyleDuration"), longest.Wall, longest.Cpu);
    }

    async Task<Dictionary<string, double>> MetricsAsync()
    {
        var reply = await cdp.SendAsync("Performance.getMetrics");
        return reply!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    /// <summary>
    /// The longest top-level task on the page's renderer main thread (CrRendererMain), by wall clock (dur)
    /// and by the thread's CPU time (tdur, which waiting for a core does not inflate).
    /// </summary>
    (double Wall, double Cpu) LongestRendererTask()
    {
        lock (traceEvents)
        {
            var mainThread = traceEvents
                .Where(e => Str(e, "ph") == "M" && Str(e, "name") == "thread_name" && e.GetProperty("pid").GetInt32() == rendererPid
                    && e.TryGetProperty("args", out var args) && Str(args, "name") == "CrRendererMain")
                .Select(e => e.GetProperty("tid").GetInt64())
                .FirstOrDefault(-1);
            var tasks = traceEvents
                .Where(e => Str(e, "ph") == "X" && e.TryGetProperty("dur", out _)
                    && e.GetProperty("pid").GetInt32() == rendererPid && e.GetProperty("tid").GetInt64() == mainThread)
                .ToList();
            double Max(string field) => tasks.Select(e => e.TryGetProperty(field, out var v) ? v.GetDouble() / 1000 : double.NaN).DefaultIfEmpty(0).Max();
            return (Max("dur"), Max("tdur"));
        }
    }

    static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
