using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hindsight.Server.People;

/// <summary>What the people search looks for in a profile besides its name and email (<c>people.property_text</c>).</summary>
public static class ProfileText
{
    /// <summary>Every property's value, lower-cased, one a line: strings as they are, other values as JSON.</summary>
    public static string Of(JsonObject properties) => string.Join('\n', properties
        .Select(p => p.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : p.Value?.ToJsonString() ?? "null"))
        .ToLowerInvariant();
}
