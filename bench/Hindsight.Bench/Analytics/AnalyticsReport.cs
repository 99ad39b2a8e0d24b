using Hindsight.Bench.Report;

namespace Hindsight.Bench.Analytics;

/// <summary>Item 13's section: a table per size, the growth from the smallest to the largest, the goals judged at the largest.</summary>
public static class AnalyticsReport
{
    /// <summary>A SQLite time, or that the statement was interrupted at the cap.</summary>
    static string SqliteMs(double ms) => double.IsInfinity(ms) ? $"> {AnalyticsBench.SqliteCap.TotalSeconds:0} s (interrupted)" : Md.Ms(ms);

    public static Section Render(IReadOnlyList<SizeResult> sizes, string command)
    {
        var (small, large) = (sizes[0], sizes[^1]);
        var verdicts = large.Queries.Select(q => $"{q.Query.Label}: {Md.Verdict(q.Server.P95, q.Query.GoalMs, Md.Ms)}");
        var growth = small.Queries.Zip(large.Queries, (s, l) => (IReadOnlyList<string>)
        [
            l.Query.Label, $"{Md.Ms(s.Server.P50)} → {Md.Ms(l.Server.P50)}", Md.Ratio(l.Server.P50 / s.Server.P50),
            $"{SqliteMs(s.Sqlite.P50)} → {SqliteMs(l.Sqlite.P50)}", Md.Ratio(l.Sqlite.P50 / s.Sqlite.P50),
        ]);
        var tables = string.Join("\n", sizes.Select(size => $"""
            **{Md.Num(size.Load.Events / 1e6, "0.0")} M events**, {Md.Num(size.Load.Replays)} replays (loaded in {size.Load.Took.TotalSeconds:0} s: DuckDB
            file {Md.Kb(size.Load.DuckDbBytes)}, SQLite copy {Md.Kb(size.Load.SqliteCopyBytes)} with its indexes; `GET /api/auth/me`, the floor of an
            authenticated request, p50 {Md.Ms(size.Floor.P50)}; 1-minute load average {size.Load1} as the size finished):

            {Md.Table(["query", "goal", "Hindsight p50", "Hindsight p95", "answer", "SQLite p50", "SQLite p95", "SQLite ÷ Hindsight (p50)"],
                size.Queries.Select(q => (IReadOnlyList<string>)
                [
                    q.Query.Label, $"≤ {Md.Ms(q.Query.GoalMs)}", Md.Ms(q.Server.P50), Md.Ms(q.Server.P95), q.Answer,
                    SqliteMs(q.Sqlite.P50), SqliteMs(q.Sqlite.P95) + (q.Sqlite.Runs < q.Server.Runs && q.Sqlite.Runs > 0 ? $" ({q.Sqlite.Runs} runs)" : ""),
                    Md.Ratio(q.Sqlite.P50 / q.Server.P50),
                ]))}
            """));
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return new Section(13, "Analytics on 5 million events", $"""
            **Goal:** on {Md.Num(large.Load.Events)} events of {Md.Num(ShopData.People)} people over {ShopData.Days} days, on the embedded
            default, server time of 20 runs (judged on p95; p50 in the tables): events report ≤ 100 ms, 3-step funnel ≤ 300 ms,
            people search ≤ 100 ms, View Replays of a chart point ≤ 100 ms —

            {string.Join("\n", verdicts.Select(v => "- " + v))}

            **How:** a generated shop (`bench/Hindsight.Bench/Analytics/ShopData.cs`): {Md.Num(ShopData.People)} people, each with a
            profile (name, email, plan, country), three in ten first visiting under an anonymous id linked to their user
            id; visits in time order over the {ShopData.Days} days before today (UTC), some people far more often than others, each
            a few page views, clicks, searches and a way down Product Viewed → Added to Cart → Checkout Started →
            Purchase (60 %, 30 %, 60 %, 65 % go on), every event with about a dozen properties as mixpanel-browser sends
            them (URL, browser, system, plan, country, product, price); 3 visits in 10 recorded, 8 of those 10 naming their
            replay in `$mp_replay_id`, the others found by person and time (stitching). Written straight into a stopped
            server's stores (events and identity links by DuckDB's appender into `analytics.duckdb`, profiles, links and
            replays into `hindsight.db`; /track is item 9), then the real server process starts on that folder and a
            logged-in teammate sends each request twice to warm up and 20 times timed, one after another, from this
            process over 127.0.0.1. The server sends no Server-Timing header, so **Hindsight** is each request's time at the
            client on loopback, reply read (the `/api/auth/me` floor shows what HTTP, the session and JSON add).
            **SQLite**: the same events and links copied into an SQLite file with an index covering every query here but
            the breakdown (`project_id, name, time, distinct_id, insert_id, replay_id`), and the server's statements
            translated minimally (`Analytics/ShopQueries.cs`: `@` parameters, the funnel's CTEs marked MATERIALIZED, GROUPING SETS as a UNION ALL of its two
            GROUP BYs, `percentile_cont` as the mean of the middle rows), each after the known-events check as the server
            runs it, in this process with a 256 MB page cache; the people search is SQLite in the server too, so its
            column is the server's own statement on the server's own file. View Replays' SQLite figure is the events query
            alone: finding their replays is on `hindsight.db` in both. SQLite warms up once and runs fewer times (at least 5) where 20 would take over
            {AnalyticsBench.SqliteBudget.TotalSeconds:0} s; a statement still running after {AnalyticsBench.SqliteCap.TotalSeconds:0} s is interrupted. Measured {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} with `{command}` (the 1-minute load average
            was {load} as it finished).

            {tables}
            **Growth** from {Md.Num(small.Load.Events / 1e6, "0.0")} M to {Md.Num(large.Load.Events / 1e6, "0.0")} M events (p50):

            {Md.Table(["query", "Hindsight", "growth", "SQLite", "growth"], growth)}
            """);
    }
}
