using System.Text.Json;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Ingest.Track;

namespace Hindsight.Server.Ingest.Import;

/// <summary>Why one /import item was not imported: the field at fault, as Mixpanel's strict mode names it.</summary>
public sealed record ImportProblem(string? Field, string Message);

/// <summary>
/// One /import item, checked as Mixpanel's /import checks it: a name, a time (seconds or milliseconds,
/// from 1971 to one hour ahead of the server's clock), a distinct id (the empty string for an event of no
/// one) and an $insert_id, required because a backend retries whole batches and only it makes that safe.
/// </summary>
public static class ImportedEvent
{
    /// <summary>1971-01-01: earlier times are a unit mistake (Mixpanel refuses them too).</summary>
    public const long EarliestTime = 31_536_000_000;

    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(1);

    // Below this a time is in seconds; above, in milliseconds (as /track reads it).
    private const double MillisecondsThreshold = 1e11;

    public static (AnalyticsEvent? Event, IdentityLink? Link, ImportProblem? Problem) Parse(
        JsonElement item, long projectId, long now, int maxProperties)
    {
        if (item.ValueKind != JsonValueKind.Object) return Fail(null, "the item is not a JSON object.");
        var name = item.String("event")?.Trim();
        if (string.IsNullOrEmpty(name)) return Fail("event", "'event' must be a non-empty string.");
        if (!item.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            return Fail("properties", "'properties' must be an object.");
        if (properties.EnumerateObject().Count() > maxProperties)
            return Fail("properties", $"an event may have at most {maxProperties} properties.");

        if (!properties.TryGetProperty("time", out var timeValue) || !timeValue.TryGetNumber(out var t))
            return Fail("properties.time", "'properties.time' is required: seconds or milliseconds since the epoch.");
        var time = (long)Math.Round(t < MillisecondsThreshold ? t * 1000 : t);
        if (time < EarliestTime) return Fail("properties.time", "'properties.time' is before 1971-01-01.");
        if (time > now + (long)MaxAhead.TotalMilliseconds)
            return Fail("properties.time", "'properties.time' is more than one hour in the future.");

        if (!properties.TryGetProperty("distinct_id", out var distinct) || distinct.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            return Fail("properties.distinct_id", "'properties.distinct_id' is required: a string, empty for an event of no one.");
        var insertId = properties.String("$insert_id")?.Trim();
        if (string.IsNullOrEmpty(insertId)) return Fail("properties.$insert_id", "'properties.$insert_id' is required: it makes a retried batch safe.");
        if (insertId.Length > 128) return Fail("properties.$insert_id", "'properties.$insert_id' may be at most 128 characters.");

        var replayId = properties.String("$mp_replay_id");
        var stored = new AnalyticsEvent(projectId, insertId, name.Length <= 255 ? name : name[..255], properties.Id("distinct_id"), time,
            string.IsNullOrEmpty(replayId) || replayId.Length > 128 ? null : replayId, properties.GetRawText(), now);
        return (stored, TrackedEvent.LinkOf(name, properties), null);
    }

    /// <summary>The $insert_id an item names, for the report, whether or not the item is valid.</summary>
    public static string? InsertIdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.String("$insert_id") : null;

    private static (AnalyticsEvent?, IdentityLink?, ImportProblem?) Fail(string? field, string message) => (null, null, new ImportProblem(field, message));
}
