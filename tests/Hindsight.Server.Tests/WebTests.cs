using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
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
        // A reload does not even revalidate them: a new build has new names.
        Assert.Contains(reply.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br, gzip", "br")]
    public async Task Dashboard_assets_and_SDK_bundles_are_compressed_for_a_browser_that_accepts_it(string accepted, string encoding)
    {
        foreach (var path in new[] { "/app/assets/index-abc123.js", "/sdk/hindsight.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accepted);
            using var reply = await factory.CreateClient().SendAsync(request);

            Assert.Equal([encoding], reply.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", reply.Headers.Vary);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(factory.WebRootPath, path.TrimStart('/'))),
                Inflate(await reply.Content.ReadAsByteArrayAsync(), encoding));
        }
    }

    [Fact]
    public async Task API_JSON_is_compressed_for_a_browser_that_accepts_it()
    {
        var dashboard = await factory.SignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        using var reply = await dashboard.SendAsync(request);

        Assert.Equal(["br"], reply.Content.Headers.ContentEncoding);
        Assert.Equal(HindsightFactory.AdminEmail, (string?)JsonNode.Parse(Inflate(await reply.Content.ReadAsByteArrayAsync(), "br"))!["email"]);
    }

    [Fact]
    public async Task A_chunk_is_served_as_stored_and_never_compressed_twice()
    {
        (await factory.CreateClient().RecordAsync("compressed-once", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/replays/compressed-once/chunks/0");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        using var reply = await (await factory.SignedInClientAsync()).SendAsync(request);

        Assert.Equal(["gzip"], reply.Content.Headers.ContentEncoding);
        Assert.Equal(4, JsonNode.Parse(Inflate(await reply.Content.ReadAsByteArrayAsync(), "gzip"))!.AsArray()[0]!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task SDK_endpoint_replies_are_not_compressed()
    {
        using var reply = await factory.CreateClient().RecordRawAsync("/record/?replay_id=plain-reply&seq=0&format=gzip",
            Sdk.Gzip(Rrweb.Start(Rrweb.T0, "https://shop.example/")),
            adjust: request => request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br"));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Empty(reply.Content.Headers.ContentEncoding);
    }

    private static string Inflate(byte[] body, string encoding)
    {
        using Stream inflating = encoding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(inflating);
        return reader.ReadToEnd();
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
