using System.Net;
using System.Net.Http.Json;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Hindsight.Server.Tests;

/// <summary>A built SDK (its snippet template) and a public URL, as behind a proxy.</summary>
public sealed class PublicUrlWebFactory : HindsightFactory
{
    public const string PublicUrl = "https://hindsight.example";

    public PublicUrlWebFactory()
    {
        Directory.CreateDirectory(Path.Combine(WebRootPath, "sdk"));
        File.WriteAllText(Path.Combine(WebRootPath, "sdk", "snippet.html"), """<script src="{{API_HOST}}/sdk/hindsight.js" data-token="{{TOKEN}}"></script>""");
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Hindsight:PublicUrl"] = PublicUrl };
}

/// <summary>
/// The install snippet names the server's address. A request's Host header is the attacker's to choose, so it
/// must not end up where someone else reads it: the public URL wins when set, and a page built from the Host
/// header is never cached.
/// </summary>
public sealed class HostHeaderTests(PublicUrlWebFactory factory) : IClassFixture<PublicUrlWebFactory>
{
    [Fact]
    public async Task The_demo_snippet_names_the_public_URL_whatever_Host_the_request_claims()
    {
        var page = await DemoPageAsync("evil.example");

        Assert.Equal(200, page.Response.StatusCode);
        var html = await new StreamReader(page.Response.Body).ReadToEndAsync();
        Assert.Contains($"src=\"{PublicUrlWebFactory.PublicUrl}/sdk/hindsight.js\"", html);
        Assert.DoesNotContain("evil.example", html);
    }

    [Fact]
    public async Task A_demo_page_is_never_stored_by_a_cache_since_without_a_public_URL_it_echoes_the_Host()
    {
        var page = await DemoPageAsync("evil.example");

        Assert.Equal("no-store", page.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task The_settings_snippet_names_the_public_URL_whatever_Host_the_request_claims()
    {
        // Every request of this session names the attacker's host (its cookie is kept for that host).
        var client = factory.CreateClient(new() { HandleCookies = true, BaseAddress = new Uri("https://evil.example") });
        (await client.PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password = HindsightFactory.AdminPassword }))
            .EnsureSuccessStatusCode();

        using var reply = await client.GetAsync($"/api/projects/{await factory.DefaultProjectIdAsync()}/settings");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var snippet = (string?)System.Text.Json.Nodes.JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["snippet"];
        Assert.Contains(PublicUrlWebFactory.PublicUrl, snippet);
        Assert.DoesNotContain("evil.example", snippet);
    }

    [Fact]
    public async Task Behind_a_proxy_ending_https_the_dashboard_asks_for_https_even_though_the_proxy_spoke_http()
    {
        using var reply = await factory.CreateClient().GetAsync("/login");

        Assert.Equal("max-age=31536000", reply.Headers.GetValues("Strict-Transport-Security").Single());
    }

    private Task<HttpContext> DemoPageAsync(string host) => factory.Server.SendAsync(c =>
    {
        c.Request.Method = "GET";
        c.Request.Path = "/demo/";
        c.Request.Host = new HostString(host);
    });
}
