using Dapper;
using DuckDB.NET.Data;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hindsight.Server.Tests;

/// <summary>The one-time move of the events an earlier version kept in SQLite into the analytics store.</summary>
public sealed class EventsMoveTests
{
    /// <summary>A factory on a folder of its own that another start may reuse.</summary>
    private sealed class OnFolder(string? root) : HindsightFactory(root);

    // More than one batch of the move, so a crash between two batches is a case the test can make.
    private const int Events = RelationalEventsMove.BatchSize + 1_234;

    [Fact]
    public async Task Events_stored_in_SQLite_before_the_upgrade_are_all_in_the_analytics_store_once_after_it()
    {
        string root;
        await using (var first = new OnFolder(null) { KeepFolder = true })
        {
            root = first.Root;
            await OldDatabaseAsync(first.DataPath);
            first.CreateClient();

            Assert.Equal(Events, await first.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE project_id = 7"));
            Assert.Equal(Events, await first.QueryAnalyticsSingleAsync<long>("SELECT COUNT(DISTINCT insert_id) FROM events WHERE project_id = 7"));
            var e = await first.QueryAnalyticsSingleAsync<(string Name, string? DistinctId, long Time, string? ReplayId, string Properties, long ReceivedAt)>(
                "SELECT name, distinct_id, time, replay_id, properties, received_at FROM events WHERE insert_id = 'old-42'");
            Assert.Equal(("Old event 42", "visitor-2", 1_700_000_042_000L, "replay-42", """{"n":42}""", 5L), e);
            Assert.Equal("user-1", await first.QueryAnalyticsSingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = 'anon-1'"));
            Assert.Equal(0, await first.QuerySingleAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'"));
            // The link stays in SQLite too: the replay feed reads it there.
            Assert.Equal("user-1", await first.QuerySingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = 'anon-1'"));
            Assert.NotNull(await first.QuerySingleAsync<string?>("SELECT import_secret FROM projects WHERE id = 7"));
        }

        await using var second = new OnFolder(root);
        second.CreateClient();
        Assert.Equal(Events, await second.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE project_id = 7"));
    }

    [Fact]
    public async Task A_move_cut_short_by_a_crash_copies_again_on_the_next_start_without_loss_or_duplicates()
    {
        await using var factory = new HindsightFactory();
        await OldDatabaseAsync(factory.DataPath);
        // What a start that crashed after its first batch left: the analytics store holds the first 10,000
        // events, and SQLite still holds them all.
        await using (var crashed = new DuckDBConnection($"Data Source={Path.Combine(factory.DataPath, "analytics.duckdb")}"))
        {
            await crashed.OpenAsync();
            await crashed.ExecuteAsync("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            foreach (var (sql, version) in AnalyticsMigrations.All.Select((sql, i) => (sql, i + 1)))
            {
                await crashed.ExecuteAsync(sql);
                await crashed.ExecuteAsync("INSERT INTO schema_version VALUES ($version)", new { version });
            }
            await crashed.ExecuteAsync("""
                INSERT INTO events SELECT 7, 'old-' || i, 'Old event ' || i, 'visitor-' || (i % 5), 1700000000000 + i * 1000,
                    'replay-' || i, '{"n":' || i || '}', 5 FROM range(0, 10000) t(i)
                """);
        }

        factory.CreateClient();

        Assert.Equal(Events, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE project_id = 7"));
        Assert.Equal(Events, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(DISTINCT insert_id) FROM events WHERE project_id = 7"));
        Assert.Equal(Events - 1, await factory.QueryAnalyticsSingleAsync<long>(
            "SELECT max(CAST(properties->>'n' AS BIGINT)) FROM events WHERE project_id = 7"));
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'"));
    }

    [Fact]
    public async Task A_fresh_install_has_no_events_table_in_SQLite_after_its_first_start()
    {
        await using var factory = new HindsightFactory();
        factory.CreateClient();

        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events'"));
        Assert.Equal(0, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events"));
    }

    /// <summary>The SQLite file as the version before the analytics store left it (migrations 1-6), with events and a link.</summary>
    private static async Task OldDatabaseAsync(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        await using var old = new SqliteConnection($"Data Source={Path.Combine(dataPath, "hindsight.db")};Pooling=False");
        await old.OpenAsync();
        await old.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        foreach (var migration in SqliteMigrations.All.Where(m => m.Version <= 6))
        {
            await old.ExecuteAsync(migration.Sql);
            await old.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 0)", migration);
        }
        await old.ExecuteAsync("INSERT INTO projects (id, name, token, created_at) VALUES (7, 'Old', 'old-token', 0)");
        await using var transaction = await old.BeginTransactionAsync();
        await old.ExecuteAsync("""
            INSERT INTO events (project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at)
            VALUES (7, @InsertId, @Name, @DistinctId, @Time, @ReplayId, @Properties, 5)
            """, Enumerable.Range(0, Events).Select(i => new
            {
                InsertId = $"old-{i}", Name = $"Old event {i}", DistinctId = $"visitor-{i % 5}", Time = 1_700_000_000_000L + i * 1000L,
                ReplayId = $"replay-{i}", Properties = $$"""{"n":{{i}}}""",
            }), transaction);
        await old.ExecuteAsync("INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (7, 'anon-1', 'user-1', 0)", transaction: transaction);
        await transaction.CommitAsync();
    }
}
