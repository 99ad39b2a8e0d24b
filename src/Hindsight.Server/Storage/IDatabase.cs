using System.Data.Common;

namespace Hindsight.Server.Storage;

/// <summary>
/// The relational store: SQLite by default, PostgreSQL behind the same seam. Features write plain,
/// portable SQL (ON CONFLICT upserts, CTEs, INTEGER milliseconds, JSON as text) against the connection
/// this hands out; what differs between engines (connection setup, schema DDL) stays behind it.
/// </summary>
public interface IDatabase
{
    /// <summary>Opens a connection ready for use. Transactions it begins take the write lock at once.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Applies the numbered migrations not applied yet; safe to run from several processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
