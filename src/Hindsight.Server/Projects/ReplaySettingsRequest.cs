using System.Text.Json;
using Hindsight.Server.Hosting;

namespace Hindsight.Server.Projects;

/// <summary>
/// The body of PUT /api/projects/{id}/settings, checked. It states every editable setting (null leaves
/// one to the site's own config), so a typo or a forgotten field is an error rather than a silent reset.
/// The read-only fields of the GET reply (capture status and retention among them: POST /capture and
/// PUT /retention change them) are
/// ignored, so a GET reply can be edited and sent back.
/// </summary>
public static class ReplaySettingsRequest
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly string[] Editable =
        ["recordSessionsPercent", "recordIdleTimeoutMs", "recordMinMs", "recordMaxMs", "recordHeatmapData", "recordManually"];

    private static readonly string[] ReadOnly = ["captureStatus", "retentionDays", "canEdit", "canChangeCapture", "canReadImportSecret", "snippet"];

    /// <summary>The settings asked for (capture status left at its default: the caller keeps the stored one), or the error.</summary>
    public static (ReplaySettings? Settings, ApiError? Error) Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Fail("invalid_json", null, $"The body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
                return Fail("not_an_object", null, "The body must be a JSON object of settings.");
            foreach (var property in body.EnumerateObject())
            {
                if (!Editable.Contains(property.Name) && !ReadOnly.Contains(property.Name))
                    return Fail("unknown_field", property.Name, $"There is no setting \"{property.Name}\". Settings: {string.Join(", ", Editable)}.");
            }
            var missing = Editable.FirstOrDefault(name => !body.TryGetProperty(name, out _));
            if (missing is not null)
                return Fail("missing_field", missing, $"{missing} is missing: send every setting, null for those the site's own config decides.");
            return Read(body);
        }
    }

    private static (ReplaySettings?, ApiError?) Read(JsonElement body)
    {
        if (!TryNumber(body, "recordSessionsPercent", 0, 100, out var percent))
            return Invalid("recordSessionsPercent", "must be a number from 0 to 100 (fractions allowed), or null");
        if (!TryMs(body, "recordIdleTimeoutMs", ReplaySettings.MinIdleTimeoutMs, ReplaySettings.MaxIdleTimeoutMs, out var idle))
            return Invalid("recordIdleTimeoutMs", "must be a whole number of milliseconds from 1000 (1 second) to 86400000 (24 hours), or null");
        if (!TryMs(body, "recordMinMs", 0, ReplaySettings.MaxMinMs, out var min))
            return Invalid("recordMinMs", "must be a whole number of milliseconds from 0 to 8000 (8 seconds), or null");
        if (!TryMs(body, "recordMaxMs", ReplaySettings.MinMaxMs, ReplaySettings.MaxMaxMs, out var max))
            return Invalid("recordMaxMs", "must be a whole number of milliseconds from 1000 (1 second) to 86400000 (24 hours), or null");
        if (min > max)
            return Fail("invalid_setting", "recordMinMs", $"recordMinMs ({min}) must not be longer than recordMaxMs ({max}): no replay could be kept.");
        var heatmap = body.GetProperty("recordHeatmapData");
        if (heatmap.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            return Invalid("recordHeatmapData", "must be true, false or null");
        var manually = body.GetProperty("recordManually");
        if (manually.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return Invalid("recordManually", "must be true or false");

        return (new ReplaySettings(percent, idle, min, max,
            heatmap.ValueKind == JsonValueKind.Null ? null : heatmap.GetBoolean(), manually.GetBoolean()), null);
    }

    private static bool TryNumber(JsonElement body, string name, double low, double high, out double? value)
    {
        var element = body.GetProperty(name);
        value = null;
        if (element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || number < low || number > high) return false;
        value = number;
        return true;
    }

    private static bool TryMs(JsonElement body, string name, long low, long high, out long? value)
    {
        var element = body.GetProperty(name);
        value = null;
        if (element.ValueKind == JsonValueKind.Null) return true;
        // 60000.0 is a whole number too; 60000.5 is not.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || number != Math.Floor(number)
            || number < low || number > high) return false;
        value = (long)number;
        return true;
    }

    private static (ReplaySettings?, ApiError?) Invalid(string field, string rule) => Fail("invalid_setting", field, $"{field} {rule}.");

    private static (ReplaySettings?, ApiError?) Fail(string error, string? field, string message) => (null, new ApiError(error, message, field));
}
