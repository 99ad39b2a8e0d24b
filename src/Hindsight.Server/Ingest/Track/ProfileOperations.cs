using System.Text.Json.Nodes;

namespace Hindsight.Server.Ingest.Track;

/// <summary>Applies profile operations to a profile's properties, with Mixpanel's meaning for each.</summary>
public static class ProfileOperations
{
    /// <summary>Changes <paramref name="properties"/> in place; returns false when the profile is to be deleted.</summary>
    public static bool Apply(JsonObject properties, IEnumerable<ProfileOperation> operations)
    {
        foreach (var op in operations)
        {
            if (op.Name == "$delete") return false;
            if (op.Name == "$unset")
            {
                foreach (var name in op.Value.EnumerateArray()) properties.Remove(name.GetString()!);
                continue;
            }
            foreach (var property in op.Value.EnumerateObject())
                Apply(op.Name, properties, property.Name, JsonNode.Parse(property.Value.GetRawText()));
        }
        return true;
    }

    private static void Apply(string op, JsonObject properties, string name, JsonNode? value)
    {
        properties.TryGetPropertyValue(name, out var current);
        switch (op)
        {
            case "$set":
                properties[name] = value;
                break;
            case "$set_once":
                if (!properties.ContainsKey(name)) properties[name] = value;
                break;
            case "$add":
                // A missing or non-numeric value counts as 0.
                var sum = (current is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0) + value!.GetValue<double>();
                if (!double.IsFinite(sum)) break; // past a double's range: keep the value as it was, JSON holds no infinity
                properties[name] = sum == Math.Floor(sum) && Math.Abs(sum) < 1e15 ? JsonValue.Create((long)sum) : JsonValue.Create(sum);
                break;
            case "$append":
                ListOf(properties, name, current).Add(value);
                break;
            case "$union":
                var list = ListOf(properties, name, current);
                foreach (var item in value!.AsArray())
                {
                    if (!list.Any(existing => JsonNode.DeepEquals(existing, item))) list.Add(item?.DeepClone());
                }
                break;
            case "$remove":
                if (current is JsonArray array)
                {
                    foreach (var match in array.Where(existing => JsonNode.DeepEquals(existing, value)).ToList()) array.Remove(match);
                }
                break;
        }
    }

    /// <summary>The list property to add to: the existing list, or a new one (keeping a lone existing value).</summary>
    private static JsonArray ListOf(JsonObject properties, string name, JsonNode? current)
    {
        if (current is JsonArray array) return array;
        var list = current is null ? new JsonArray() : new JsonArray(current.DeepClone());
        properties[name] = list;
        return list;
    }

    /// <summary>The name the feed shows: $name, else $first_name and $last_name.</summary>
    public static string? DisplayName(JsonObject properties)
    {
        var name = Text(properties, "$name");
        if (name is not null) return name;
        var full = $"{Text(properties, "$first_name")} {Text(properties, "$last_name")}".Trim();
        return full.Length == 0 ? null : full;
    }

    public static string? Email(JsonObject properties) => Text(properties, "$email");

    private static string? Text(JsonObject properties, string name) =>
        properties[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim().Length > 0 ? text.Trim() : null;
}
