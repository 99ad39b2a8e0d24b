using System.Text.Json;
using Hindsight.Server.Analytics.Stitching;

namespace Hindsight.Server.People;

// Wire shapes of the people API (docs: README, "People"); times in ms, null when never seen in an event.

public sealed record PersonListItem(string DistinctId, string? Name, string? Email, long? FirstSeen, long? LastSeen);

public sealed record PeoplePage(IReadOnlyList<PersonListItem> People, string? NextCursor);

/// <summary>A person's profile; <see cref="Ids"/> is every id linked to them, this one included.</summary>
public sealed record PersonProfile(
    string DistinctId, string? Name, string? Email, JsonElement Properties, long? FirstSeen, long? LastSeen, IReadOnlyList<string> Ids);

/// <summary>A tracked event in a person's activity; <see cref="ReplayId"/> the replay it fired in (named or stitched).</summary>
public sealed record ActivityEvent(string InsertId, string Name, long Time, string? ReplayId, JsonElement Properties);

/// <summary>Events with no more than <see cref="ActivityStream.InactivityCut"/> between two, newest first.</summary>
public sealed record ActivitySession(long Start, long End, MomentReplay? Replay, IReadOnlyList<ActivityEvent> Events);

/// <summary><see cref="NextBefore"/>: ask again with before= it for older events; null when there are none.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivitySession> Sessions, long? NextBefore);
