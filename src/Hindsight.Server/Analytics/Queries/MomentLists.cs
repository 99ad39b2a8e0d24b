using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>The moments reply of every "View Replays" entry point, from the events an analytics query found.</summary>
public static class MomentLists
{
    /// <summary>
    /// <paramref name="events"/> newest first, up to <paramref name="limit"/> + 1 of them: the one past the
    /// limit is not answered, it only tells the list was truncated.
    /// </summary>
    public static async Task<ReplayMomentList> ResolveAsync(IDatabase database, long projectId, IReadOnlyList<EventMoment> events, int limit, CancellationToken ct)
    {
        var shown = events.Take(limit).ToList();
        await using var relational = await database.OpenAsync(ct);
        var moments = await ReplayMoments.ResolveAsync(relational, projectId, shown, ct);
        return new ReplayMomentList(moments, events.Count > limit);
    }
}
