using Dapper;
using Microsoft.Data.Sqlite;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Reads what the server stored in its SQLite file: the end of the path from the browser, for checks the
/// dashboard has no screen for yet (the events a page tracked).
/// </summary>
public static class StoredData
{
    public sealed record StoredEvent(string Name, string DistinctId, string? ReplayId, string Properties);

    public static async Task<List<StoredEvent>> EventsAsync(HindsightServer server, string distinctId)
    {
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(server.DataPath, "hindsight.db"),
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString());
        var rows = await db.QueryAsync<StoredEvent>(
            "SELECT name AS Name, distinct_id AS DistinctId, replay_id AS ReplayId, properties AS Properties " +
            "FROM events WHERE distinct_id = @distinctId ORDER BY time", new { distinctId });
        return rows.ToList();
    }

    /// <summary>Polls until the events stored for the visitor satisfy the condition.</summary>
    public static async Task<List<StoredEvent>> WaitForEventsAsync(HindsightServer server, string distinctId,
        Func<List<StoredEvent>, bool> until, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var events = new List<StoredEvent>();
        while (DateTime.UtcNow < deadline)
        {
            events = await EventsAsync(server, distinctId);
            if (until(events)) return events;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Stored events for {distinctId} never met the condition: " +
            string.Join(", ", events.Select(e => $"{e.Name}→{e.ReplayId}")));
    }
}
