using System.Diagnostics;
using System.Net;
using System.Text;
using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Ingestion;

/// <summary>One /track load run: acknowledged events, latency of each request, and the CPU used meanwhile.</summary>
public sealed record TrackRun(int Senders, double Seconds, long Requests, long Events, long Refused, double P50Ms, double P99Ms, double MaxMs,
    double ServerCores, double SenderCores)
{
    public double EventsPerSecond => Events / Seconds;
}

/// <summary>
/// Item 9: /track ingestion with durable acknowledgement — events land in the analytics store (DuckDB), a
/// reply only after their commit, requests arriving together committed together. Each sender is a browser
/// tab's SDK: batches of 50 events as the SDK flushes them, `data=` + URL-encoded base64 of the JSON, POSTed
/// one after the other (the next once the last is answered); the events carry the properties
/// mixpanel-browser adds, each with a fresh $insert_id, so every one is a new row.
/// </summary>
public static class TrackIngestionBench
{
    public const int EventsPerBatch = 50;

    /// <summary>Concurrent senders of the figure the goal is judged on.</summary>
    public const int JudgedSenders = 32;

    static readonly int[] Senders = [1, 8, JudgedSenders, 64];

    public static async Task<IReadOnlyList<TrackRun>> RunAsync(BenchParts parts, TimeSpan duration)
    {
        await RunOnceAsync(parts.Server, 8, TimeSpan.FromSeconds(5)); // warm-up: the JIT, the DuckDB file's first blocks
        var runs = new List<TrackRun>();
        foreach (var senders in Senders) runs.Add(await RunOnceAsync(parts.Server, senders, duration));
        return runs;
    }

    static async Task<TrackRun> RunOnceAsync(HindsightServer server, int senders, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders, UseCookies = false })
        {
            BaseAddress = new Uri(server.Url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var run = Guid.NewGuid().ToString("N")[..8];
        var latencies = new List<double>[senders];
        long events = 0, refused = 0;
        var serverBefore = CpuTime.ProcessSeconds(server.ProcessId);
        var selfBefore = CpuTime.ProcessSeconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            var mine = latencies[sender] = [];
            for (var batch = 0; clock.Elapsed < duration; batch++)
            {
                var body = Body(server.Token, $"{run}-{sender}", batch);
                var started = Stopwatch.GetTimestamp();
                using var reply = await http.PostAsync($"/track/?verbose=1&ip=1&_={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}",
                    new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
                await reply.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (reply.StatusCode == HttpStatusCode.OK) Interlocked.Add(ref events, EventsPerBatch);
                else Interlocked.Increment(ref refused);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var serverCores = (CpuTime.ProcessSeconds(server.ProcessId) - serverBefore) / seconds;
        var senderCores = (CpuTime.ProcessSeconds(Environment.ProcessId) - selfBefore) / seconds;
        var all = latencies.SelectMany(l => l).ToList();
        var result = new TrackRun(senders, seconds, all.Count, events, refused, Stats.Median(all), Stats.Percentile(all, 99), all.Max(),
            serverCores, senderCores);
        Console.Error.WriteLine($"  [9] /track {senders} senders {seconds:0} s: {result.EventsPerSecond:0} events/s, p50 {result.P50Ms:0.0} ms, " +
            $"p99 {result.P99Ms:0.0} ms, refused {refused}, server {serverCores:0.00} cores, senders {senderCores:0.00} cores");
        return result;
    }

    /// <summary>One SDK flush: 50 events of one visitor, as mixpanel-browser's properties make them.</summary>
    static string Body(string token, string visitor, int batch)
    {
        var json = new StringBuilder("[");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < EventsPerBatch; i++)
        {
            if (i > 0) json.Append(',');
            json.Append($$"""
                {"event":"{{(i % 3 == 0 ? "$mp_web_page_view" : i % 3 == 1 ? "Product Viewed" : "Added to cart")}}","properties":{"token":"{{token}}","time":{{now - (EventsPerBatch - i) * 10}},"distinct_id":"$device:{{visitor}}","$device_id":"{{visitor}}","$insert_id":"{{visitor}}-{{batch}}-{{i}}","$os":"Linux","$browser":"Chrome","$browser_version":126,"$current_url":"https://shop.example/products/{{i}}?ref=home","$referrer":"https://shop.example/","$referring_domain":"shop.example","$screen_height":800,"$screen_width":1280,"mp_lib":"web","$lib_version":"2.83.0","$mp_replay_id":"{{visitor}}-replay","product_id":"sku-{{i}}","price":{{i * 3 + 0.99}},"currency":"EUR"
                """).Append("}}");
        }
        json.Append(']');
        return "data=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToString())));
    }

    public static Section Render(IReadOnlyList<TrackRun> runs, DateTimeOffset measured, string command)
    {
        var judged = runs.Single(r => r.Senders == JudgedSenders);
        var rows = runs.Select(r => (IReadOnlyList<string>)
        [
            Md.Num(r.Senders), Md.Num(r.EventsPerSecond), Md.Num(r.Requests / r.Seconds), Md.Ms(r.P50Ms), Md.Ms(r.P99Ms), Md.Ms(r.MaxMs),
            Md.Num(r.Refused), $"{r.ServerCores:0.00} / {r.SenderCores:0.00}",
        ]);
        return new Section(9, "/track ingestion into the analytics store", $"""
            **Goal:** ≥ 5,000 events/s with durable acknowledgement on this 2-core machine —
            {Md.Verdict(judged.EventsPerSecond, 5000, v => $"{Md.Num(v)}/s", lowerIsBetter: false)} ({JudgedSenders} senders).

            **How:** the server process of all the other items; every /track reply is sent only after its events
            are committed to the analytics store (`analytics.duckdb`, whose commit writes and fsyncs its
            write-ahead log): one writer takes every request waiting and commits their events in one DuckDB
            transaction (staged with DuckDB's appender, then moved over skipping stored `$insert_id`s). Each
            sender stands for one browser tab's SDK: it POSTs batches of {EventsPerBatch} events as the SDK flushes
            them (`data=` + URL-encoded base64 of the JSON, the properties mixpanel-browser adds, a fresh
            `$insert_id` each, so every event is a new row), the next batch once the last is answered, for
            {judged.Seconds:0} s per row after a 5 s warm-up. Latency is per request; **cores** is CPU time over wall
            time from /proc, of the server and of the senders (this benchmark's own process). Measured
            {measured:yyyy-MM-dd HH:mm zzz} with `{command}`.

            {Md.Table(["senders", "events/s", "requests/s", "p50", "p99", "max", "refused (503)", "cores: server / senders"], rows)}
            """);
    }
}
