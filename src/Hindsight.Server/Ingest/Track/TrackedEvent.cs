using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hindsight.Server.Analytics.Store;

namespace Hindsight.Server.Ingest.Track;

/// <summary>An anonymous id (or alias) and the distinct id it belongs to.</summary>
public sealed record IdentityLink(string AnonId, string DistinctId);

/// <summary>One /track item, checked: `{event, properties: {token, time, distinct_id, $insert_id, …}}`.</summary>
public sealed record TrackedEvent(
    string Token, string InsertId, string Name, string? DistinctId, long Time, string? ReplayId, string Properties, IdentityLink? Link)
{
    // Below this a time is in seconds (as Mixpanel sends it); above, in milliseconds. 1e11 s is the year 5138.
    private const double MillisecondsThreshold = 1e11;
    // 9999-12-31 in ms, as /record allows: past it a time no longer fits a date, and a long may overflow.
    private const double MaxTime = 253402300799999;

    /// <summary>The event, or what is wrong with the item.</summary>
    public static (TrackedEvent? Event, string? Problem) Parse(JsonElement item, long now, int maxProperties)
    {
        var name = item.String("event")?.Trim();
        if (string.IsNullOrEmpty(name)) return (null, "\"event\" must be a non-empty string.");
        if (!item.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            return (null, "\"properties\" must be an object.");
        var token = properties.String("token");
        if (string.IsNullOrEmpty(token)) return (null, "properties.token is missing.");
        if (properties.EnumerateObject().Count() > maxProperties)
            return (null, $"an event may have at most {maxProperties} properties.");

        long time = now;
        if (properties.TryGetProperty("time", out var timeValue))
        {
            if (!timeValue.TryGetNumber(out var t) || t <= 0 || (t < MillisecondsThreshold ? t * 1000 : t) > MaxTime)
                return (null, "properties.time must be a number of seconds (or milliseconds) since the Unix epoch, before the year 10000.");
            time = (long)Math.Round(t < MillisecondsThreshold ? t * 1000 : t);
        }

        var replayId = properties.String("$mp_replay_id");
        return (new TrackedEvent(token, InsertIdOf(item, properties), name.CutTo(255),
            properties.Id("distinct_id"), time, string.IsNullOrEmpty(replayId) || replayId.Length > 128 ? null : replayId,
            properties.GetRawText(), LinkOf(name, properties)), null);
    }

    public AnalyticsEvent AsStored(long projectId, long receivedAt) =>
        new(projectId, InsertId, Name, DistinctId, Time, ReplayId, Properties, receivedAt);

    /// <summary>$insert_id when given; else a hash of the item, so a resent copy (beacon, then retry) is still one event.</summary>
    private static string InsertIdOf(JsonElement item, JsonElement properties)
    {
        var given = properties.String("$insert_id")?.Trim();
        if (!string.IsNullOrEmpty(given) && given.Length <= 128) return given;
        return "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.GetRawText())))[..32];
    }

    /// <summary>identify() sends $identify {distinct_id: new, $anon_distinct_id: old}; alias() sends $create_alias {alias, distinct_id}.</summary>
    public static IdentityLink? LinkOf(string name, JsonElement properties)
    {
        var anon = name switch
        {
            "$identify" => properties.Id("$anon_distinct_id"),
            "$create_alias" => properties.Id("alias"),
            _ => null,
        };
        var distinctId = properties.Id("distinct_id");
        return anon is null || distinctId is null || anon == distinctId ? null : new IdentityLink(anon, distinctId);
    }
}
