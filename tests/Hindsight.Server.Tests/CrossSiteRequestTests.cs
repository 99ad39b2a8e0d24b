using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hindsight.Server.Tests;

/// <summary>
/// Every state-changing /api endpoint, found in the app's own routing table so that one added later without
/// the SameOriginFilter fails here, refuses a request another site's page could make a signed-in browser send.
/// </summary>
public sealed class CrossSiteRequestTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    /// <summary>What a browser sends along with a request that another site's page started.</summary>
    public static TheoryData<string, string?, string?> CrossSiteSenders => new()
    {
        { "another site", "https://evil.example", null },
        { "a look-alike host", "http://localhost.evil.example", null },
        { "another port of this host", "http://localhost:6666", null },
        { "a sandboxed frame or a data: page", "null", null },
        { "a browser that sends no Origin but says cross-site", null, "cross-site" },
        { "a browser that sends no Origin but says another subdomain of the site", null, "same-site" },
        { "an Origin that is no URL", "not a url", null },
    };

    [Theory]
    [MemberData(nameof(CrossSiteSenders))]
    public async Task Every_state_changing_api_endpoint_refuses_a_request_started_by_another_site(string sender, string? origin, string? fetchSite)
    {
        var client = await factory.SignedInClientAsync();
        var projectId = await factory.DefaultProjectIdAsync();
        var writes = StateChangingApiEndpoints();
        Assert.True(writes.Count >= 4, $"Only {writes.Count} state-changing /api endpoints found: {string.Join(", ", writes)}");

        foreach (var (method, pattern) in writes)
        {
            var path = Regex.Replace(pattern, "{[^}]+}", projectId.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent("""{"status":"paused","email":"admin@tests.hindsight","password":"x"}""", Encoding.UTF8, "application/json"),
            };
            if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
            if (fetchSite is not null) request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);

            using var reply = await client.SendAsync(request);

            Assert.True(reply.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} from {sender} answered {(int)reply.StatusCode}");
            Assert.Equal("cross_origin_request", (string?)(await reply.ErrorAsync())["error"]);
        }

        // Nothing the refused requests asked for happened: the session lives on, capture still runs.
        var settings = await client.GetJsonAsync($"/api/projects/{projectId}/settings");
        Assert.Equal("active", (string?)settings["captureStatus"]);
    }

    [Fact]
    public async Task The_same_writes_from_the_dashboard_itself_pass_the_check()
    {
        var client = await factory.SignedInClientAsync();
        var projectId = await factory.DefaultProjectIdAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/capture")
        {
            Content = new StringContent("""{"status":"active"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        using var reply = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    private List<(string Method, string Pattern)> StateChangingApiEndpoints()
    {
        factory.CreateClient(); // starts the app, so its endpoints exist
        return factory.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            // An endpoint for any method (no method metadata) takes writes too.
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["POST", "PUT", "PATCH", "DELETE"])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();
    }
}
