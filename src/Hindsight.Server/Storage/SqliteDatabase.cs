using System.Data.Common;
using Dapper;
using Hindsight.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace Hindsight.Server.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode under the data folder.</summary>
public sealed class SqliteDatabase(DataFolder data, TimeProvider clock) : IDatabase
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = data.DatabasePath,
        ForeignKeys = true,
        Pooling = true,
    }.ToString();

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // synchronous=FULL: a commit is on disk before the 200 goes out (WAL's default NORMAL can lose
        // the last commits on power loss). busy_timeout: writers queue instead of failing at once.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;", cancellationToken: cancellationToken));
        return connection;
    }

    /// <summary>
    /// BEGIN IMMEDIATE: the write lock on the whole file, taken before the first read, so another writer
    /// waits (busy_timeout) until this one ends. The keys are not needed: nothing finer than the file is locked.
    /// </summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, IEnumerable<string> lockKeys, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite's async methods run synchronously anyway, and only this overload says IMMEDIATE.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL lets the feed read while a batch is being written; the mode is stored in the file.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """, cancellationToken: cancellationToken));

        foreach (var migration in SqliteMigrations.All)
        {
            // One transaction per migration, with the version check inside it, so two processes starting
            // together apply each migration once.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version",
                new { migration.Version }, transaction, cancellationToken: cancellationToken));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @Now)",
                    new { migration.Version, migration.Name, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction, cancellationToken: cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
