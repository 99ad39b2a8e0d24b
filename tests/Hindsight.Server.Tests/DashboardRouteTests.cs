using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Ingest;
using Hindsight.Server.Tests.Infrastructure;
using Hindsight.Server.Web;
using Microsoft.AspNetCore.Http;

namespace Hindsight.Server.Tests;

/// <summary>
/// The dashboard's routes (web/src/routes.json, the table its router matches) and the server's own paths
/// never meet: the Settings page once sat at /settings, the SDK's endpoint, and reloading it showed a 401.
/// </summary>
public sealed class DashboardRouteTests(BuiltWebFactory factory) : IClassFixture<BuiltWebFactory>
{
    /// <summary>Each route of the dashboard's table with its parameters filled in, e.g. /projects/1/settings.</summary>
    public static TheoryData<string> Routes()
    {
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "web", "src", "routes.json")))!.AsObject();
        var routes = new TheoryData<string>();
        foreach (var (_, pattern) in table)
            routes.Add(string.Join('/', pattern!.GetValue<string>().Split('/').Select(s => s.StartsWith(':') ? "1" : s)));
        return routes;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void No_dashboard_route_shares_a_path_with_an_SDK_endpoint(string route)
    {
        var path = new PathString(route);
        foreach (var endpoint in IngestApi.Paths)
        {
            Assert.False(path.StartsWithSegments(endpoint), $"The dashboard route {route} lies under the SDK endpoint {endpoint}.");
            Assert.False(new PathString(endpoint).StartsWithSegments(path) && route != "/",
                $"The SDK endpoint {endpoint} lies under the dashboard route {route}.");
        }
        Assert.False(WebApi.IsOutsideDashboard(path), $"The server keeps {route} for something other than the dashboard.");
        Assert.False(path.StartsWithSegments("/api"), $"The dashboard route {route} lies under /api.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Opening_or_reloading_a_dashboard_route_gets_the_dashboard(string route)
    {
        using var reply = await factory.CreateClient().SendAsync(Navigation(route));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("<title>Hindsight</title>", await reply.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/settings?project=3", "/projects/3/settings")]
    [InlineData("/settings/?project=12", "/projects/12/settings")]
    [InlineData("/settings", "/")]
    [InlineData("/settings?project=x", "/")]
    public async Task An_old_Settings_page_link_sends_the_browser_to_the_page_where_it_now_lives(string link, string page)
    {
        using var reply = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(Navigation(link));

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(page, reply.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_old_Settings_link_asked_for_as_HTML_without_fetch_metadata_is_sent_on_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings?project=3");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var reply = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal("/projects/3/settings", reply.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_SDK_request_without_its_token_still_gets_the_SDK_error_not_a_redirect()
    {
        // mixpanel-browser's fetch: no HTML asked for, cors mode.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/?$lib_version=2.83.0&mp_lib=web&sdk_config=1&project=3");
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        using var reply = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("missing_token", JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_navigation_to_settings_that_carries_a_token_is_answered_as_the_SDK()
    {
        using var request = Navigation("/settings?project=3");
        request.Headers.Authorization = Sdk.Basic(HindsightFactory.Token);
        using var reply = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.NotNull(JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["sdk_config"]);
    }

    /// <summary>What a browser sends when a person opens, reloads or follows a link to the path.</summary>
    static HttpRequestMessage Navigation(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Dest", "document");
        return request;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hindsight.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Hindsight.slnx not found above the test assembly.");
    }
}
