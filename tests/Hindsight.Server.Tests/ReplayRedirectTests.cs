using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// GET /projects/replay-redirect, where get_session_replay_url() points: the SDK names its project by
/// token, and the server sends the reader to the replay's route in that project.
/// </summary>
public sealed class ReplayRedirectTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task A_replay_link_from_the_SDK_leads_to_the_replay_in_the_project_of_its_token()
    {
        var project = await factory.NewProjectAsync("Replay links");

        using var reply = await GetAsync($"/projects/replay-redirect?replay_id=r-1.a:b_c&distinct_id=user%2042&token={project.Token}");

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal($"/replays/r-1.a%3Ab_c?project={project.Id}", reply.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_redirect_asks_for_no_login_the_dashboard_does_that()
    {
        // A reader who is not logged in is sent on all the same; the replay's route asks them to log in.
        using var reply = await GetAsync($"/projects/replay-redirect?replay_id=r-2&token={HindsightFactory.Token}");

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.StartsWith("/replays/r-2?project=", reply.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("?replay_id=r-1&token=ffffffffffffffffffffffffffffffff", 404, "unknown_project")]
    [InlineData("?replay_id=r-1&token=not%20a%20token", 404, "unknown_project")]
    [InlineData("?replay_id=r-1", 400, "missing_token")]
    [InlineData("?replay_id=r-1&token=", 400, "missing_token")]
    [InlineData("?token=0123456789abcdef0123456789abcdef", 400, "missing_replay_id")]
    [InlineData("?replay_id=..&token=0123456789abcdef0123456789abcdef", 400, "invalid_replay_id")]
    [InlineData("?replay_id=a%2Fb&token=0123456789abcdef0123456789abcdef", 400, "invalid_replay_id")]
    public async Task A_replay_link_with_a_bad_token_or_replay_id_says_what_is_wrong(string query, int status, string error)
    {
        using var reply = await GetAsync("/projects/replay-redirect" + query);

        Assert.Equal(status, (int)reply.StatusCode);
        var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["message"]?.GetValue<string>()));
    }

    Task<HttpResponseMessage> GetAsync(string url) => factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);
}
