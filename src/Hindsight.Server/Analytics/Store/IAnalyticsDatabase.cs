using System.Data.Common;

namespace Hindsight.Server.Analytics.Store;

/// <summary>
/// The analytics store: tracked events (and a copy of the identity links, so queries can count people
/// across their ids), kept apart from the relational store because analytical queries over millions of
/// events want a columnar engine. The embedded default is a DuckDB file beside the SQLite one; the SQL
/// features write is the dialect DuckDB and PostgreSQL share (CTEs, window functions, <c>properties->>'key'</c>,
/// BIGINT milliseconds, <c>%</c> for bucketing), so a PostgreSQL backend can run the same queries.
/// Parameters are written <c>$name</c> (and lists <c>IN $list</c>, which Dapper expands): DuckDB reads
/// <c>@x</c> as abs(x), so the relational store's <c>@name</c> would silently compare a column with itself
/// here. A PostgreSQL backend maps <c>$name</c> to its own parameter syntax in one place.
/// <para>
/// Writes go through one writer at a time (the event writer groups them): DuckDB's transactions are
/// optimistic, so two writers inserting the same key conflict instead of waiting. Reads may run on any
/// number of connections at once.
/// </para>
/// </summary>
public interface IAnalyticsDatabase
{
    /// <summary>Opens a connection ready for use; dispose it when done.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Applies the numbered migrations not applied yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores events and identity links in one transaction, durable when it returns. An event whose
    /// (project, insert id) is stored already, or repeated among these, is kept once (the first stored
    /// stands); so is an identity link per (project, anonymous id). Safe to repeat. One caller at a time
    /// (<see cref="EventWriteQueue"/> is the writer); a second one waits.
    /// </summary>
    Task InsertAsync(IReadOnlyList<AnalyticsEvent> events, IReadOnlyList<AnalyticsIdentity> identities, CancellationToken cancellationToken);
}
