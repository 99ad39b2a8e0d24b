using System.Text.Json;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>
/// Chromium's tracing on a page (the DevTools protocol's Tracing domain): every task the renderer ran, with
/// what it did — script, style, layout, paint, parsing. The events open in Chrome DevTools' Performance panel.
/// </summary>
public sealed class ChromiumTrace
{
    readonly ICDPSession cdp;
    readonly List<JsonElement> events = [];
    readonly TaskCompletionSource complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ChromiumTrace(ICDPSession cdp) => this.cdp = cdp;

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        trace.cdp.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            lock (trace.events) trace.events.AddRange(data!.Value.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
        };
        trace.cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => trace.complete.TrySetResult();
        await trace.cdp.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object>
            {
                ["includedCategories"] = new[] { "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8", "loading" },
            },
        });
        return trace;
    }

    /// <summary>Stops tracing; the events collected.</summary>
    public async Task<IReadOnlyList<JsonElement>> StopAsync()
    {
        await cdp.SendAsync("Tracing.end");
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (events) return events.ToList();
    }
}
