using System.Net;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// Every redirect the server issues (an old Settings link, the SDK's replay link, the demo's root) stays on
/// this site, whatever an attacker puts in the link they hand a teammate.
/// </summary>
public sealed class OpenRedirectTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    /// <summary>What an attacker puts where a redirect's target might come from.</summary>
    public static TheoryData<string> Hostile => new()
    {
        "//evil.example", "/\\evil.example", "https://evil.example", "%2f%2fevil.example", "%5C%5Cevil.example",
        "1%0d%0aLocation:%20https://evil.example", "1%0aSet-Cookie:%20x=1", "/%09/evil.example", "javascript:alert(1)",
        "1/../../evil.example", "-1", "99999999999999999999999", "1@evil.example",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task An_old_Settings_link_only_ever_sends_the_browser_to_a_page_of_this_site(string project)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/settings?project={project}");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        using var reply = await Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        AssertStaysOnThisSite(reply);
        Assert.Matches("^/(projects/[0-9]+/settings)?$", reply.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_replay_link_with_a_hostile_replay_id_is_refused_or_stays_on_this_site(string replayId)
    {
        using var reply = await Client().GetAsync($"/projects/replay-redirect?replay_id={replayId}&token={HindsightFactory.Token}");

        // "-1" and a long run of digits are replay ids like any other; the rest cannot be one.
        if (replayId is "-1" or "99999999999999999999999")
        {
            Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
            AssertStaysOnThisSite(reply);
            Assert.StartsWith($"/replays/{replayId}?project=", reply.Headers.Location!.OriginalString);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("invalid_replay_id", (string?)(await reply.ErrorAsync())["error"]);
        Assert.Null(reply.Headers.Location);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_replay_link_ignores_any_other_parameter_that_names_a_target(string target)
    {
        var query = $"replay_id=r-1&token={HindsightFactory.Token}";
        using var reply = await Client().GetAsync($"/projects/replay-redirect?{query}&next={target}&redirect={target}&url={target}&project={target}");

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        AssertStaysOnThisSite(reply);
        Assert.StartsWith("/replays/r-1?project=", reply.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/demo")]
    [InlineData("/demo?next=//evil.example")]
    [InlineData("/demo?url=https%3A%2F%2Fevil.example")]
    public async Task The_demo_root_sends_only_to_the_demo(string path)
    {
        using var reply = await Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal("/demo/", reply.Headers.Location?.OriginalString);
    }

    private HttpClient Client() => factory.CreateClient(new() { AllowAutoRedirect = false });

    /// <summary>A path of this site: what a browser resolves it against keeps its host, and no header is smuggled.</summary>
    private static void AssertStaysOnThisSite(HttpResponseMessage reply)
    {
        var location = reply.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//") || location.StartsWith("/\\"), location);
        Assert.DoesNotContain(location, c => char.IsControl(c) || c == '\\');
        Assert.Equal("localhost", new Uri(new Uri("http://localhost/"), location).Host);
        Assert.False(reply.Headers.Contains("Set-Cookie"));
    }
}
