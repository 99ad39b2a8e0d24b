using System.Net;
using Hindsight.Server.Accounts;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Hindsight.Server.Tests;

/// <summary>The feed's order, paging, date filter, parameters and project membership.</summary>
public sealed class FeedTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Day = 86_400_000;

    private async Task<long> SeedAsync(string prefix, int count)
    {
        var http = factory.CreateClient();
        for (var i = 0; i < count; i++)
            (await http.RecordAsync($"{prefix}-{i}", 0, Rrweb.Start(Rrweb.T0 + i * Day, "https://shop.example/"), $"&distinct_id={prefix}")).EnsureSuccessStatusCode();
        return await factory.DefaultProjectIdAsync();
    }

    [Fact]
    public async Task Pages_follow_each_other_newest_first_without_gaps_or_repeats()
    {
        var project = await SeedAsync("paged", 7);
        // Two replays starting at the same moment must still page in a stable order.
        (await factory.CreateClient().RecordAsync("paged-twin", 0, Rrweb.Start(Rrweb.T0 + 3 * Day, "https://shop.example/"), "&distinct_id=paged")).EnsureSuccessStatusCode();
        var dashboard = await factory.SignedInClientAsync();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await dashboard.GetJsonAsync($"/api/replays?project={project}&q=paged&limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page["replays"]!.AsArray().Select(r => (string)r!["replayId"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);

        Assert.Equal(["paged-6", "paged-5", "paged-4", "paged-twin", "paged-3", "paged-2", "paged-1", "paged-0"], seen);
    }

    [Fact]
    public async Task From_is_inclusive_and_to_is_exclusive()
    {
        var project = await SeedAsync("dated", 4);
        var dashboard = await factory.SignedInClientAsync();

        var page = await dashboard.GetJsonAsync($"/api/replays?project={project}&q=dated&from={Rrweb.T0 + Day}&to={Rrweb.T0 + 3 * Day}");

        Assert.Equal(["dated-2", "dated-1"], page["replays"]!.AsArray().Select(r => (string)r!["replayId"]!));
    }

    [Fact]
    public async Task Without_a_project_the_feed_shows_the_first_project_of_the_user()
    {
        await SeedAsync("no-project", 1);

        var page = await (await factory.SignedInClientAsync()).GetJsonAsync("/api/replays?q=no-project");

        Assert.Single(page["replays"]!.AsArray());
    }

    [Fact]
    public async Task The_limit_is_capped_at_200()
    {
        var project = await SeedAsync("capped", 1);
        var page = await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/replays?project={project}&limit=5000");

        Assert.NotNull(page["replays"]);
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("from=yesterday", "invalid_from")]
    [InlineData("to=1.5", "invalid_to")]
    [InlineData("cursor=%25%25%25", "invalid_cursor")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "invalid_cursor")]
    [InlineData("project=first", "invalid_project")]
    public async Task Malformed_parameters_answer_400_JSON(string query, string error)
    {
        using var reply = await (await factory.SignedInClientAsync()).GetAsync($"/api/replays?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task An_unknown_project_answers_404_and_another_teams_project_403()
    {
        var other = await factory.Get<ProjectStore>().CreateAsync("Another team", ProjectTokens.Generate(), CancellationToken.None);
        (await factory.CreateClient().RecordAsync("secret-replay", 0, Rrweb.Start(Rrweb.T0, "https://other.example/"), token: other.Token)).EnsureSuccessStatusCode();
        var dashboard = await factory.SignedInClientAsync();

        using var unknown = await dashboard.GetAsync("/api/replays?project=999999");
        using var forbidden = await dashboard.GetAsync($"/api/replays?project={other.Id}");
        using var detail = await dashboard.GetAsync($"/api/replays/secret-replay?project={other.Id}");
        using var detailAnywhere = await dashboard.GetAsync("/api/replays/secret-replay");
        using var chunk = await dashboard.GetAsync($"/api/replays/secret-replay/chunks/0?project={other.Id}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("project_not_found", (string?)(await unknown.ErrorAsync())["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("forbidden", (string?)(await forbidden.ErrorAsync())["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, detail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, detailAnywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, chunk.StatusCode);
    }

    [Fact]
    public async Task A_member_of_a_second_project_sees_its_replays_and_not_the_default_ones()
    {
        var projects = factory.Get<ProjectStore>();
        var second = await projects.CreateAsync("Second shop", ProjectTokens.Generate(), CancellationToken.None);
        var hasher = factory.Get<IPasswordHasher<User>>();
        var analyst = await factory.Get<UserStore>().CreateAsync("analyst@tests.hindsight", "Ana", hasher.HashPassword(new User(), "analyst password"), CancellationToken.None);
        await projects.AddMemberAsync(second.Id, analyst.Id, "analyst", CancellationToken.None);
        (await factory.CreateClient().RecordAsync("second-shop-visit", 0, Rrweb.Start(Rrweb.T0, "https://second.example/"), token: second.Token)).EnsureSuccessStatusCode();

        var dashboard = await factory.SignedInClientAsync("analyst@tests.hindsight", "analyst password");
        var page = await dashboard.GetJsonAsync("/api/replays");
        var detail = await dashboard.GetJsonAsync("/api/replays/second-shop-visit");

        Assert.Equal(["second-shop-visit"], page["replays"]!.AsArray().Select(r => (string)r!["replayId"]!));
        Assert.Equal(second.Id, (long)detail["projectId"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.GetAsync($"/api/replays?project={await factory.DefaultProjectIdAsync()}")).StatusCode);
    }
}
