using System.Diagnostics;
using Hindsight.Bench;
using Hindsight.Bench.Analytics;
using Hindsight.Bench.Bundles;
using Hindsight.Bench.Heatmaps;
using Hindsight.Bench.Ingestion;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Player;
using Hindsight.Bench.Privacy;
using Hindsight.Bench.RecorderCost;
using Hindsight.Bench.Report;
using Hindsight.Bench.Storage;
using Hindsight.Bench.Visit;
using Hindsight.Bench.Watchable;

// bench/run.sh builds this in Release and runs it; it rewrites BENCHMARKS.md. Options:
//   --only 1,3      run only these items (items 4 to 7 need the visit of item 2, which then runs too)
//   --reps N        repetitions per recorder-cost cell (item 1); default 5, fewer if 15 minutes are not enough
//   --out PATH      where the report goes; default BENCHMARKS.md at the repository root
//   --profile hindsight:move-10000   no report: one item-1 trial under V8's profiler, its hottest functions
//   --profile player                 no report: one open of item 6's long replay, traced (after Hindsight's visit)
//   --bodies DIR    keep every request item 2's visits sent (body and URL), one folder per recorder
var options = BenchOptions.Parse(args);
var clock = Stopwatch.StartNew();
var report = new BenchmarkReport(DateTimeOffset.Now, options.Command);
await using var parts = await BenchParts.StartAsync();

if (options.Profile?.Split(':') is [var recorder, var workload])
{
    await RecorderCostBench.ProfileAsync(parts, recorder, workload, Path.Combine(Path.GetTempPath(), $"{recorder}-{workload}.cpuprofile"));
    return;
}
if (options.Profile == "player")
{
    var visit = await VisitBench.VisitAsync(parts, parts.Recorder("hindsight"), null);
    await PlayerProfile.RunAsync(parts, visit.Of(Traffic.Recording).Select(RecordBatch.From).ToList(), Path.GetTempPath());
    return;
}

if (options.Runs(3)) report.Add(3, await BundleSizes.RunAsync());
if (options.Runs(9)) report.Add(9, TrackIngestionBench.Render(await TrackIngestionBench.RunAsync(parts, TimeSpan.FromSeconds(20)), DateTimeOffset.Now, options.Command));
if (options.Runs(8)) report.Add(8, await PrivacyBench.RunAsync(parts));
if (options.Runs(12)) report.Add(12, await HeatmapBench.RunAsync(parts, options.Command));
if (options.Runs(13)) report.Add(13, await AnalyticsBench.RunAsync(options.Command));
// Item 1 is most of the run; on a machine busy with other work it does fewer repetitions (at least 3).
if (options.Runs(1)) report.Add(1, await RecorderCostBench.RunAsync(parts, options.Repetitions, budget: TimeSpan.FromMinutes(15)));
if (options.Runs(11)) report.Add(11, await CaptureCostBench.RunAsync(parts, options.Repetitions, budget: TimeSpan.FromMinutes(5)));

if (new[] { 2, 4, 5, 6, 7 }.Any(options.Runs))
{
    var visits = await VisitBench.RunAsync(parts, options.BodiesFolder);
    report.Add(2, VisitBench.Render(visits));
    // Hindsight's batches as its SDK sent them: the realistic input of items 4 to 7.
    var batches = visits.Single(v => v.Recorder.Key == "hindsight").Of(Traffic.Recording).Select(RecordBatch.From).ToList();
    var firstBatch = batches.OrderBy(b => b.Seq).First();

    if (options.Runs(7)) report.Add(7, await StorageBench.RunAsync(visits, parts.Server.Token));
    var watchable = new List<WatchableTimes>();
    if (options.Runs(5)) watchable.Add(await TimeToWatchable.MeasureAsync(parts, firstBatch, await parts.StoreSizeAsync()));
    if (options.Runs(6)) report.Add(6, await PlayerBench.RunAsync(parts, batches));
    if (options.Runs(4))
    {
        var (record, ceiling, sweep) = await IngestionBench.RunAsync(parts, batches, TimeSpan.FromSeconds(20));
        report.Add(4, IngestionBench.Render(record, ceiling, sweep, batches, await parts.StoreSizeAsync()));
        if (options.Runs(5)) watchable.Add(await TimeToWatchable.MeasureAsync(parts, firstBatch, await parts.StoreSizeAsync() + ", after the ingestion run"));
    }
    if (options.Runs(5)) report.Add(5, TimeToWatchable.Render(watchable, 200));
}

report.Write(options.OutputPath, await Machine.DescribeAsync(parts), clock.Elapsed);
Console.Error.WriteLine($"Wrote {options.OutputPath} in {clock.Elapsed:mm\\:ss}.");
