using System.Text.Json;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>
/// V8's sampling profiler on a page (the DevTools protocol's Profiler domain): where a window's script
/// time goes, function by function. The profile it returns opens in Chrome DevTools' Performance panel.
/// </summary>
public sealed class CpuProfiler
{
    readonly ICDPSession cdp;

    CpuProfiler(ICDPSession cdp) => this.cdp = cdp;

    public static async Task<CpuProfiler> StartAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new() { ["interval"] = 100 });
        await cdp.SendAsync("Profiler.start");
        return new CpuProfiler(cdp);
    }

    public async Task<JsonElement> StopAsync() => (await cdp.SendAsync("Profiler.stop"))!.Value.GetProperty("profile").Clone();

    /// <summary>Self time per function (name and script file), largest first.</summary>
    public static IEnumerable<(string Function, double SelfMs)> SelfTimes(JsonElement profile)
    {
        var nodes = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32());
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble() / 1000).ToList();
        var self = new Dictionary<string, double>();
        // A sample's time is the delta to the next sample.
        for (var i = 0; i < samples.Count - 1; i++)
        {
            var frame = nodes[samples[i]].GetProperty("callFrame");
            var name = frame.GetProperty("functionName").GetString() is { Length: > 0 } f ? f : "(anonymous)";
            var url = frame.GetProperty("url").GetString() ?? "";
            var line = frame.GetProperty("lineNumber").GetInt32() + 1;
            var column = frame.GetProperty("columnNumber").GetInt32() + 1;
            var key = url.Length > 0 ? $"{name} ({Path.GetFileName(new Uri(url).AbsolutePath)}:{line}:{column})" : name;
            self[key] = self.GetValueOrDefault(key) + deltas[i + 1];
        }
        return self.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value));
    }
}
