using System.Data.Common;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Analytics.Definitions;

/// <summary>
/// Event definitions: every event name a project has tracked (from the analytics store) with its volume
/// over the last 30 UTC days and when it was first and last seen, and the description a team wrote for it
/// (the relational store's <c>event_definitions</c>).
/// </summary>
public sealed class EventDefinitionStore(IDatabase database, AnalyticsQueryRunner analytics, TimeProvider clock)
{
    public const int MaxDefinitions = 2000, SampleSize = 1000, Days = 30;
    private const long Day = 86_400_000;

    private sealed class VolumeRow
    {
        public string Name { get; set; } = "";
        public long FirstSeen { get; set; }
        public long LastSeen { get; set; }
        public long Count30d { get; set; }
        public long? DayOffset { get; set; }
        public long? DayCount { get; set; }
    }

    /// <summary>Every name, by 30-day volume (then the latest seen), at most <see cref="MaxDefinitions"/>.</summary>
    public async Task<EventDefinitionList> ListAsync(long projectId, CancellationToken ct)
    {
        var volumes = await VolumesAsync(projectId, null, ct);
        var descriptions = await DescriptionsAsync(projectId, null, ct);
        return new EventDefinitionList(volumes.Select(v => v with { Description = descriptions.GetValueOrDefault(v.Name) }).ToList());
    }

    /// <summary>Null when the project never tracked the event.</summary>
    public async Task<EventDefinitionDetail?> FindAsync(long projectId, string name, CancellationToken ct)
    {
        var volume = (await VolumesAsync(projectId, name, ct)).SingleOrDefault();
        if (volume is null) return null;
        var descriptions = await DescriptionsAsync(projectId, name, ct);
        var sample = await analytics.RunAsync(async (events, token) => (await events.QueryAsync<string>(new CommandDefinition("""
            SELECT CAST(properties AS VARCHAR) FROM events WHERE project_id = $projectId AND name = $name
            ORDER BY time DESC LIMIT $sampleSize
            """, new { projectId, name, sampleSize = SampleSize }, cancellationToken: token))).ToList(), ct);
        return new EventDefinitionDetail(volume with { Description = descriptions.GetValueOrDefault(name) }, PropertySample.Of(sample));
    }

    /// <summary>Writes the description (null or empty clears it); null when the project never tracked the event.</summary>
    public async Task<EventDefinitionDetail?> DescribeAsync(long projectId, string name, string? description, long userId, CancellationToken ct)
    {
        if (!await ExistsAsync(projectId, name, ct)) return null;
        await using (var connection = await database.OpenAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO event_definitions (project_id, name, description, updated_by, updated_at)
                VALUES (@projectId, @name, @description, @userId, @now)
                ON CONFLICT (project_id, name) DO UPDATE SET
                    description = excluded.description, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, new { projectId, name, description = string.IsNullOrEmpty(description) ? null : description, userId,
                now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
        }
        return await FindAsync(projectId, name, ct);
    }

    /// <summary>The latest events of the name with the replay each fired in (the definition's "Watch recording").</summary>
    public async Task<ReplayMomentList> ReplaysAsync(long projectId, string name, int limit, CancellationToken ct)
    {
        var latest = await analytics.RunAsync(async (events, token) => (await events.QueryAsync<EventMoment>(new CommandDefinition("""
            SELECT insert_id, name, distinct_id, time, replay_id FROM events WHERE project_id = $projectId AND name = $name
            ORDER BY time DESC, insert_id DESC LIMIT $limit
            """, new { projectId, name, limit = limit + 1 }, cancellationToken: token))).ToList(), ct);
        await using var relational = await database.OpenAsync(ct);
        var moments = await ReplayMoments.ResolveAsync(relational, projectId, latest.Take(limit).ToList(), ct);
        return new ReplayMomentList(moments, latest.Count > limit);
    }

    public Task<bool> ExistsAsync(long projectId, string name, CancellationToken ct) =>
        analytics.RunAsync(async (events, token) => await events.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM events WHERE project_id = $projectId AND name = $name LIMIT 1", new { projectId, name }, cancellationToken: token)) is not null, ct);

    /// <summary>
    /// Volumes of the top names (or of one name): the 30 day-buckets start at UTC midnight 29 days before
    /// today, and the 30-day count is their sum, so the sparkline and the number agree.
    /// </summary>
    private async Task<IReadOnlyList<EventDefinitionSummary>> VolumesAsync(long projectId, string? name, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var since = now - now % Day - (Days - 1) * Day;
        var until = since + Days * Day;
        var rows = await analytics.RunAsync(async (events, token) => (await events.QueryAsync<VolumeRow>(new CommandDefinition($"""
            WITH top AS (
                SELECT name, min(time) AS first_seen, max(time) AS last_seen,
                       count(*) FILTER (WHERE time >= $since AND time < $until) AS count30d
                FROM events WHERE project_id = $projectId {(name is null ? "" : "AND name = $name")}
                GROUP BY name
                ORDER BY count30d DESC, last_seen DESC, name
                LIMIT $maxDefinitions
            ),
            daily AS (
                SELECT name, (time - $since) - (time - $since) % $day AS day_offset, count(*) AS day_count
                FROM events
                WHERE project_id = $projectId AND time >= $since AND time < $until AND name IN (SELECT name FROM top)
                GROUP BY name, day_offset
            )
            SELECT t.name, t.first_seen, t.last_seen, t.count30d, d.day_offset, d.day_count
            FROM top t LEFT JOIN daily d ON d.name = t.name
            ORDER BY t.count30d DESC, t.last_seen DESC, t.name
            """, new { projectId, name, since, until, day = Day, maxDefinitions = MaxDefinitions }, cancellationToken: token))).ToList(), ct);

        return rows.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g =>
        {
            var daily = new long[Days];
            foreach (var r in g.Where(r => r.DayOffset is not null)) daily[r.DayOffset!.Value / Day] = r.DayCount!.Value;
            var first = g.First();
            return new EventDefinitionSummary(first.Name, null, first.Count30d, daily, first.FirstSeen, first.LastSeen);
        }).ToList();
    }

    private async Task<IReadOnlyDictionary<string, string>> DescriptionsAsync(long projectId, string? name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string Name, string Description)>(new CommandDefinition(
            $"SELECT name, description FROM event_definitions WHERE project_id = @projectId AND description IS NOT NULL {(name is null ? "" : "AND name = @name")}",
            new { projectId, name }, cancellationToken: ct))).ToDictionary(d => d.Name, d => d.Description, StringComparer.Ordinal);
    }
}
