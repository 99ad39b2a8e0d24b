using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>A teammate's signed-in dashboard session.</summary>
public static class Dashboard
{
    public static async Task<HttpClient> SignedInClientAsync(this HindsightFactory factory,
        string email = HindsightFactory.AdminEmail, string password = HindsightFactory.AdminPassword)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var reply = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        reply.EnsureSuccessStatusCode();
        return client;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        using var reply = await client.GetAsync(path);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, $"GET {path} answered {(int)reply.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<long> DefaultProjectIdAsync(this HindsightFactory factory) =>
        await factory.QuerySingleAsync<long>("SELECT id FROM projects WHERE token = @token", new { token = HindsightFactory.Token });

    /// <summary>The feed's rows for a search, in the default project.</summary>
    public static async Task<JsonArray> FeedAsync(this HttpClient client, HindsightFactory factory, string query = "")
    {
        var page = await client.GetJsonAsync($"/api/replays?project={await factory.DefaultProjectIdAsync()}&q={Uri.EscapeDataString(query)}");
        return page["replays"]!.AsArray();
    }

    public static async Task<JsonObject> ErrorAsync(this HttpResponseMessage reply) =>
        JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsObject();
}
