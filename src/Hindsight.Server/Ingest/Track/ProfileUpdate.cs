using System.Text.Json;

namespace Hindsight.Server.Ingest.Track;

/// <summary>One operation of a profile update: `$set: {…}`, `$unset: […]`, `$delete: ""`…</summary>
public sealed record ProfileOperation(string Name, JsonElement Value);

/// <summary>
/// One /engage item (a person, keyed by $distinct_id) or /groups item (a group, keyed by $group_key and
/// $group_id), checked. Operations run in the order of <see cref="Operations"/>, whatever order they came in.
/// </summary>
public sealed record ProfileUpdate(string Token, string Id, string? GroupKey, IReadOnlyList<ProfileOperation> Ops)
{
    public static readonly string[] Operations = ["$set", "$set_once", "$add", "$append", "$union", "$remove", "$unset", "$delete"];

    public static (ProfileUpdate? Update, string? Problem) ParsePerson(JsonElement item, int maxProperties)
    {
        var token = item.String("$token");
        if (string.IsNullOrEmpty(token)) return (null, "$token is missing.");
        var distinctId = item.Id("$distinct_id");
        if (distinctId is null) return (null, "$distinct_id is missing.");
        return ParseOperations(item, maxProperties, ops => new ProfileUpdate(token, distinctId, null, ops));
    }

    public static (ProfileUpdate? Update, string? Problem) ParseGroup(JsonElement item, int maxProperties)
    {
        var token = item.String("$token");
        if (string.IsNullOrEmpty(token)) return (null, "$token is missing.");
        var groupKey = item.Id("$group_key");
        var groupId = item.Id("$group_id");
        if (groupKey is null || groupId is null) return (null, "$group_key and $group_id are required.");
        return ParseOperations(item, maxProperties, ops => new ProfileUpdate(token, groupId, groupKey, ops));
    }

    private static (ProfileUpdate?, string?) ParseOperations(
        JsonElement item, int maxProperties, Func<IReadOnlyList<ProfileOperation>, ProfileUpdate> create)
    {
        var ops = new List<ProfileOperation>();
        foreach (var name in Operations)
        {
            if (!item.TryGetProperty(name, out var value)) continue;
            var problem = Check(name, value, maxProperties);
            if (problem is not null) return (null, problem);
            ops.Add(new ProfileOperation(name, value.Clone()));
        }
        return ops.Count == 0
            ? (null, $"no operation: expected one of {string.Join(", ", Operations)}.")
            : (create(ops), null);
    }

    private static string? Check(string name, JsonElement value, int maxProperties) => name switch
    {
        "$delete" => null,
        "$unset" => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.GetArrayLength() > maxProperties ? $"$unset may name at most {maxProperties} properties." : null
            : "$unset must be an array of property names.",
        _ when value.ValueKind != JsonValueKind.Object => $"{name} must be an object.",
        _ when value.EnumerateObject().Count() > maxProperties => $"{name} may hold at most {maxProperties} properties.",
        "$add" when value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetNumber(out _)) => "$add values must be finite numbers.",
        "$union" when value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.Array) => "$union values must be arrays.",
        _ => null,
    };
}
