using System.Net;
using System.Net.Http.Json;
using Dapper;
using Hindsight.Server.Hosting;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A server started with no admin password and no token: both are generated.</summary>
public sealed class FreshStartFactory : HindsightFactory
{
    public FreshStartFactory() { }

    public FreshStartFactory(string root, string? token = null) : base(root) => FixedToken = token;

    private string? FixedToken { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:AdminPassword"] = null,
        ["Hindsight:DefaultProjectToken"] = FixedToken,
    };
}

public sealed class StartupTests
{
    [Fact]
    public async Task First_start_generates_a_password_saved_for_the_owner_only_and_a_token()
    {
        await using var factory = new FreshStartFactory();
        factory.CreateClient();

        var file = Path.Combine(factory.DataPath, "initial-admin-password");
        var password = File.ReadAllText(file).Trim();
        Assert.True(password.Length >= 16);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var token = await factory.QuerySingleAsync<string>("SELECT token FROM projects");
        Assert.Matches("^[0-9a-f]{32}$", token);

        using var login = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_restart_keeps_the_admin_the_password_and_the_project()
    {
        string root, token, password;
        await using (var first = new FreshStartFactory { KeepFolder = true })
        {
            first.CreateClient();
            root = first.Root;
            token = await first.QuerySingleAsync<string>("SELECT token FROM projects");
            password = File.ReadAllText(Path.Combine(first.DataPath, "initial-admin-password")).Trim();
        }

        await using var second = new FreshStartFactory(root);
        second.CreateClient();

        Assert.Equal(1, await second.QuerySingleAsync<long>("SELECT COUNT(*) FROM users"));
        Assert.Equal(token, await second.QuerySingleAsync<string>("SELECT token FROM projects"));
        Assert.Equal(password, second.Get<StartupState>().Admin!.Password);
        using var login = await second.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_fixed_token_given_on_a_later_start_becomes_the_default_projects_token()
    {
        string root;
        long projectId;
        await using (var first = new FreshStartFactory { KeepFolder = true })
        {
            first.CreateClient();
            root = first.Root;
            projectId = await first.QuerySingleAsync<long>("SELECT id FROM projects");
        }

        await using var second = new FreshStartFactory(root, token: "fixed-token-for-scripts");
        second.CreateClient();

        Assert.Equal(projectId, await second.QuerySingleAsync<long>("SELECT id FROM projects WHERE token = 'fixed-token-for-scripts'"));
    }

    [Fact]
    public async Task Migrations_run_once_and_leave_the_database_in_WAL_mode()
    {
        await using var factory = new HindsightFactory();
        factory.CreateClient();
        await factory.Get<Hindsight.Server.Storage.IDatabase>().MigrateAsync(CancellationToken.None);

        Assert.Equal(Hindsight.Server.Storage.SqliteMigrations.All.Select(m => (long)m.Version),
            await factory.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal("wal", await factory.QuerySingleAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await factory.QuerySingleAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(2, await factory.QuerySingleAsync<long>("PRAGMA synchronous")); // FULL
    }

    [Fact]
    public async Task The_replay_settings_migration_drops_the_old_sdkConfig_key_and_keeps_the_rest()
    {
        await using var factory = new HindsightFactory();
        factory.CreateClient();
        // The database as the first schema left it: migration 2 not applied yet.
        await factory.QueryAsync<int>("""
            DELETE FROM schema_migrations WHERE version = 2;
            UPDATE projects SET settings = '{"sdkConfig":{"record_sessions_percent":5},"otherFeature":30}';
            """);

        await factory.Get<Hindsight.Server.Storage.IDatabase>().MigrateAsync(CancellationToken.None);

        Assert.Equal("""{"otherFeature":30}""", await factory.QuerySingleAsync<string>("SELECT settings FROM projects"));
    }

    [Fact]
    public async Task A_database_from_before_the_locator_rename_keeps_every_chunk_row_pointing_to_its_blob()
    {
        await using var factory = new HindsightFactory();
        // The database as migration 3 left it, with a chunk row, before the server first starts on it.
        Directory.CreateDirectory(factory.DataPath);
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(factory.DataPath, "hindsight.db")};Pooling=False"))
        {
            await old.OpenAsync();
            await old.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var migration in Hindsight.Server.Storage.SqliteMigrations.All.Take(3))
            {
                await old.ExecuteAsync(migration.Sql);
                await old.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 0)", migration);
            }
            await old.ExecuteAsync("""
                INSERT INTO projects (id, name, token, created_at) VALUES (7, 'Old', 'old-token', 0);
                -- Ingested now: retention, which the server starts with, would delete a replay from 1970.
                INSERT INTO replays (project_id, replay_id, started_at, last_event_at, duration_ms, created_at, updated_at)
                VALUES (7, 'old-replay', 0, 0, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, 0);
                INSERT INTO replay_chunks (project_id, replay_id, seq, blob_key, sha256, first_ts, last_ts, event_count,
                                           click_count, keypress_count, bytes, received_at)
                VALUES (7, 'old-replay', 0, 'segments/000000000001.seg@1+10', 'abc', 0, 0, 1, 0, 0, 10, 0);
                """);
        }

        factory.CreateClient();

        Assert.Equal("segments/000000000001.seg@1+10", await factory.QuerySingleAsync<string>(
            "SELECT blob_locator FROM replay_chunks WHERE replay_id = 'old-replay'"));
    }
}
