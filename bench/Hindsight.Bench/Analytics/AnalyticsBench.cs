using System.Diagnostics;
using System.Text.Json.Nodes;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace Hindsight.Bench.Analytics;

public sealed record Timing(double P50, double P95, int Runs);

public sealed record QueryResult(ShopQuery Query, Timing Server, string Answer, Timing Sqlite, int SqliteRows);

public sealed record SizeResult(LoadFigures Load, Timing Floor, IReadOnlyList<QueryResult> Queries, string Load1);

/// <summary>
/// Item 13: the analytics views over a month of a shop's events at 0.5 M and 5 M events — the real server
/// process on the embedded default answering over HTTP, and the same queries' SQL on SQLite beside it.
/// </summary>
public static class AnalyticsBench
{
    public static readonly int[] Sizes = [500_000, 5_000_000];
    const int Runs = 20, Warmups = 2;

    /// <summary>SQLite's slowest queries run fewer times (at least <see cref="MinSqliteRuns"/>) so the item stays within minutes.</summary>
    public static readonly TimeSpan SqliteBudget = TimeSpan.FromSeconds(45);
    const int MinSqliteRuns = 5;
    public static readonly TimeSpan SqliteCap = TimeSpan.FromSeconds(60);

    public static async Task<Section> RunAsync(string command)
    {
        var today = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / ShopData.Day * ShopData.Day;
        var results = new List<SizeResult>();
        foreach (var size in Sizes) results.Add(await MeasureAsync(new ShopData(size, today)));
        return AnalyticsReport.Render(results, command);
    }

    static async Task<SizeResult> MeasureAsync(ShopData data)
    {
        await using var server = await HindsightServer.StartAsync();
        long projectId;
        using (var admin = new ServerApi(server))
        {
            await admin.LoginAsync();
            projectId = await admin.DefaultProjectIdAsync();
        }
        // The stores are written while the server is stopped: DuckDB lets one process at a time open its file.
        server.Kill();
        var copyFolder = Directory.CreateTempSubdirectory("hindsight-bench-sqlite-");
        try
        {
            var copyPath = Path.Combine(copyFolder.FullName, "events.db");
            var load = await ShopLoader.LoadAsync(server, projectId, data, copyPath);
            Console.Error.WriteLine($"  [13] {load.Events:N0} events, {load.Replays:N0} replays loaded in {load.Took.TotalSeconds:0} s " +
                $"(DuckDB {Md.Kb(load.DuckDbBytes)}, SQLite copy {Md.Kb(load.SqliteCopyBytes)})");
            await server.StartProcessAsync();
            using var teammate = new ServerApi(server);
            await teammate.LoginAsync();

            var queries = ShopQueries.All(projectId, data);
            var floor = await TimeAsync(() => teammate.GetStringAsync("/api/auth/me"), Runs, TimeSpan.MaxValue);
            var served = new List<(Timing, string)>();
            foreach (var query in queries)
            {
                string reply = "";
                var timing = await TimeAsync(async () => reply = await teammate.GetStringAsync(query.Path), Runs, TimeSpan.MaxValue);
                served.Add((timing, Describe(JsonNode.Parse(reply)!)));
                Console.Error.WriteLine($"  [13] {load.Events:N0}: {query.Label}: p50 {Md.Ms(timing.P50)}, p95 {Md.Ms(timing.P95)} — {served[^1].Item2}");
            }

            var results = new List<QueryResult>();
            for (var i = 0; i < queries.Count; i++)
            {
                var query = queries[i];
                var file = query.File == SqliteFile.EventsCopy ? copyPath : Path.Combine(server.DataPath, "hindsight.db");
                await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
                await db.OpenAsync();
                await Dapper.SqlMapper.ExecuteAsync(db, "PRAGMA cache_size = -262144");
                var rows = 0;
                // A statement past the cap is interrupted: its figure is then "over the cap", not a time.
                Timing timing;
                try
                {
                    timing = await TimeAsync(async () =>
                    {
                        using var cap = new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(db.Handle), null, SqliteCap, Timeout.InfiniteTimeSpan);
                        rows = await query.Sqlite(db);
                    }, Runs, SqliteBudget, warmups: 1);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 9) { timing = new Timing(double.PositiveInfinity, double.PositiveInfinity, 0); }
                Console.Error.WriteLine($"  [13] SQLite: {query.Label}: p50 {Md.Ms(timing.P50)}, p95 {Md.Ms(timing.P95)} over {timing.Runs} ({rows} rows)");
                results.Add(new QueryResult(query, served[i].Item1, served[i].Item2, timing, rows));
            }
            return new SizeResult(load, floor, results, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        }
        finally
        {
            copyFolder.Delete(recursive: true);
        }
    }

    /// <summary>Warm-ups, then up to <paramref name="runs"/> timed runs, fewer once <paramref name="budget"/> is spent.</summary>
    static async Task<Timing> TimeAsync(Func<Task> run, int runs, TimeSpan budget, int warmups = Warmups)
    {
        for (var i = 0; i < warmups; i++) await run();
        var times = new List<double>();
        var spent = Stopwatch.StartNew();
        while (times.Count < runs && (times.Count < MinSqliteRuns || spent.Elapsed < budget))
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return new Timing(Stats.Median(times), Stats.Percentile(times, 95), times.Count);
    }

    /// <summary>What a reply held, in words: shows the query answered something real.</summary>
    static string Describe(JsonNode reply)
    {
        if (reply["series"] is JsonArray series)
            return $"{series.Count} series, {series.Sum(s => (long)s!["total"]!):N0} events";
        if (reply["steps"] is JsonArray steps)
            return string.Join(" → ", steps.Select(s => ((long)s!["count"]!).ToString("N0"))) + " people";
        if (reply["items"] is JsonArray items && reply["truncated"] is not null)
            return $"{items.Count} events{((bool)reply["truncated"]! ? " (more)" : "")}, {items.Count(i => i!["replay"] is not null)} with a replay";
        if (reply["people"] is JsonArray people)
            return $"{people.Count} people{(reply["nextCursor"] is not null ? " (more)" : "")}";
        return "?";
    }
}
