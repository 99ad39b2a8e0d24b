using System.Text.Json;
using Dapper;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>A tracked event as a test stores it; the insert id defaults to a fresh one.</summary>
public sealed record SeedEvent(string Name, string? DistinctId, long Time, object? Properties = null, string? ReplayId = null, string? InsertId = null);

/// <summary>
/// Events, identity links and replays written straight into the server's stores, for the analytics queries
/// to read: events and links into the analytics store (DuckDB), links and replays into the relational one.
/// </summary>
public static class AnalyticsRows
{
    public static async Task SeedAsync(this HindsightFactory factory, long projectId, params SeedEvent[] events)
    {
        await using var connection = await factory.Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var e in events)
        {
            await connection.ExecuteAsync("""
                INSERT INTO events (project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at)
                VALUES ($projectId, $insertId, $name, $distinctId, $time, $replayId, $properties, $time)
                """, new
            {
                projectId, insertId = e.InsertId ?? Guid.NewGuid().ToString("N"), name = e.Name, distinctId = e.DistinctId, time = e.Time,
                replayId = e.ReplayId, properties = JsonSerializer.Serialize(e.Properties ?? new { }),
            }, transaction);
        }
        await transaction.CommitAsync();
    }

    /// <summary>An identity link in both stores, as the event writer keeps them.</summary>
    public static async Task LinkAsync(this HindsightFactory factory, long projectId, string anonId, string distinctId)
    {
        await factory.QueryAsync<int>(
            "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (@projectId, @anonId, @distinctId, 0)",
            new { projectId, anonId, distinctId });
        await using var connection = await factory.Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES ($projectId, $anonId, $distinctId, 0)",
            new { projectId, anonId, distinctId });
    }

    /// <summary>A replay row as the /record writer leaves it (no chunks).</summary>
    public static Task ReplayAsync(this HindsightFactory factory, long projectId, string replayId, string? distinctId, long startedAt, long lastEventAt,
        string? deviceId = null, string[]? urls = null) =>
        factory.QueryAsync<int>("""
            INSERT INTO replays (project_id, replay_id, distinct_id, device_id, started_at, last_event_at, duration_ms, start_url, urls, created_at, updated_at)
            VALUES (@projectId, @replayId, @distinctId, @deviceId, @startedAt, @lastEventAt, @lastEventAt - @startedAt, @startUrl, @urls, 0, 0)
            """, new { projectId, replayId, distinctId, deviceId, startedAt, lastEventAt, startUrl = urls?.FirstOrDefault(), urls = JsonSerializer.Serialize(urls ?? []) });
}
