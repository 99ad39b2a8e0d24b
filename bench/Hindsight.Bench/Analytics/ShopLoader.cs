using System.Diagnostics;
using System.Text.Json;
using Dapper;
using DuckDB.NET.Data;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Data.Sqlite;

namespace Hindsight.Bench.Analytics;

/// <summary>How long the load took and what it left on disk.</summary>
public sealed record LoadFigures(int Events, int Replays, TimeSpan Took, long DuckDbBytes, long SqliteCopyBytes);

/// <summary>
/// Writes generated data straight into a stopped server's stores — events and identity links into its
/// analytics store (DuckDB's appender, as the server's writer stages them), profiles, identity links and
/// replays into its SQLite file — and the same events into a second SQLite file for the comparison. Not
/// through /track: item 9 measures that; this item measures reading what is stored.
/// </summary>
public static class ShopLoader
{
    /// <summary>The comparison's events table: the server's former relational events table, with an index covering every query here but the breakdown.</summary>
    public const string SqliteSchema = """
        CREATE TABLE events (
            project_id  INTEGER NOT NULL,
            insert_id   TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            distinct_id TEXT,
            time        INTEGER NOT NULL,
            replay_id   TEXT,
            properties  TEXT    NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE TABLE identities (
            project_id  INTEGER NOT NULL,
            anon_id     TEXT    NOT NULL,
            distinct_id TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            PRIMARY KEY (project_id, anon_id)
        );
        """;

    const string SqliteIndexes = """
        CREATE INDEX events_by_name_time ON events (project_id, name, time, distinct_id, insert_id, replay_id);
        CREATE INDEX identities_by_distinct_id ON identities (project_id, distinct_id);
        ANALYZE;
        """;

    public static async Task<LoadFigures> LoadAsync(HindsightServer server, long projectId, ShopData data, string sqliteCopyPath)
    {
        var clock = Stopwatch.StartNew();
        var firstSeen = new Dictionary<string, (long First, long Last)>(StringComparer.Ordinal);
        var (eventCount, replayCount) = (0, 0);

        await using var relational = server.OpenDatabase();
        await relational.OpenAsync();
        await using var copy = new SqliteConnection($"Data Source={sqliteCopyPath};Pooling=False");
        await copy.OpenAsync();
        await copy.ExecuteAsync("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;" + SqliteSchema);

        using (var analytics = new DuckDBConnection($"Data Source={Path.Combine(server.DataPath, "analytics.duckdb")}"))
        {
            analytics.Open();
            await using var replays = await relational.BeginTransactionAsync();
            await using var copyRows = await copy.BeginTransactionAsync();
            using var replayInsert = Prepared(relational, replays, """
                INSERT INTO replays (project_id, replay_id, distinct_id, device_id, started_at, last_event_at, duration_ms, start_url, urls,
                                     event_count, browser, os, device, created_at, updated_at)
                VALUES (@p, @id, @who, NULL, @start, @last, @last - @start, @url, json_array(@url), @n, 'Chrome', 'Mac OS X', NULL, @now, @now)
                """, "@p", "@id", "@who", "@start", "@last", "@url", "@n", "@now");
            using var copyInsert = Prepared(copy, copyRows,
                "INSERT INTO events VALUES (@p, @i, @n, @d, @t, @r, @props, @at)", "@p", "@i", "@n", "@d", "@t", "@r", "@props", "@at");
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            // The SQLite copy is written on a thread of its own, beside the DuckDB appender: the load takes the slower of the two, not their sum.
            using var toCopy = new System.Collections.Concurrent.BlockingCollection<ShopSession>(boundedCapacity: 10_000);
            var copying = Task.Run(() =>
            {
                foreach (var session in toCopy.GetConsumingEnumerable())
                    foreach (var e in session.Events)
                        Run(copyInsert, projectId, e.InsertId, e.Name, e.DistinctId, e.Time, e.ReplayId, e.Properties, e.Time + 1_000);
            });
            using (var appender = analytics.CreateAppender("events"))
            {
                foreach (var session in data.Sessions())
                {
                    foreach (var e in session.Events)
                    {
                        var row = appender.CreateRow().AppendValue(projectId).AppendValue(e.InsertId).AppendValue(e.Name).AppendValue(e.DistinctId).AppendValue(e.Time);
                        row = e.ReplayId is null ? row.AppendNullValue() : row.AppendValue(e.ReplayId);
                        row.AppendValue(e.Properties).AppendValue(e.Time + 1_000).EndRow();
                        firstSeen[e.DistinctId] = firstSeen.TryGetValue(e.DistinctId, out var span) ? (span.First, e.Time) : (e.Time, e.Time);
                    }
                    toCopy.Add(session);
                    eventCount += session.Events.Count;
                    if (session.Replay is { } r)
                    {
                        Run(replayInsert, projectId, r.ReplayId, r.DistinctId, r.StartedAt, r.LastEventAt, r.StartUrl, r.EventCount, now);
                        replayCount++;
                    }
                }
            }
            toCopy.CompleteAdding();
            await copying;
            using (var appender = analytics.CreateAppender("identities"))
            {
                foreach (var k in AnonymousPeople())
                    appender.CreateRow().AppendValue(projectId).AppendValue(ShopData.AnonymousId(k)).AppendValue(ShopData.PersonId(k)).AppendValue(data.From).EndRow();
            }
            using (var checkpoint = analytics.CreateCommand())
            {
                checkpoint.CommandText = "CHECKPOINT";
                checkpoint.ExecuteNonQuery();
            }
            await copyRows.CommitAsync();
            await replays.CommitAsync();
        }

        var stored = clock.Elapsed;
        await WritePeopleAsync(relational, projectId, data, firstSeen, copy);
        var people = clock.Elapsed;
        await copy.ExecuteAsync(SqliteIndexes, commandTimeout: 600);
        Console.Error.WriteLine($"  [13] load: events and replays {stored.TotalSeconds:0.0} s, people {(people - stored).TotalSeconds:0.0} s, SQLite copy's indexes {(clock.Elapsed - people).TotalSeconds:0.0} s");
        return new LoadFigures(eventCount, replayCount, clock.Elapsed,
            new FileInfo(Path.Combine(server.DataPath, "analytics.duckdb")).Length, new FileInfo(sqliteCopyPath).Length);
    }

    static IEnumerable<int> AnonymousPeople() => Enumerable.Range(0, ShopData.People).Where(ShopData.HasAnonymousId);

    /// <summary>
    /// A profile per person (name, email, plan, country, first and last seen as the server keeps them), the
    /// anonymous ids' own rows (seen, no profile, left out of the list), and the identity links in both files.
    /// </summary>
    static async Task WritePeopleAsync(SqliteConnection relational, long projectId, ShopData data, Dictionary<string, (long First, long Last)> seen, SqliteConnection copy)
    {
        await using var transaction = await relational.BeginTransactionAsync();
        using var person = Prepared(relational, transaction, """
            INSERT INTO people (project_id, distinct_id, properties, name, email, search_text, property_text, created_at, updated_at, first_seen, last_seen)
            VALUES (@p, @id, @props, @name, @email, @search, @text, @at, @at, @first, @last)
            """, "@p", "@id", "@props", "@name", "@email", "@search", "@text", "@at", "@first", "@last");
        using var link = Prepared(relational, transaction, "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (@p, @a, @d, @at)", "@p", "@a", "@d", "@at");
        for (var k = 0; k < ShopData.People; k++)
        {
            var id = ShopData.PersonId(k);
            var (name, email, plan, country) = (ShopData.Name(k), ShopData.Email(k), ShopData.Plan(k), ShopData.Country(k));
            var properties = JsonSerializer.Serialize(new Dictionary<string, string> { ["$name"] = name, ["$email"] = email, ["plan"] = plan, ["country"] = country });
            long? first = null, last = null;
            foreach (var own in ShopData.HasAnonymousId(k) ? [id, ShopData.AnonymousId(k)] : new[] { id })
                if (seen.TryGetValue(own, out var span)) (first, last) = (Math.Min(first ?? long.MaxValue, span.First), Math.Max(last ?? long.MinValue, span.Last));
            Run(person, projectId, id, properties, name, email, $"{name}\n{email}".ToLowerInvariant(),
                string.Join('\n', name, email, plan, country).ToLowerInvariant(), data.From, first, last);
            if (!ShopData.HasAnonymousId(k)) continue;
            var anonymous = ShopData.AnonymousId(k);
            Run(link, projectId, anonymous, id, data.From);
            if (seen.TryGetValue(anonymous, out var anonSpan)) Run(person, projectId, anonymous, "{}", null, null, "", "", data.From, anonSpan.First, anonSpan.Last);
        }
        await transaction.CommitAsync();

        await using var copyLinks = await copy.BeginTransactionAsync();
        using var copyLink = Prepared(copy, copyLinks, "INSERT INTO identities VALUES (@p, @a, @d, @at)", "@p", "@a", "@d", "@at");
        foreach (var k in AnonymousPeople()) Run(copyLink, projectId, ShopData.AnonymousId(k), ShopData.PersonId(k), data.From);
        await copyLinks.CommitAsync();
    }

    static SqliteCommand Prepared(SqliteConnection connection, System.Data.Common.DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
