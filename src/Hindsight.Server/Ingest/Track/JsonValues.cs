using System.Globalization;
using System.Text.Json;

namespace Hindsight.Server.Ingest.Track;

/// <summary>Small readers for the loosely typed values SDKs send.</summary>
public static class JsonValues
{
    /// <summary>An id: a non-empty string, or a number written as text; cut at 255 like the SDK does.</summary>
    public static string? Id(this JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        };
        return text.Length == 0 ? null : text.CutTo(255);
    }

    public static string? String(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number, or a string holding one.</summary>
    public static bool TryGetNumber(this JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind switch
        {
            // 1e400 parses as infinity, which no column, sum or JSON reply can hold.
            JsonValueKind.Number => value.TryGetDouble(out number) && double.IsFinite(number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                                    && double.IsFinite(number),
            _ => false,
        };
    }
}
