using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>docs/openapi.json is what the server generates at /openapi/v1.json.</summary>
public sealed class OpenApiDocumentTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    /// <summary>Set to 1 to rewrite the committed document from the server's instead of comparing.</summary>
    private const string RefreshVariable = "HINDSIGHT_REFRESH_OPENAPI";

    [Fact]
    public async Task The_committed_OpenAPI_document_is_the_one_the_server_generates()
    {
        var generated = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        var path = RepositoryFiles.PathOf("docs/openapi.json");
        var pretty = JsonNode.Parse(generated)!.ToJsonString(new() { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable(RefreshVariable) == "1") await File.WriteAllTextAsync(path, pretty);

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(committed == pretty,
            $"docs/openapi.json differs from what the server generates. Refresh it with {RefreshVariable}=1 dotnet test " +
            "tests/Hindsight.Server.Tests --filter OpenApiDocumentTests, and commit it.");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_dashboard_API_and_not_the_SDK_endpoints()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Contains("/api/replays", paths);
        Assert.Contains("/api/projects/{id}/settings", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
        var feed = document["paths"]!["/api/replays"]!["get"]!["responses"]!["200"]!;
        Assert.NotNull(feed["content"]?["application/json"]?["schema"]);
    }
}
