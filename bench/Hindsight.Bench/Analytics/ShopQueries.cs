using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Hindsight.Bench.Analytics;

/// <summary>Which SQLite file a query's translation runs on: the events' copy, or the server's own file (people).</summary>
public enum SqliteFile { EventsCopy, Server }

/// <summary>
/// One measured query: the dashboard's request to the server, and the SQL the server runs for it translated
/// to SQLite. <see cref="Sqlite"/> returns the rows it read, to show both answered the same question.
/// </summary>
public sealed record ShopQuery(string Label, double GoalMs, string Path, SqliteFile File, Func<SqliteConnection, Task<int>> Sqlite);

/// <summary>
/// The queries, over the data's 30 days. The SQLite text is the server's statement as it builds it
/// (Analytics/Insights/EventsReport.cs, Funnels/FunnelSql.cs and Funnel.cs, Insights/EventReplays.cs,
/// Queries/KnownEvents.cs, People/PeopleStore.cs) with these changes only: parameters written @name, the
/// lists expanded; the funnel's CTEs marked MATERIALIZED (without it SQLite recomputed them and took minutes); GROUPING SETS (which SQLite lacks) as a UNION ALL of its two GROUP BYs;
/// percentile_cont(0.5) (also lacking) as the mean of the middle one or two rows of the ordered durations.
/// Each one runs the known-events check first, as the server does.
/// </summary>
public static class ShopQueries
{
    const int TopValues = 10, ReplaysLimit = 50, PeopleLimit = 50;
    public const string SearchTerm = "garcia";

    public static IReadOnlyList<ShopQuery> All(long projectId, ShopData data)
    {
        var (from, to) = (data.From, data.To);
        var range = $"from={from}&to={to}";
        var (lastDay, nextDay) = (to - ShopData.Day, to);
        string[] funnel = [ShopData.Viewed, ShopData.Added, ShopData.Purchase];
        var steps = Uri.EscapeDataString(JsonSerializer.Serialize(funnel.Select(e => new { @event = e })));
        var api = $"/api/projects/{projectId}";
        var common = new { projectId, from, to, bucketOrigin = from, bucketSize = ShopData.Day };
        return
        [
            new("events report: Product Viewed, daily, 30 days", 100, $"{api}/insights/events?event={Uri.EscapeDataString(ShopData.Viewed)}&{range}&interval=day",
                SqliteFile.EventsCopy, db => CountAsync(db, projectId, [ShopData.Viewed], EventsReport(breakdown: false), new { common.projectId, common.from, common.to, common.bucketOrigin, common.bucketSize, e0 = ShopData.Viewed })),
            new("events report: the same by country", 100, $"{api}/insights/events?event={Uri.EscapeDataString(ShopData.Viewed)}&{range}&interval=day&breakdown=country",
                SqliteFile.EventsCopy, db => CountAsync(db, projectId, [ShopData.Viewed], EventsReport(breakdown: true),
                    new { common.projectId, common.from, common.to, common.bucketOrigin, common.bucketSize, e0 = ShopData.Viewed, path = "$.\"country\"", none = "$none", other = "$other", top = TopValues })),
            new("funnel: Product Viewed → Added to Cart → Purchase, 30 days", 300, $"{api}/funnels?steps={steps}&{range}",
                SqliteFile.EventsCopy, db => CountAsync(db, projectId, funnel, Funnel(funnel.Length),
                    new { projectId, rangeFrom = from, rangeTo = to, window = ShopData.Day, s0 = funnel[0], s1 = funnel[1], s2 = funnel[2] })),
            new($"people search \"{SearchTerm}\" (first page of {PeopleLimit})", 100, $"{api}/people?q={SearchTerm}",
                SqliteFile.Server, async db => (await db.QueryAsync(PeopleSearch, new { projectId, like = $"%{SearchTerm}%", limit = PeopleLimit + 1 })).Count()),
            new("View Replays: Purchase on the last day's point", 100, $"{api}/insights/events/replays?event={ShopData.Purchase}&from={lastDay}&to={nextDay}",
                SqliteFile.EventsCopy, db => CountAsync(db, projectId, [ShopData.Purchase], EventReplays, new { projectId, from = lastDay, to = nextDay, e0 = ShopData.Purchase, limit = ReplaysLimit + 1 })),
        ];
    }

    /// <summary>The known-events check, then the query; the rows the query answered.</summary>
    static async Task<int> CountAsync(SqliteConnection db, long projectId, string[] events, string sql, object parameters)
    {
        var known = await db.QueryAsync<string>("SELECT DISTINCT name FROM events WHERE project_id = @projectId AND name IN @events",
            new { projectId, events });
        if (known.Count() != events.Distinct().Count()) throw new InvalidOperationException("An event of the query is not in the SQLite copy.");
        return (await db.QueryAsync(sql, parameters, commandTimeout: 600)).Count();
    }

    const string EventsWithPeople = "events e LEFT JOIN identities i ON i.project_id = e.project_id AND i.anon_id = e.distinct_id";
    const string Person = "COALESCE(i.distinct_id, e.distinct_id)";

    static string EventsReport(bool breakdown)
    {
        var value = breakdown ? "(e.properties->>CAST(@path AS VARCHAR))" : "CAST(NULL AS VARCHAR)";
        var label = breakdown ? "CASE WHEN ev.value IS NULL THEN @none WHEN top.value IS NOT NULL THEN ev.value ELSE @other END" : "ev.value";
        var top = breakdown
            ? """
              LEFT JOIN (
                  SELECT name, value FROM (
                      SELECT name, value, ROW_NUMBER() OVER (PARTITION BY name ORDER BY count(*) DESC, value) AS rank
                      FROM ev WHERE value IS NOT NULL GROUP BY name, value
                  ) ranked WHERE rank <= @top
              ) top ON top.name = ev.name AND top.value = ev.value
              """
            : "";
        return $"""
            WITH ev AS (
                SELECT e.name AS name, e.time - ((e.time - @bucketOrigin) % @bucketSize) AS bucket, {Person} AS person, {value} AS value
                FROM {EventsWithPeople}
                WHERE e.project_id = @projectId AND e.name IN (@e0) AND e.time >= @from AND e.time < @to AND TRUE
            ),
            labelled AS (
                SELECT ev.name AS name, {label} AS label, ev.bucket AS bucket, ev.person AS person
                FROM ev {top}
            )
            SELECT name, label, bucket, count(*) AS value FROM labelled GROUP BY name, label, bucket
            UNION ALL
            SELECT name, label, NULL, count(*) AS value FROM labelled GROUP BY name, label
            """;
    }

    static string Funnel(int stepCount)
    {
        var matches = string.Join(",\n", Enumerable.Range(0, stepCount).Select(k => $"(e.name = @s{k} AND TRUE) AS m{k}"));
        var sql = new StringBuilder($"""
            WITH ev AS MATERIALIZED (
                SELECT {Person} AS person, e.insert_id AS insert_id, e.name AS name, e.distinct_id AS distinct_id,
                       e.time AS time, e.replay_id AS replay_id,
            {matches}
                FROM {EventsWithPeople}
                WHERE e.project_id = @projectId AND e.name IN ({string.Join(", ", Enumerable.Range(0, stepCount).Select(k => $"@s{k}"))})
                  AND e.time >= @rangeFrom AND e.time < @rangeTo + @window
                  AND {Person} IS NOT NULL
            ),
            s0 AS MATERIALIZED (
                SELECT person, time AS entered, time, time AS prev_time, insert_id, name, distinct_id, replay_id FROM (
                    SELECT ev.*, ROW_NUMBER() OVER (PARTITION BY person ORDER BY time, insert_id) AS rn
                    FROM ev WHERE m0 AND time < @rangeTo
                ) first_entry WHERE rn = 1
            )
            """);
        for (var k = 1; k < stepCount; k++)
            sql.Append($"""
                ,
                s{k} AS MATERIALIZED (
                    SELECT person, entered, time, prev_time, insert_id, name, distinct_id, replay_id FROM (
                        SELECT prev.person AS person, prev.entered AS entered, ev.time AS time, prev.time AS prev_time,
                               ev.insert_id AS insert_id, ev.name AS name, ev.distinct_id AS distinct_id, ev.replay_id AS replay_id,
                               ROW_NUMBER() OVER (PARTITION BY prev.person ORDER BY ev.time, ev.insert_id) AS rn
                        FROM s{k - 1} prev JOIN ev ON ev.person = prev.person AND ev.m{k}
                          AND ev.time >= prev.time AND ev.insert_id <> prev.insert_id AND ev.time <= prev.entered + @window
                    ) next_step WHERE rn = 1
                )
                """);
        sql.Append('\n');
        // The median as the mean of the middle one or two durations, each step's people read once.
        sql.Append(string.Join("\nUNION ALL ", Enumerable.Range(0, stepCount).Select(k => $"""
            SELECT {k} AS step, COALESCE(max(n), 0) AS people, avg(d) AS median FROM (
                SELECT time - prev_time AS d, ROW_NUMBER() OVER (ORDER BY time - prev_time) AS r, count(*) OVER () AS n FROM s{k}
            ) ordered WHERE r IN ((n + 1) / 2, (n + 2) / 2)
            """)));
        return sql.ToString();
    }

    const string EventReplays = """
        SELECT e.insert_id AS InsertId, e.name AS Name, e.distinct_id AS DistinctId, e.time AS Time, e.replay_id AS ReplayId
        FROM events e
        WHERE e.project_id = @projectId AND e.name IN (@e0) AND e.time >= @from AND e.time < @to AND TRUE AND TRUE
        ORDER BY e.time DESC, e.insert_id DESC
        LIMIT @limit
        """;

    /// <summary>People/PeopleStore.cs's list with a search, newest seen first: SQLite's own SQL, run on the server's file as it is.</summary>
    const string PeopleSearch = """
        WITH matches(id) AS (
            SELECT COALESCE(i.distinct_id, m.distinct_id) FROM people m
            LEFT JOIN identities i ON i.project_id = m.project_id AND i.anon_id = m.distinct_id
            WHERE +m.project_id = @projectId
              AND (m.search_text LIKE @like ESCAPE '\' OR m.property_text LIKE @like ESCAPE '\' OR m.distinct_id LIKE @like ESCAPE '\')
            UNION
            SELECT i.distinct_id FROM identities i WHERE +i.project_id = @projectId AND i.anon_id LIKE @like ESCAPE '\'
        )
        SELECT p.distinct_id, p.name, p.email, p.first_seen, p.last_seen, COALESCE(p.last_seen, -1) AS sort_key
        FROM people p
        WHERE p.project_id = @projectId
          AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.project_id = p.project_id AND i.anon_id = p.distinct_id)
          AND p.distinct_id IN (SELECT id FROM matches)
        ORDER BY COALESCE(p.last_seen, -1) DESC, p.distinct_id DESC
        LIMIT @limit
        """;
}
