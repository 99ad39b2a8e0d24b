namespace Hindsight.Server.People;

/// <summary>
/// Keeps each person's first and last seen (the times of their first and last event) where the people list
/// can sort by them. Called once per stored batch of tracked events, after the events and the identity
/// links they carry are stored; safe to call again with the same events (it keeps the earliest and latest).
/// </summary>
public interface IPersonActivity
{
    Task RecordAsync(long projectId, IReadOnlyCollection<(string DistinctId, long Time)> events, CancellationToken ct);
}
