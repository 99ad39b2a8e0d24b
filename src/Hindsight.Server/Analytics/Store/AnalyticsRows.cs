namespace Hindsight.Server.Analytics.Store;

/// <summary>A row of the analytics store's <c>events</c>: a tracked or imported event, checked.</summary>
public sealed record AnalyticsEvent(
    long ProjectId, string InsertId, string Name, string? DistinctId, long Time, string? ReplayId, string Properties, long ReceivedAt);

/// <summary>A row of <c>identities</c>: an anonymous id (or alias) and the distinct id it was linked to.</summary>
public sealed record AnalyticsIdentity(long ProjectId, string AnonId, string DistinctId, long CreatedAt);
