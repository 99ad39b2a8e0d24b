using System.Data.Common;
using Dapper;
using DuckDB.NET.Data;
using Hindsight.Server.Hosting;

namespace Hindsight.Server.Analytics.Store;

/// <summary>
/// The embedded default: one DuckDB file under the data folder (<see cref="DataFolder.AnalyticsPath"/>).
/// DuckDB.NET shares one database instance among the connections of a process that name the same file;
/// this keeps one connection open for the server's lifetime so the instance (its buffer pool, its open
/// file) is not torn down and rebuilt between requests. A commit is durable when it returns: DuckDB
/// writes and syncs its write-ahead log before a commit completes.
/// </summary>
public sealed class DuckDbAnalyticsDatabase : IAnalyticsDatabase, IDisposable
{
    private readonly string connectionString;
    private readonly Lazy<DuckDBConnection> anchor;

    public DuckDbAnalyticsDatabase(DataFolder data)
    {
        connectionString = new DuckDBConnectionStringBuilder { DataSource = data.AnalyticsPath }.ToString();
        anchor = new Lazy<DuckDBConnection>(() =>
        {
            var connection = new DuckDBConnection(connectionString);
            connection.Open();
            return connection;
        });
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _ = anchor.Value;
        var connection = new DuckDBConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken: cancellationToken));
        var applied = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT max(version) FROM schema_version", cancellationToken: cancellationToken)) ?? 0;
        for (var version = applied + 1; version <= AnalyticsMigrations.All.Count; version++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(AnalyticsMigrations.All[version - 1], transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version) VALUES ($version)", new { version }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        if (anchor.IsValueCreated) anchor.Value.Dispose();
    }
}
