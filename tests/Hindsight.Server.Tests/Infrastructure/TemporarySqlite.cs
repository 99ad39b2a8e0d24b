using Dapper;
using Hindsight.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>A SQLite file of its own with the schema's migrations up to a version, deleted afterwards.</summary>
public sealed class TemporarySqlite : IAsyncDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"hindsight-test-{Guid.NewGuid():N}.db");

    public SqliteConnection Connection { get; }

    private TemporarySqlite() => Connection = new SqliteConnection($"Data Source={file};Pooling=false");

    /// <summary>Migrated up to <paramref name="upToVersion"/> (all of them by default), with project 1.</summary>
    public static async Task<TemporarySqlite> CreateAsync(int upToVersion = int.MaxValue)
    {
        var database = new TemporarySqlite();
        await database.Connection.OpenAsync();
        foreach (var migration in SqliteMigrations.All.Where(m => m.Version <= upToVersion))
            await database.Connection.ExecuteAsync(migration.Sql);
        await database.Connection.ExecuteAsync("INSERT INTO projects (id, name, token, created_at) VALUES (1, 'p', 't', 0)");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        File.Delete(file);
    }
}
