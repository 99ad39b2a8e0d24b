namespace Hindsight.Server.Analytics.Definitions;

// Wire shapes of the event definitions API; times in ms.

/// <summary>An event name with its volume: <see cref="Daily"/> counts the last 30 UTC days, oldest first, today last.</summary>
public record EventDefinitionSummary(string Name, string? Description, long Count30d, IReadOnlyList<long> Daily, long FirstSeen, long LastSeen);

public sealed record EventDefinitionList(IReadOnlyList<EventDefinitionSummary> Definitions);

/// <summary>A property seen on the event's recent events: on how many of them, and up to 5 distinct values as text.</summary>
public sealed record EventPropertySeen(string Name, long Count, IReadOnlyList<string> Examples);

/// <summary>One definition with the properties of a sample of its latest events (<see cref="EventDefinitionStore.SampleSize"/>).</summary>
public sealed record EventDefinitionDetail : EventDefinitionSummary
{
    public EventDefinitionDetail(EventDefinitionSummary summary, IReadOnlyList<EventPropertySeen> properties) : base(summary) => Properties = properties;

    public IReadOnlyList<EventPropertySeen> Properties { get; }
}

public sealed record EventDescriptionRequest(string? Description);
