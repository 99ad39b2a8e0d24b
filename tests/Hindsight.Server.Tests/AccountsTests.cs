using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Accounts;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;

namespace Hindsight.Server.Tests;

public sealed class AccountsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private HttpClient CookielessClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private static object Credentials(string password = HindsightFactory.AdminPassword) =>
        new { email = HindsightFactory.AdminEmail, password };

    [Fact]
    public async Task Login_sets_a_session_cookie_that_scripts_cannot_read_and_other_sites_do_not_send()
    {
        using var reply = await CookielessClient().PostAsJsonAsync("/api/auth/login", Credentials());

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var cookie = Assert.Single(reply.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hindsight_session="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        // The whole dashboard and /api share it, and no script path can read a narrower copy.
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        // Over plain http a Secure cookie would never come back; the next test covers https.
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_session_cookie_is_Secure_when_the_request_came_over_HTTPS()
    {
        var https = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var reply = await https.PostAsJsonAsync("/api/auth/login", Credentials());

        Assert.Contains("secure", reply.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_answers_with_me_and_me_lists_the_default_project_with_its_token()
    {
        var client = factory.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/auth/login", Credentials())).Content.ReadFromJsonAsync<JsonNode>();
        var me = await client.GetJsonAsync("/api/auth/me");

        Assert.Equal(HindsightFactory.AdminEmail, (string?)me["email"]);
        Assert.Equal(login!.ToJsonString(), me.ToJsonString());
        var project = Assert.Single(me["projects"]!.AsArray())!;
        Assert.Equal("Default project", (string?)project["name"]);
        Assert.Equal(HindsightFactory.Token, (string?)project["token"]);
        Assert.Equal("admin", (string?)project["role"]);
        Assert.True((long)project["id"]! > 0);
    }

    [Fact]
    public async Task Login_ignores_the_case_of_the_email()
    {
        using var reply = await factory.CreateClient().PostAsJsonAsync("/api/auth/login",
            new { email = HindsightFactory.AdminEmail.ToUpperInvariant(), password = HindsightFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    [Theory]
    [InlineData(HindsightFactory.AdminEmail, "wrong password")]
    [InlineData("nobody@tests.hindsight", HindsightFactory.AdminPassword)]
    public async Task A_wrong_email_or_password_answers_401_and_sets_no_cookie(string email, string password)
    {
        using var reply = await CookielessClient().PostAsJsonAsync("/api/auth/login", new { email, password });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("invalid_credentials", (string?)(await reply.ErrorAsync())["error"]);
        Assert.False(reply.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_reply_so_neither_tells_which_emails_exist()
    {
        using var unknown = await CookielessClient().PostAsJsonAsync("/api/auth/login", new { email = "nobody@tests.hindsight", password = "a guess" });
        using var wrong = await CookielessClient().PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password = "a guess" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await wrong.Content.ReadAsStringAsync());
        Assert.Equal(Names(unknown), Names(wrong));

        static string[] Names(HttpResponseMessage reply) =>
            reply.Headers.Concat(reply.Content.Headers).Select(h => h.Key).Where(k => k != "Date").Order().ToArray();
    }

    [Fact]
    public async Task A_login_body_past_its_bound_is_refused_with_413_before_it_is_parsed()
    {
        var password = new string('p', AccountsApi.MaxLoginBodyBytes);
        using var reply = await CookielessClient().PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        Assert.Equal("body_too_large", (string?)(await reply.ErrorAsync())["error"]);
        Assert.False(reply.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"email":"a@b.c"}""")]
    public async Task A_malformed_login_answers_400_JSON(string body)
    {
        using var reply = await factory.CreateClient().PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("invalid_request", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task Logout_ends_the_session_even_for_a_copy_of_the_cookie()
    {
        var login = await CookielessClient().PostAsJsonAsync("/api/auth/login", Credentials());
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var client = CookielessClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        using var logout = await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_state_changing_request_from_another_site_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(Credentials()) };
        request.Headers.Add("Origin", "https://evil.example");

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.Equal("cross_origin_request", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task A_state_changing_request_from_the_dashboard_itself_is_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(Credentials()) };
        request.Headers.Add("Origin", "http://localhost");

        using var reply = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    [Fact]
    public async Task Every_api_endpoint_answers_401_JSON_without_a_session()
    {
        factory.CreateClient(); // starts the app, so its endpoints exist
        var endpoints = factory.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        Assert.True(endpoints.Count >= 5, $"Only {endpoints.Count} /api endpoints found.");

        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => $"{e.Method} {e.Endpoint.RoutePattern.RawText}").ToList();
        Assert.Equal(["POST /api/auth/login"], anonymous);

        foreach (var (method, endpoint) in endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", "1");
            using var reply = await CookielessClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(reply.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)reply.StatusCode}");
            Assert.Equal("unauthorized", (string?)(await reply.ErrorAsync())["error"]);
        }
    }
}

public sealed class StrictLoginLimitFactory : HindsightFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Accounts:FailedLoginsPerMinute"] = "3",
    };
}

public sealed class LoginRateLimitTests(StrictLoginLimitFactory factory) : IClassFixture<StrictLoginLimitFactory>
{
    [Fact]
    public async Task Too_many_failed_logins_from_one_address_answer_429_JSON_with_Retry_After()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await client.PostAsJsonAsync("/api/auth/login", new { email = "guess@tests.hindsight", password = $"guess {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        using var reply = await client.PostAsJsonAsync("/api/auth/login", new { email = HindsightFactory.AdminEmail, password = HindsightFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.StatusCode);
        Assert.Equal("too_many_requests", (string?)(await reply.ErrorAsync())["error"]);
        Assert.NotNull(reply.Headers.RetryAfter);
    }
}

/// <summary>Its own server: the failures counted by <see cref="LoginRateLimitTests"/> must not block it.</summary>
public sealed class LoginSuccessTests(StrictLoginLimitFactory factory) : IClassFixture<StrictLoginLimitFactory>
{
    [Fact]
    public async Task Successful_sign_ins_from_one_address_are_never_throttled()
    {
        for (var i = 0; i < 6; i++)
        {
            using var reply = await factory.CreateClient().PostAsJsonAsync("/api/auth/login",
                new { email = HindsightFactory.AdminEmail, password = HindsightFactory.AdminPassword });
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }
    }
}

/// <summary>Behind a proxy that ends TLS: requests arrive over http, the public URL is https.</summary>
public sealed class HttpsPublicUrlFactory : HindsightFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:PublicUrl"] = "https://hindsight.example",
    };
}

public sealed class HttpsPublicUrlCookieTests(HttpsPublicUrlFactory factory) : IClassFixture<HttpsPublicUrlFactory>
{
    [Fact]
    public async Task The_session_cookie_is_Secure_when_the_public_URL_is_https_even_if_the_proxy_spoke_http_to_us()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var reply = await client.PostAsJsonAsync("/api/auth/login",
            new { email = HindsightFactory.AdminEmail, password = HindsightFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var cookie = Assert.Single(reply.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hindsight_session="));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
