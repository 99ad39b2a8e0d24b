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
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private DuckDBConnection? writer;

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

    /// <summary>
    /// The rows go through temporary staging tables filled by DuckDB's appender (far cheaper per row than
    /// one INSERT each), then move over in one statement per table that skips the keys stored already, all
    /// in one transaction on the writer's own connection (temporary tables belong to their connection).
    /// </summary>
    public async Task InsertAsync(IReadOnlyList<AnalyticsEvent> events, IReadOnlyList<AnalyticsIdentity> identities, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && identities.Count == 0) return;
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            var connection = await WriterAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                Stage(connection, events, identities);
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO events (project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at)
                    SELECT project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at FROM staged_events
                    ON CONFLICT DO NOTHING;
                    INSERT INTO identities (project_id, anon_id, distinct_id, created_at)
                    SELECT project_id, anon_id, distinct_id, created_at FROM staged_identities
                    ON CONFLICT DO NOTHING;
                    DELETE FROM staged_events;
                    DELETE FROM staged_identities;
                    """, transaction: transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                // The staged rows were appended inside the transaction: rolling it back empties the staging too.
                await transaction.RollbackAsync(CancellationToken.None);
                throw;
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task<DuckDBConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (writer is not null) return writer;
        _ = anchor.Value;
        var connection = new DuckDBConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE staged_events AS
                SELECT project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at FROM events LIMIT 0;
            CREATE TEMP TABLE staged_identities AS SELECT project_id, anon_id, distinct_id, created_at FROM identities LIMIT 0;
            """, cancellationToken: cancellationToken));
        return writer = connection;
    }

    private static void Stage(DuckDBConnection connection, IReadOnlyList<AnalyticsEvent> events, IReadOnlyList<AnalyticsIdentity> identities)
    {
        using (var appender = connection.CreateAppender("temp", "main", "staged_events"))
        {
            foreach (var e in events)
            {
                var row = appender.CreateRow().AppendValue(e.ProjectId).AppendValue(e.InsertId).AppendValue(e.Name);
                row = e.DistinctId is null ? row.AppendNullValue() : row.AppendValue(e.DistinctId);
                row = row.AppendValue(e.Time);
                row = e.ReplayId is null ? row.AppendNullValue() : row.AppendValue(e.ReplayId);
                row.AppendValue(e.Properties).AppendValue(e.ReceivedAt).EndRow();
            }
        }
        using (var appender = connection.CreateAppender("temp", "main", "staged_identities"))
        {
            foreach (var link in identities)
                appender.CreateRow().AppendValue(link.ProjectId).AppendValue(link.AnonId).AppendValue(link.DistinctId).AppendValue(link.CreatedAt).EndRow();
        }
    }

    public void Dispose()
    {
        writer?.Dispose();
        if (anchor.IsValueCreated) anchor.Value.Dispose();
    }
}
