using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;

namespace Hindsight.Bench.RecorderCost;

/// <summary>
/// Item 11: what console and network capture add to the recorder, Hindsight's parts beside
/// mixpanel-browser's plugins with the same options, on a workload that logs and fetches. Trials as item 1's
/// (<see cref="RecorderCostBench"/>): the same window, probe and alternation.
/// </summary>
public static class CaptureCostBench
{
    public static async Task<Section> RunAsync(BenchParts parts, int repetitions, TimeSpan budget)
    {
        var none = parts.Recorders.Single(r => !r.Records);
        var plain = parts.Recorder("hindsight");
        var hindsight = parts.Recorder("hindsight-capture");
        var mixpanel = parts.Recorder("mixpanel-capture");
        var workload = Workload.LogAndFetch;
        var (results, done) = await RecorderCostBench.MeasureAsync(11, parts, [none, plain, hindsight, mixpanel], [workload], repetitions, budget);

        double Median(Recorder r, Func<MainThreadCost, double> pick) => Stats.Median(results[(workload.Key, r.Key)].Select(pick));
        string Row(string measure, Func<MainThreadCost, double> pick)
        {
            double Added(Recorder r) => Median(r, pick) - Median(none, pick);
            var cells = new[] { plain, hindsight, mixpanel }.Select(r => $"{Md.Ms(Median(r, pick))} ({Md.MsDelta(Added(r))})");
            var ratio = Added(mixpanel) > 0 ? Md.Ratio(Added(hindsight) / Added(mixpanel)) : "–";
            return $"| {measure} | {Md.Ms(Median(none, pick))} | {string.Join(" | ", cells)} | {Md.MsDelta(Added(hindsight) - Added(plain))} | {ratio} |";
        }

        var body = $"""
            **What it measures:** the recorder's cost with `record_console` and `record_network` on, Hindsight's SDK
            beside mixpanel-browser with the same options: `record_network_options` keeps the content-type headers
            both ways and the response bodies of the workload's own requests. The workload ({workload.Title})
            logs objects as an app's debug output does and fetches a 5 kB file three at a time. Trials, window and
            probe as item 1's (`bench/site/workloads.html?w={workload.Key}`); medians of {done} trials per cell.
            Hindsight without capture is there to show what the console and network parts add by themselves
            (they load beside the recorder only when their option is on; their sizes are in item 3).

            | main thread | no recorder | {plain.Name}: total (added) | {hindsight.Name}: total (added) | {mixpanel.Name}: total (added) | what capture adds to Hindsight | Hindsight added ÷ mixpanel-browser added |
            |---|---:|---:|---:|---:|---:|---:|
            {Row("CPU time", c => c.CpuMs)}
            {Row("task time", c => c.TaskMs)}
            {Row("script time", c => c.ScriptMs)}
            {Row("longest task", c => c.LongestTaskMs)}

            """;
        return new Section(11, "Recorder cost with console and network capture on", body);
    }
}
