using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hindsight.Server.Analytics.Heatmaps;

/// <summary>
/// The CSS selector of a clicked element, built from the click's <c>$elements</c> chain (the element, then
/// its ancestors up to <c>body</c>, as mixpanel-browser and our SDK send it): from the nearest ancestor with
/// an id, or from <c>body</c>, each step its tag and <c>:nth-of-type</c>. Classes are left out because pages
/// toggle them (<c>active</c>, <c>open</c>), which would split one button into several; the position among
/// its siblings is what the rebuilt document still has. The dashboard finds the element with it in the page
/// rebuilt from a replay, and the label is what a person reads (<c>button#buy</c>, <c>a.nav-link</c>).
/// </summary>
public static partial class ElementSelector
{
    public const int MaxLength = 1000;

    /// <summary>The selector and the label of a chain (JSON text), or null when the chain is not one.</summary>
    public static (string Selector, string Label)? FromChain(string? chainJson)
    {
        if (string.IsNullOrEmpty(chainJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(chainJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0) return null;
            var steps = new List<string>();
            string? label = null;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object) return null;
                var tag = Text(element, "$tag_name")?.ToLowerInvariant();
                if (tag is null || !TagName().IsMatch(tag)) return null;
                var id = Text(element, "$id");
                label ??= tag + (id is { Length: > 0 } ? "#" + id : Classes(element));
                if (tag is "body" or "html") { steps.Add(tag); break; }
                if (id is { Length: > 0 }) { steps.Add(tag + IdSelector(id)); break; }
                var nth = element.TryGetProperty("$nth_of_type", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var v) && v > 0 ? v : 1;
                steps.Add($"{tag}:nth-of-type({nth})");
            }
            steps.Reverse();
            var selector = string.Join(" > ", steps);
            return selector.Length > MaxLength ? null : (selector, label!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Classes(JsonElement element)
    {
        if (!element.TryGetProperty("$classes", out var classes) || classes.ValueKind != JsonValueKind.Array) return "";
        var names = classes.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)
            .Where(c => c.Length > 0).Take(2);
        return string.Concat(names.Select(c => "." + c));
    }

    /// <summary><c>#id</c> when the id is a plain CSS identifier, else an attribute selector, quoted.</summary>
    private static string IdSelector(string id)
    {
        if (Identifier().IsMatch(id)) return "#" + id;
        var quoted = new StringBuilder("[id=\"");
        foreach (var c in id) quoted.Append(c is '"' or '\\' ? "\\" + c : c < ' ' ? $"\\{(int)c:x} " : c.ToString());
        return quoted.Append("\"]").ToString();
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex TagName();

    [GeneratedRegex("^-?[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Identifier();
}
