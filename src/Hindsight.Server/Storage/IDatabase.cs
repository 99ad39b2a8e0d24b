using System.Data.Common;

namespace Hindsight.Server.Storage;

/// <summary>
/// The relational store: SQLite by default, PostgreSQL behind the same seam. Features write plain,
/// portable SQL (ON CONFLICT upserts, CTEs, INTEGER milliseconds, JSON as text) against the connection
/// this hands out; what differs between engines (connection setup, schema DDL, locking) stays behind it.
/// <para>
/// <b>Concurrency contract.</b> Two kinds of write are safe against a writer running at the same time on
/// another connection, thread or process:
/// <list type="bullet">
/// <item>A write whose statements do not depend on what the transaction read: one statement per row, an
/// insert or an <c>ON CONFLICT … DO UPDATE</c> that computes the new value from the stored one
/// (<c>SET n = t.n + excluded.n</c>). Every engine makes a single statement atomic. A plain
/// <c>BeginTransactionAsync</c> on the connection is enough to make several of them all or nothing.</item>
/// <item>A read-modify-write (read rows, work out new values in C#, write them back): only inside a
/// transaction from <see cref="BeginWriteAsync"/>, which names the keys it reads and writes. Two such
/// transactions sharing a key run one after the other, so neither writes back what the other changed
/// meanwhile. Each engine decides how: SQLite locks the whole file at once (BEGIN IMMEDIATE, one writer at
/// a time, the keys unused); PostgreSQL takes a transaction-scoped advisory lock per key
/// (<c>pg_advisory_xact_lock</c> on a hash of it), in sorted order so two transactions never wait on
/// each other. The keys come from <see cref="LockKeys"/>, and must cover every row the transaction reads
/// and then writes on that reading.</item>
/// </list>
/// A transaction begun otherwise gives no such promise (on PostgreSQL, READ COMMITTED: a row read may be
/// changed by another writer before this one writes it back).
/// </para>
/// </summary>
public interface IDatabase
{
    /// <summary>Opens a connection ready for use.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a read-modify-write transaction on the connection, holding until it ends whatever keeps
    /// another such transaction on any of <paramref name="lockKeys"/> from running meanwhile (see the
    /// concurrency contract above). Every statement of the transaction must be given it.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, IEnumerable<string> lockKeys, CancellationToken cancellationToken);

    /// <summary>Applies the numbered migrations not applied yet; safe to run from several processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
