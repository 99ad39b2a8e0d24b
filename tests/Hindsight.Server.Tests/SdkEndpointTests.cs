using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>CORS on the SDK endpoints, and the /settings and /flags replies.</summary>
public sealed class SdkEndpointTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const string Site = "https://shop.example";

    [Theory]
    [InlineData("/record/", "POST")]
    [InlineData("/record", "POST")]
    [InlineData("/record/dropped/", "POST")]
    [InlineData("/record/dropped", "POST")]
    [InlineData("/settings/", "GET")]
    [InlineData("/flags/", "GET")]
    [InlineData("/track/", "POST")]
    public async Task A_preflight_from_any_site_is_allowed_with_credentials_and_the_SDK_headers(string path, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Site);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,traceparent");

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.True(reply.IsSuccessStatusCode, $"preflight answered {(int)reply.StatusCode}");
        Assert.Equal(Site, Header(reply, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(reply, "Access-Control-Allow-Credentials"));
        var allowed = Header(reply, "Access-Control-Allow-Headers")!.ToLowerInvariant();
        Assert.Contains("authorization", allowed);
        Assert.Contains("content-type", allowed);
        Assert.Contains("traceparent", allowed);
        Assert.Contains(method, Header(reply, "Access-Control-Allow-Methods"));
        Assert.NotNull(Header(reply, "Access-Control-Max-Age"));
        Assert.Contains("Origin", reply.Headers.Vary);
    }

    [Fact]
    public async Task Replies_echo_the_origin_allow_credentials_and_expose_Retry_After()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/record/?replay_id=cors&seq=0&format=gzip")
        {
            Content = new ByteArrayContent(Sdk.Gzip(Rrweb.Start(Rrweb.T0, Site + "/"))),
        };
        request.Headers.Authorization = Sdk.Basic(HindsightFactory.Token);
        request.Headers.Add("Origin", Site);

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(Site, Header(reply, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(reply, "Access-Control-Allow-Credentials"));
        Assert.Contains("Retry-After", Header(reply, "Access-Control-Expose-Headers"));
        Assert.Contains("Origin", reply.Headers.Vary);
    }

    [Fact]
    public async Task Error_replies_carry_CORS_headers_too_so_the_SDK_can_read_them()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/record/?replay_id=cors&seq=0") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.Add("Origin", Site);

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal(Site, Header(reply, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Settings_answer_the_projects_sdk_config_which_is_empty_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/?$lib_version=2.83.0&mp_lib=web&sdk_config=1");
        request.Headers.Authorization = Sdk.Basic(HindsightFactory.Token);

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("""{"sdk_config":{"config":{}}}""", await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Settings_carry_the_replay_settings_stored_in_the_project()
    {
        var projects = factory.Get<ProjectStore>();
        var project = await projects.CreateAsync("Configured", ProjectTokens.Generate(), CancellationToken.None);
        await projects.UpdateReplaySettingsAsync(project.Id,
            s => s with { RecordSessionsPercent = 100, RecordIdleTimeoutMs = 60000 }, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings");
        request.Headers.Authorization = Sdk.Basic(project.Token);

        var body = JsonNode.Parse(await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync())!;

        Assert.Equal(100, (int)body["sdk_config"]!["config"]!["record_sessions_percent"]!);
        Assert.Equal(60000, (int)body["sdk_config"]!["config"]!["record_idle_timeout_ms"]!);
    }

    [Theory]
    [InlineData("/settings/")]
    [InlineData("/flags/")]
    public async Task Settings_and_flags_need_a_known_token(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = Sdk.Basic("ffffffffffffffffffffffffffffffff");

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("unknown_project", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Flags_answer_an_empty_flag_set(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/flags/?context=%7B%7D");
        request.Headers.Authorization = Sdk.Basic(HindsightFactory.Token);

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal("""{"flags":{}}""", await reply.Content.ReadAsStringAsync());
    }

    private static string? Header(HttpResponseMessage reply, string name) =>
        reply.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
