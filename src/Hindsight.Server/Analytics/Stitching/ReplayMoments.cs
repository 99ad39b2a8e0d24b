using System.Data.Common;
using Dapper;

namespace Hindsight.Server.Analytics.Stitching;

/// <summary>A tracked event as an entry point reads it from the analytics store, before its replay is known.</summary>
public sealed record EventMoment(string InsertId, string Name, string? DistinctId, long Time, string? ReplayId);

/// <summary>
/// The replay an event fired in and where: <see cref="OffsetMs"/> is the event's moment from the replay's
/// start (the dashboard opens the player a few seconds before it). <see cref="Stitched"/>: found by person
/// and time rather than named by the event's $mp_replay_id.
/// </summary>
public sealed record MomentReplay(string ReplayId, long StartedAt, long DurationMs, long OffsetMs, bool Stitched);

/// <summary>An event with its replay, or with none (the dashboard says "no replay" rather than link nowhere).</summary>
public sealed record ReplayMoment(string InsertId, string Name, string? DistinctId, long Time, MomentReplay? Replay);

/// <summary>What every "View Replays" / "Watch recording" entry point answers: the events behind a chart part, each with its replay.</summary>
public sealed record ReplayMomentList(IReadOnlyList<ReplayMoment> Items, bool Truncated);

/// <summary>
/// Finds the replay of each event for the entry points: the replay its $mp_replay_id names when that replay
/// is stored, else the one <see cref="ReplayFinder"/> stitches it to by person and time.
/// </summary>
public static class ReplayMoments
{
    /// <summary>On the relational store's connection; at most <see cref="ReplayFinder.MaxMoments"/> events.</summary>
    public static async Task<IReadOnlyList<ReplayMoment>> ResolveAsync(
        DbConnection relational, long projectId, IReadOnlyList<EventMoment> events, CancellationToken ct)
    {
        var named = events.Select(e => e.ReplayId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var stored = named.Count == 0
            ? new Dictionary<string, (long StartedAt, long LastEventAt)>()
            : (await relational.QueryAsync<(string ReplayId, long StartedAt, long LastEventAt)>(new CommandDefinition(
                "SELECT replay_id, started_at, last_event_at FROM replays WHERE project_id = @projectId AND replay_id IN @named",
                new { projectId, named }, cancellationToken: ct)))
              .ToDictionary(r => r.ReplayId, r => (r.StartedAt, r.LastEventAt), StringComparer.Ordinal);

        // An event whose replay was never stored (sampled out on another tab, refused, deleted) may still
        // have happened inside another replay of the same person.
        var unnamed = events.Select((e, i) => (e, i))
            .Where(x => x.e.DistinctId is not null && (x.e.ReplayId is null || !stored.ContainsKey(x.e.ReplayId)))
            .ToList();
        var stitched = await ReplayFinder.FindAsync(relational, projectId,
            unnamed.Select(x => new PersonMoment(x.e.DistinctId!, x.e.Time)).ToList(), ct);
        var stitchedByIndex = new Dictionary<int, ReplayHit?>();
        for (var k = 0; k < unnamed.Count; k++) stitchedByIndex[unnamed[k].i] = stitched[k];

        return events.Select((e, i) =>
        {
            MomentReplay? replay = null;
            if (e.ReplayId is not null && stored.TryGetValue(e.ReplayId, out var span))
            {
                var duration = span.LastEventAt - span.StartedAt;
                replay = new MomentReplay(e.ReplayId, span.StartedAt, duration, Math.Clamp(e.Time - span.StartedAt, 0, duration), Stitched: false);
            }
            else if (stitchedByIndex.TryGetValue(i, out var hit) && hit is not null)
            {
                replay = new MomentReplay(hit.ReplayId, hit.StartedAt, hit.DurationMs, hit.OffsetMs, Stitched: true);
            }
            return new ReplayMoment(e.InsertId, e.Name, e.DistinctId, e.Time, replay);
        }).ToList();
    }
}
