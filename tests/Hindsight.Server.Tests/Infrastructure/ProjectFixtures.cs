using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Accounts;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Identity;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>Projects and teammates of each role, made through the app's own stores.</summary>
public static class ProjectFixtures
{
    public const string MemberPassword = "a teammate's password";

    /// <summary>A new project of its own, with the test admin as its admin: tests that change settings do not meet.</summary>
    public static async Task<Project> NewProjectAsync(this HindsightFactory factory, string name = "Settings test")
    {
        var projects = factory.Get<ProjectStore>();
        var project = await projects.CreateAsync(name, ProjectTokens.Generate(), CancellationToken.None);
        var admin = await factory.Get<UserStore>().FindByEmailAsync(HindsightFactory.AdminEmail, CancellationToken.None);
        await projects.AddMemberAsync(project.Id, admin!.Id, "admin", CancellationToken.None);
        return project;
    }

    /// <summary>A new teammate with the given role in a project, signed in to the dashboard.</summary>
    public static async Task<HttpClient> SignedInMemberAsync(this HindsightFactory factory, long projectId, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@tests.hindsight";
        var hash = factory.Get<IPasswordHasher<User>>().HashPassword(new User(), MemberPassword);
        var user = await factory.Get<UserStore>().CreateAsync(email, null, hash, CancellationToken.None);
        await factory.Get<ProjectStore>().AddMemberAsync(projectId, user.Id, role, CancellationToken.None);
        return await factory.SignedInClientAsync(email, MemberPassword);
    }

    /// <summary>GET /settings as the SDK asks for it; the `config` object it answers.</summary>
    public static async Task<JsonObject> SdkConfigAsync(this HindsightFactory factory, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/?$lib_version=2.83.0&mp_lib=web&sdk_config=1");
        request.Headers.Authorization = Sdk.Basic(token);
        using var reply = await factory.CreateClient().SendAsync(request);
        reply.EnsureSuccessStatusCode();
        return JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["sdk_config"]!["config"]!.AsObject();
    }

    /// <summary>Every editable setting unset, then the given ones: a valid PUT body.</summary>
    public static JsonObject SettingsBody(object? values = null)
    {
        var body = new JsonObject
        {
            ["recordSessionsPercent"] = null, ["recordIdleTimeoutMs"] = null, ["recordMinMs"] = null,
            ["recordMaxMs"] = null, ["recordHeatmapData"] = null, ["recordManually"] = false,
        };
        if (values is not null)
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject()) body[key] = value?.DeepClone();
        return body;
    }

    public static Task<HttpResponseMessage> PutSettingsAsync(this HttpClient client, long projectId, JsonNode body) =>
        client.PutAsync($"/api/projects/{projectId}/settings", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> SetCaptureAsync(this HttpClient client, long projectId, string status) =>
        client.PostAsJsonAsync($"/api/projects/{projectId}/capture", new { status });
}
