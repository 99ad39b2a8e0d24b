using System.Text.Json;
using Dapper;
using Hindsight.Server.Analytics.Store;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>A tracked event as the analytics store holds it; the insert id is made up when not given.</summary>
public sealed record EventRow(string Name, string? DistinctId, long Time, string? ReplayId = null, object? Properties = null, string? InsertId = null);

/// <summary>Rows put straight into the stores, for the read side's tests: events, identity links, replays.</summary>
public static class AnalyticsRows
{
    public static async Task InsertEventsAsync(this HindsightFactory factory, long projectId, params EventRow[] events)
    {
        await using var connection = await factory.Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None);
        foreach (var e in events)
        {
            await connection.ExecuteAsync("""
                INSERT INTO events (project_id, insert_id, name, distinct_id, time, replay_id, properties, received_at)
                VALUES ($projectId, $insertId, $name, $distinctId, $time, $replayId, $properties, $time)
                """, new
            {
                projectId, insertId = e.InsertId ?? Guid.NewGuid().ToString("N"), name = e.Name, distinctId = e.DistinctId, time = e.Time,
                replayId = e.ReplayId, properties = JsonSerializer.Serialize(e.Properties ?? new { }),
            });
        }
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
