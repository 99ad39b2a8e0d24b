using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hindsight.Server.Projects;

/// <summary>A row of the projects table.</summary>
public sealed class Project
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
    /// <summary>JSON text: {"sdkConfig":{…}, …}; grows with sampling, retention, quotas.</summary>
    public string Settings { get; set; } = "{}";
    public long CreatedAt { get; set; }

    /// <summary>The remote SDK config served by /settings; an empty object when none is set.</summary>
    public JsonObject SdkConfig()
    {
        try
        {
            return JsonNode.Parse(Settings)?["sdkConfig"] is JsonObject config
                ? (JsonObject)config.DeepClone()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
