using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Ingestion;

/// <summary>One load run: what wrk reports, and the CPU the server and wrk used meanwhile.</summary>
public sealed record LoadRun(string Target, int Connections, double Seconds, long Requests, long BodyBytes, long Errors, long Non2xx,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs, double ServerCores, double WrkCores)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>
/// Item 4: /record under load on the embedded default (SQLite + folder, durable acknowledgement as
/// shipped), beside the ceiling — POST /bench/discard in the same server process, which reads the body
/// as /record does and discards it — under the same load. The load is wrk with record.lua: many visitors
/// at once, each posting the batches of the recorded visit (item 2) in order, exactly as Hindsight's SDK
/// sent them, then starting a new replay.
/// </summary>
public static class IngestionBench
{
    /// <summary>Concurrent visitors (connections) of the figure the goals are judged on.</summary>
    public const int Visitors = 64;

    /// <summary>Fewer visitors too, shorter: how throughput and latency move with concurrency.</summary>
    static readonly int[] Sweep = [1, 8];
    const string Placeholder = "BENCHREPLAY";

    public static async Task<(LoadRun Record, LoadRun Ceiling, IReadOnlyList<LoadRun> Sweep)> RunAsync(BenchParts parts, IReadOnlyList<RecordBatch> visit, TimeSpan duration)
    {
        var data = Directory.CreateTempSubdirectory("hindsight-bench-batches-");
        try
        {
            var manifest = new StringBuilder();
            foreach (var (batch, i) in visit.Select((b, i) => (b, i)))
            {
                await File.WriteAllBytesAsync(Path.Combine(data.FullName, $"{i:000}.bin"), batch.Body);
                manifest.Append($"{i:000}.bin\t{batch.QueryFor(Placeholder, Placeholder).Replace(Placeholder, "{replay}")}\n");
            }
            await File.WriteAllTextAsync(Path.Combine(data.FullName, "manifest.tsv"), manifest.ToString());

            // Warm both paths first: the JIT, connection pools, the SQLite file's first pages.
            foreach (var path in new[] { "/record/", "/bench/discard" }) await WrkAsync(parts, data.FullName, path, Visitors, TimeSpan.FromSeconds(5));
            var record = await WrkAsync(parts, data.FullName, "/record/", Visitors, duration);
            var ceiling = await WrkAsync(parts, data.FullName, "/bench/discard", Visitors, duration);
            var sweep = new List<LoadRun>();
            foreach (var visitors in Sweep) sweep.Add(await WrkAsync(parts, data.FullName, "/record/", visitors, duration / 2));
            return (record, ceiling, sweep);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    static async Task<LoadRun> WrkAsync(BenchParts parts, string data, string path, int visitors, TimeSpan duration)
    {
        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(parts.Server.Token + ":"));
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-t1", $"-c{visitors}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s",
            "-s", Path.Combine(RepoPaths.Root, "bench", "Hindsight.Bench", "Ingestion", "record.lua"), parts.Server.Url,
            "--", data, authorization, path, $"load-{Guid.NewGuid():N}"[..13], visitors.ToString(),
        }) start.ArgumentList.Add(arg);

        var serverBefore = CpuTime.ProcessSeconds(parts.Server.ProcessId);
        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEndAsync();
        // wrk's CPU time is read while it runs: once it has exited, /proc no longer has it.
        var wrkCpu = 0.0;
        while (!wrk.HasExited)
        {
            try { wrkCpu = CpuTime.ProcessSeconds(wrk.Id); } catch (IOException) { }
            await Task.Delay(100);
        }
        var serverCpu = CpuTime.ProcessSeconds(parts.Server.ProcessId) - serverBefore;
        var result = JsonDocument.Parse((await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'))).RootElement;
        var seconds = result.GetProperty("duration_us").GetInt64() / 1e6;
        double Ms(string name) => result.GetProperty(name).GetInt64() / 1000.0;
        var run = new LoadRun(path, visitors, seconds, result.GetProperty("requests").GetInt64(), result.GetProperty("bytes_sent").GetInt64(),
            result.GetProperty("errors").GetInt64(), result.GetProperty("non2xx").GetInt64(),
            Ms("p50_us"), Ms("p90_us"), Ms("p99_us"), Ms("max_us"), serverCpu / seconds, wrkCpu / seconds);
        Console.Error.WriteLine($"  [4] {path} {visitors} connections {duration.TotalSeconds:0} s: {run.PerSecond:0} req/s, p50 {run.P50Ms:0.0} ms, p99 {run.P99Ms:0.0} ms, " +
            $"errors {run.Errors}, non-2xx {run.Non2xx}, server {run.ServerCores:0.00} cores, wrk {run.WrkCores:0.00} cores");
        return run;
    }

    public static Section Render(LoadRun record, LoadRun ceiling, IReadOnlyList<LoadRun> sweep, IReadOnlyList<RecordBatch> visit, string storeAfter)
    {
        IReadOnlyList<string> Row(string name, LoadRun r) =>
        [
            name, Md.Num(r.Connections), Md.Num(r.PerSecond), $"{r.BodyBytes / r.Seconds / 1e6:0.00} MB/s", Md.Ms(r.P50Ms), Md.Ms(r.P90Ms), Md.Ms(r.P99Ms),
            Md.Ms(r.MaxMs), $"{r.Errors} / {r.Non2xx}", $"{r.ServerCores:0.00} / {r.WrkCores:0.00}",
        ];
        var sizes = visit.Select(b => (double)b.Body.Length).ToList();
        var rows = new List<IReadOnlyList<string>> { Row("/record (durable)", record), Row("ceiling: /bench/discard", ceiling) };
        rows.AddRange(sweep.Select(r => Row("/record (durable)", r)));
        return new Section(4, "Ingestion", $"""
            **Goals:** ≥ 0.5 × the ceiling's requests/s — {Md.Verdict(record.PerSecond / ceiling.PerSecond, 0.5, Md.Ratio, lowerIsBetter: false)};
            ≥ 3,000 batches/s on this 2-core machine — {Md.Verdict(record.PerSecond, 3000, v => $"{Md.Num(v)}/s", lowerIsBetter: false)}.

            **How:** the server process of all the other items (embedded default: SQLite file and blob folder on
            the disk named above; every reply sent only after its batch's blob and rows are durable: batches are
            stored in groups, the group's blobs appended to one segment file and made durable by one `fdatasync` of it, its rows
            committed in one SQLite transaction with `synchronous = FULL`). The load generator is wrk (one thread: an event loop in C,
            cheap enough to leave the server most of the machine) with `Ingestion/record.lua`: each connection is a
            visitor posting the {visit.Count} /record batches of the recorded visit (item 2) in order, bodies and
            query strings exactly as Hindsight's SDK sent them (only replay, distinct and device ids changed), then
            starting a new replay — so every replay row grows chunk by chunk as in production. Batches are
            {Md.Kb(Stats.Median(sizes))} median, {Md.Kb(sizes.Max())} largest (the full snapshots), {Md.Kb(sizes.Average())} mean.
            The ceiling is the same load, same bodies, against `POST /bench/discard` (on only with
            `Hindsight:Benchmark:CeilingEndpoint`), which reads the body as /record does and answers the same JSON:
            Kestrel, routing and body reading, without authentication, decompression, parsing or storage. The goals
            are judged on {Visitors} connections for {record.Seconds:0} s each, after a 5 s warm-up of both; the last
            rows run /record with fewer connections for {sweep.FirstOrDefault()?.Seconds ?? 0:0} s each. **Cores** is CPU
            time over wall time, from /proc (2 = the whole machine). After the runs the store held {storeAfter}.

            {Md.Table(["endpoint", "connections", "requests/s", "request bodies", "p50", "p90", "p99", "max", "errors / non-2xx", "cores: server / wrk"], rows)}
            """);
    }
}
