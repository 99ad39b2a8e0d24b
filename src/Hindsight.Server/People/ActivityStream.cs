using System.Globalization;
using System.Text.Json;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.People;

/// <summary>The activity stream's query parameters, checked: before (exclusive, ms) and limit (events).</summary>
public sealed record ActivityQuery(long? Before, int Limit)
{
    public const int DefaultLimit = 200, MaxLimit = 1000;

    public static (ActivityQuery? Query, JsonHttpResult<ApiError>? Error) Parse(string? before, string? limit)
    {
        long? beforeMs = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return (null, ApiErrors.BadRequest("invalid_before", "before must be a time in milliseconds since the Unix epoch."));
            beforeMs = value;
        }
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxLimit))
            return (null, ApiErrors.BadRequest("invalid_limit", $"limit must be an integer from 1 to {MaxLimit}."));
        return (new ActivityQuery(beforeMs, pageSize), null);
    }
}

/// <summary>
/// A person's tracked events, of all their ids, newest first, grouped into sessions: a session ends where
/// 30 minutes pass without an event (<see cref="InactivityCut"/>, Mixpanel's and Heap's default). Each
/// session's replay is the replay of its earliest event that has one, opened at that event.
/// </summary>
public sealed class ActivityStream(IDatabase database, AnalyticsQueryRunner analytics)
{
    public static readonly TimeSpan InactivityCut = TimeSpan.FromMinutes(30);

    private sealed class EventRow
    {
        public string InsertId { get; set; } = "";
        public string Name { get; set; } = "";
        public string? DistinctId { get; set; }
        public long Time { get; set; }
        public string? ReplayId { get; set; }
        public string Properties { get; set; } = "{}";
    }

    /// <summary>Null when no id of the person has a profile row or a tracked event.</summary>
    public async Task<ActivityPage?> PageAsync(long projectId, string distinctId, ActivityQuery query, CancellationToken ct)
    {
        await using var relational = await database.OpenAsync(ct);
        var (_, ids) = await PeopleStore.PersonIdsAsync(relational, projectId, distinctId, ct);
        // One event more than asked for tells whether older ones exist.
        var rows = await analytics.RunAsync(async (events, token) => (await events.QueryAsync<EventRow>(new CommandDefinition($"""
            SELECT insert_id, name, distinct_id, time, replay_id, CAST(properties AS VARCHAR) AS properties FROM events
            WHERE project_id = $projectId AND distinct_id IN $ids {(query.Before is null ? "" : "AND time < $before")}
            ORDER BY time DESC, insert_id DESC
            LIMIT $limit
            """, new { projectId, ids, before = query.Before, limit = query.Limit + 1 }, cancellationToken: token))).ToList(), ct);
        if (rows.Count == 0 && query.Before is null && !await HasProfileAsync(relational, projectId, ids, ct)) return null;

        long? nextBefore = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(query.Limit);
            var oldest = rows[^1].Time;
            nextBefore = oldest;
            // Events of the page's oldest moment go to the next page whole (before is exclusive, times whole
            // ms), unless they are the whole page.
            if (rows.Any(r => r.Time != oldest))
            {
                rows.RemoveAll(r => r.Time == oldest);
                nextBefore = oldest + 1;
            }
        }

        var moments = await ReplayMoments.ResolveAsync(relational, projectId,
            rows.Select(r => new EventMoment(r.InsertId, r.Name, r.DistinctId, r.Time, r.ReplayId)).ToList(), ct);
        return new ActivityPage(Sessions(rows, moments), nextBefore);
    }

    private static List<ActivitySession> Sessions(List<EventRow> rows, IReadOnlyList<ReplayMoment> moments)
    {
        var sessions = new List<ActivitySession>();
        var start = 0;
        for (var i = 1; i <= rows.Count; i++)
        {
            if (i < rows.Count && rows[i - 1].Time - rows[i].Time <= InactivityCut.TotalMilliseconds) continue;
            var events = Enumerable.Range(start, i - start).Select(k => new ActivityEvent(
                rows[k].InsertId, rows[k].Name, rows[k].Time, moments[k].Replay?.ReplayId, Parse(rows[k].Properties))).ToList();
            // Newest first, so the earliest event with a replay is the last one that has it.
            var replay = Enumerable.Range(start, i - start).Select(k => moments[k].Replay).LastOrDefault(r => r is not null);
            sessions.Add(new ActivitySession(rows[i - 1].Time, rows[start].Time, replay, events));
            start = i;
        }
        return sessions;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static async Task<bool> HasProfileAsync(System.Data.Common.DbConnection connection, long projectId, IReadOnlyList<string> ids, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM people WHERE project_id = @projectId AND distinct_id IN @ids", new { projectId, ids }, cancellationToken: ct)) > 0;
}
