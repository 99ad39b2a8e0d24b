using System.Net;
using System.Text.RegularExpressions;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// The headers of the dashboard's own responses (pages, assets, /api), and their absence from what other
/// sites embed (SDK endpoints, /sdk files, the demo shop).
/// </summary>
public sealed partial class SecurityHeadersTests(BuiltWebFactory factory) : IClassFixture<BuiltWebFactory>
{
    public static TheoryData<string> DashboardResponses => new() { "/", "/login", "/replays/abc?project=1", "/app/assets/index-abc123.js", "/api/auth/me", "/api/nothing-here", "/healthz" };

    [Theory]
    [MemberData(nameof(DashboardResponses))]
    public async Task Dashboard_responses_carry_a_content_security_policy_that_runs_only_our_own_scripts(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        var policy = Directives(Assert.Single(reply.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'self'"], policy["base-uri"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.Equal(["'self'"], policy["connect-src"]);
        Assert.DoesNotContain(policy.Values.SelectMany(v => v), v => v is "'unsafe-eval'" or "*");
        Assert.DoesNotContain("'unsafe-inline'", policy["script-src"]);
    }

    [Fact]
    public async Task The_policy_lets_a_replayed_page_show_its_inline_styles_and_its_sites_images_fonts_and_media()
    {
        using var reply = await factory.CreateClient().GetAsync("/replays/abc?project=1");

        // The player's sandboxed iframe inherits this policy; recorded pages bring their own styles and files.
        var policy = Directives(reply.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Superset(new HashSet<string> { "'unsafe-inline'", "http:", "https:", "data:", "blob:" }, policy["style-src"].ToHashSet());
        foreach (var directive in new[] { "img-src", "font-src", "media-src" })
            Assert.Superset(new HashSet<string> { "'self'", "http:", "https:", "data:", "blob:" }, policy[directive].ToHashSet());
    }

    [Fact]
    public void The_dashboard_page_has_no_inline_script_the_policy_would_block()
    {
        // Vite keeps index.html's scripts as they are written, adding only <script src> tags of its own.
        var page = RepositoryFiles.Read("web/index.html");
        var scripts = ScriptTag().Matches(page).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains(" src=", tag));
        Assert.DoesNotMatch(InlineHandler(), page); // onload="…" is an inline script too
    }

    [Theory]
    [MemberData(nameof(DashboardResponses))]
    public async Task Dashboard_responses_keep_other_sites_and_powerful_features_out(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        Assert.Equal("same-origin", reply.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        var features = reply.Headers.GetValues("Permissions-Policy").Single();
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
            Assert.Contains(feature, features);
        Assert.Equal("nosniff", reply.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", reply.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Over_https_the_dashboard_tells_browsers_to_never_use_http_again_and_over_http_it_does_not()
    {
        var https = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        using var secure = await https.GetAsync("/login");
        using var plain = await factory.CreateClient().GetAsync("/login");

        Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/sdk/hindsight.js")]
    [InlineData("/record/?replay_id=x&seq=0")]
    [InlineData("/track/?verbose=1")]
    [InlineData("/settings/")]
    [InlineData("/demo/")]
    public async Task What_other_sites_embed_carries_none_of_the_dashboards_policies(string path)
    {
        using var reply = await factory.CreateClient().GetAsync(path);

        Assert.False(reply.Headers.Contains("Content-Security-Policy"), $"{path} has a CSP");
        Assert.False(reply.Headers.Contains("Cross-Origin-Opener-Policy"), $"{path} has COOP");
        Assert.False(reply.Headers.Contains("X-Frame-Options"), $"{path} has X-Frame-Options");
    }

    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/replays?project={p}")]
    [InlineData("/api/projects/{p}/settings")]
    public async Task API_replies_with_personal_data_are_never_stored_by_a_cache(string path)
    {
        var client = await factory.SignedInClientAsync();
        using var reply = await client.GetAsync(path.Replace("{p}", (await factory.DefaultProjectIdAsync()).ToString()));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.True(reply.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {reply.Headers.CacheControl}");
    }

    [Fact]
    public async Task API_errors_are_never_stored_by_a_cache_either()
    {
        using var reply = await factory.CreateClient().GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.True(reply.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_chunk_is_private_and_never_sniffed_as_a_page()
    {
        (await factory.CreateClient().RecordAsync("headers-replay", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        var client = await factory.SignedInClientAsync();

        using var reply = await client.GetAsync("/api/replays/headers-replay/chunks/0");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.True(reply.Headers.CacheControl?.Private);
        Assert.False(reply.Headers.CacheControl?.Public);
        Assert.Equal("nosniff", reply.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
