using System.Net;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A web root with a built SDK and dashboard in it.</summary>
public sealed class BuiltWebFactory : HindsightFactory
{
    public BuiltWebFactory()
    {
        Directory.CreateDirectory(Path.Combine(WebRootPath, "sdk"));
        Directory.CreateDirectory(Path.Combine(WebRootPath, "app", "assets"));
        File.WriteAllText(Path.Combine(WebRootPath, "sdk", "hindsight.js"), "window.hindsight = {};");
        File.WriteAllText(Path.Combine(WebRootPath, "sdk", "hindsight.mjs"), "export default {};");
        File.WriteAllText(Path.Combine(WebRootPath, "app", "index.html"), "<!doctype html><title>Hindsight</title>");
        File.WriteAllText(Path.Combine(WebRootPath, "app", "assets", "index-abc123.js"), "console.log('app');");
    }
}

public sealed class WebTests(BuiltWebFactory factory) : IClassFixture<BuiltWebFactory>
{
    [Fact]
    public async Task Healthz_answers_ok()
    {
        Assert.Equal("""{"status":"ok"}""", await factory.CreateClient().GetStringAsync("/healthz"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/login?next=%2Freplays%2Fabc")]
    [InlineData("/replays/abc?project=1&t=1500")]
    public async Task Dashboard_routes_serve_the_app_with_security_headers(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("text/html", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Hindsight</title>", await reply.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", reply.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", reply.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", reply.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(reply.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Hashed_dashboard_assets_are_cached_for_a_year()
    {
        using var reply = await factory.CreateClient().GetAsync("/app/assets/index-abc123.js");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), reply.Headers.CacheControl?.MaxAge);
    }

    [Theory]
    [InlineData("/sdk/hindsight.js")]
    [InlineData("/sdk/hindsight.mjs")]
    public async Task SDK_bundles_load_from_any_site_as_javascript(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("text/javascript", reply.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", reply.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(reply.Headers.CacheControl?.MaxAge <= TimeSpan.FromHours(1));
        Assert.False(reply.Headers.Contains("X-Frame-Options"));
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/replays/x/y/z")]
    public async Task Unknown_api_paths_answer_404_JSON_not_the_app(string path)
    {
        using var reply = await (await factory.SignedInClientAsync()).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal("not_found", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Theory]
    [InlineData("/sdk/missing.js")]
    [InlineData("/app/missing")]
    [InlineData("/demo/missing")]
    public async Task Missing_files_under_reserved_paths_answer_404_not_the_app(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task SDK_endpoints_carry_no_dashboard_headers()
    {
        using var reply = await factory.CreateClient().GetAsync("/flags/");

        Assert.False(reply.Headers.Contains("X-Frame-Options"));
    }
}

public sealed class UnbuiltWebTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Without_a_built_dashboard_the_app_routes_say_how_to_build_it()
    {
        using var reply = await factory.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.StatusCode);
        Assert.Contains("npm run build -w web", await reply.Content.ReadAsStringAsync());
    }
}
