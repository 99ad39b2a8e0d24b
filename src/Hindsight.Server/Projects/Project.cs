using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hindsight.Server.Projects;

/// <summary>A row of the projects table.</summary>
public sealed class Project
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
    /// <summary>JSON text: one object whose keys each feature owns (ReplaySettings' record*, captureStatus…).</summary>
    public string Settings { get; set; } = "{}";
    public long CreatedAt { get; set; }
    /// <summary>How many days replays are kept from their ingestion (Retention/).</summary>
    public int RetentionDays { get; set; } = Retention.RetentionPolicy.DefaultDays;

    public ReplaySettings ReplaySettings() => Projects.ReplaySettings.Read(SettingsObject(Settings));

    /// <summary>The settings text as an object; text that is not a JSON object reads as an empty one.</summary>
    public static JsonObject SettingsObject(string settings)
    {
        try
        {
            return JsonNode.Parse(settings) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
