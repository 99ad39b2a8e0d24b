using System.Text.Json;

namespace Hindsight.Server.Analytics.Definitions;

/// <summary>The properties seen on a sample of events, each with how often and a few example values.</summary>
public static class PropertySample
{
    public const int MaxExamples = 5, MaxExampleLength = 200, MaxProperties = 1000;

    public static IReadOnlyList<EventPropertySeen> Of(IEnumerable<string> propertiesJson)
    {
        var seen = new Dictionary<string, (long Count, List<string> Examples)>(StringComparer.Ordinal);
        foreach (var json in propertiesJson)
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var entry = seen.TryGetValue(property.Name, out var found) ? found : (0, new List<string>());
                var example = Text(property.Value);
                if (entry.Examples.Count < MaxExamples && !entry.Examples.Contains(example)) entry.Examples.Add(example);
                seen[property.Name] = (entry.Count + 1, entry.Examples);
            }
        }
        return seen.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).Take(MaxProperties)
            .Select(p => new EventPropertySeen(p.Key, p.Value.Count, p.Value.Examples)).ToList();
    }

    /// <summary>A string as it is, anything else as its JSON; cut to <see cref="MaxExampleLength"/> characters.</summary>
    private static string Text(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return text.Length <= MaxExampleLength ? text : text[..MaxExampleLength] + "…";
    }
}
