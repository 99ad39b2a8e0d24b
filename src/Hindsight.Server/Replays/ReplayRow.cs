using System.Text.Json;

namespace Hindsight.Server.Replays;

/// <summary>A row of the replays table (the ingest writer extends it with what it needs to update one).</summary>
public class ReplayRow
{
    public long ProjectId { get; set; }
    public string ReplayId { get; set; } = "";
    public string? DistinctId { get; set; }
    public string? DeviceId { get; set; }
    public string? UserId { get; set; }
    public long StartedAt { get; set; }
    public long LastEventAt { get; set; }
    public long DurationMs { get; set; }
    public string? StartUrl { get; set; }
    public string Urls { get; set; } = "[]";
    public long EventCount { get; set; }
    public long ClickCount { get; set; }
    public long KeypressCount { get; set; }
    public long Bytes { get; set; }
    public long ChunkCount { get; set; }
    public string? Browser { get; set; }
    public string? Os { get; set; }
    public string? Device { get; set; }
    public long DroppedBatches { get; set; }
    public long DroppedEvents { get; set; }

    public long ConsoleErrorCount { get; set; }

    /// <summary>Not columns: counted in the analytics store for the rows shown (<see cref="ClickSignals"/>).</summary>
    public long RageClickCount { get; set; }
    public long DeadClickCount { get; set; }

    /// <summary>When the first batch arrived (server time, ms): retention counts from it.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Not a column of replays: the project's (projects.retention_days).</summary>
    public int RetentionDays { get; set; } = Retention.RetentionPolicy.DefaultDays;

    /// <summary>When the last batch arrived (server time, ms).</summary>
    public long UpdatedAt { get; set; }

    /// <summary>
    /// <paramref name="liveSince"/>: a replay whose last batch arrived at or after it, holding events from then on
    /// (the browser's clock), is live. Both: a queue delivered after an outage brings old events, not a visit under way.
    /// </summary>
    public ReplaySummary AsSummary(Profile? profile, long liveSince) => new(
        ProjectId, ReplayId, DistinctId, DeviceId, UserId, profile?.Name, profile?.Email,
        StartedAt, LastEventAt, DurationMs, StartUrl, JsonSerializer.Deserialize<List<string>>(Urls) ?? [],
        EventCount, ClickCount, KeypressCount, Bytes, ChunkCount, Browser, Os, Device, DroppedBatches, DroppedEvents,
        UpdatedAt >= liveSince && LastEventAt >= liveSince, ConsoleErrorCount, RageClickCount, DeadClickCount,
        Retention.RetentionPolicy.ExpiresAt(CreatedAt, RetentionDays));

    /// <summary>The ids under which this replay's user may have a profile, best first.</summary>
    public IEnumerable<string> ProfileIds() => new[] { UserId, DistinctId, DeviceId }.OfType<string>();

    public const string Columns = """
        r.project_id, r.replay_id, r.distinct_id, r.device_id, r.user_id, r.started_at, r.last_event_at,
        r.duration_ms, r.start_url, r.urls, r.event_count, r.click_count, r.keypress_count, r.bytes,
        r.chunk_count, r.browser, r.os, r.device, r.created_at, r.updated_at, r.console_error_count, p.retention_days,
        COALESCE(d.batches, 0) AS dropped_batches, COALESCE(d.events, 0) AS dropped_events
        """;

    /// <summary>
    /// Replays with their project's retention and what the SDK reported dropped of each (kept apart: a drop
    /// can precede the first chunk).
    /// </summary>
    public const string From = """
        replays r JOIN projects p ON p.id = r.project_id
        LEFT JOIN replay_drops d ON d.project_id = r.project_id AND d.replay_id = r.replay_id
        """;
}

/// <summary>The part of a person's profile the feed shows.</summary>
public sealed record Profile(string? Name, string? Email);
