using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Replays;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>The feed's person=, event=, url= and minDurationMs= filters, alone, together and across pages.</summary>
public sealed class FeedFilterTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Minute = 60_000, T0 = 1_750_000_000_000;

    private async Task<List<string>> FeedAsync(HttpClient client, long projectId, string filters) =>
        (await client.GetJsonAsync($"/api/replays?project={projectId}&{filters}"))["replays"]!.AsArray().Select(r => (string)r!["replayId"]!).ToList();

    [Fact]
    public async Task Person_keeps_every_replay_of_any_of_their_ids_including_one_recorded_before_identify()
    {
        var project = await factory.NewProjectAsync("Feed person");
        await factory.ReplayAsync(project.Id, "before-sign-in", "$device:phone", T0, T0 + Minute, deviceId: "$device:phone");
        await factory.ReplayAsync(project.Id, "signed-in", "ada", T0 + 10 * Minute, T0 + 11 * Minute);
        await factory.ReplayAsync(project.Id, "someone-else", "bob", T0 + 20 * Minute, T0 + 21 * Minute);
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        var client = await factory.SignedInClientAsync();

        Assert.Equal(["signed-in", "before-sign-in"], await FeedAsync(client, project.Id, "person=ada"));
    }

    [Fact]
    public async Task Url_and_min_duration_keep_the_replays_that_visited_such_a_page_and_lasted_that_long()
    {
        var project = await factory.NewProjectAsync("Feed url");
        await factory.ReplayAsync(project.Id, "long-checkout", "a", T0, T0 + 10 * Minute, urls: ["https://shop.example/", "https://shop.example/Checkout?step=2&pay=card"]);
        await factory.ReplayAsync(project.Id, "short-checkout", "b", T0 + Minute, T0 + 2 * Minute, urls: ["https://shop.example/checkout"]);
        await factory.ReplayAsync(project.Id, "browsing", "c", T0 + 2 * Minute, T0 + 30 * Minute, urls: ["https://shop.example/product/1"]);
        var client = await factory.SignedInClientAsync();

        Assert.Equal(["short-checkout", "long-checkout"], await FeedAsync(client, project.Id, "url=checkout"));
        Assert.Equal(["long-checkout"], await FeedAsync(client, project.Id, $"url={Uri.EscapeDataString("step=2&pay")}"));
        Assert.Equal(["browsing", "long-checkout"], await FeedAsync(client, project.Id, "minDurationMs=300000"));
        Assert.Equal(["long-checkout"], await FeedAsync(client, project.Id, "url=checkout&minDurationMs=300000"));
        Assert.Empty(await FeedAsync(client, project.Id, $"url={Uri.EscapeDataString("/\",\"https")}")); // never across two URLs
    }

    [Fact]
    public async Task Event_keeps_the_replays_it_fired_in_named_or_stitched_and_not_a_second_tab_it_did_not_fire_in()
    {
        var project = await factory.NewProjectAsync("Feed event");
        await factory.ReplayAsync(project.Id, "named", "a", T0, T0 + 10 * Minute);
        await factory.ReplayAsync(project.Id, "stitched", "$device:b", T0 + Minute, T0 + 10 * Minute, deviceId: "$device:b");
        await factory.ReplayAsync(project.Id, "later-tab", "b", T0 + 20 * Minute, T0 + 30 * Minute);
        await factory.ReplayAsync(project.Id, "without", "c", T0 + 2 * Minute, T0 + 10 * Minute);
        await factory.LinkAsync(project.Id, "$device:b", "b");
        await factory.SeedAsync(project.Id,
            new SeedEvent("Bought", "a", T0 + Minute, ReplayId: "named"),
            new SeedEvent("Bought", "b", T0 + 5 * Minute),        // no replay id, under the user id: stitched to the anonymous replay
            new SeedEvent("Viewed", "c", T0 + 5 * Minute));
        var client = await factory.SignedInClientAsync();

        Assert.Equal(["stitched", "named"], await FeedAsync(client, project.Id, "event=Bought"));
        Assert.Equal(["stitched"], await FeedAsync(client, project.Id, "event=Bought&person=b"));
        Assert.Empty(await FeedAsync(client, project.Id, "event=Never%20tracked"));
    }

    [Fact]
    public async Task Event_filtered_pages_walk_every_matching_replay_once_even_when_few_of_many_match()
    {
        var project = await factory.NewProjectAsync("Feed event paging");
        var expected = new List<string>();
        // More replays than one page looks at, one in 100 with the event: some pages come back short, with a cursor.
        for (var i = 0; i < ReplayStore.MaxFilteredScan + 500; i++)
        {
            var id = $"r{i:D5}";
            await factory.ReplayAsync(project.Id, id, $"u{i}", T0 + i * Minute, T0 + i * Minute + 30_000);
            if (i % 100 == 7)
            {
                await factory.SeedAsync(project.Id, new SeedEvent("Rare", $"u{i}", T0 + i * Minute + 1000, ReplayId: i % 200 == 7 ? id : null));
                expected.Insert(0, id);
            }
        }
        var client = await factory.SignedInClientAsync();

        var walked = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/replays?project={project.Id}&event=Rare&limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
            walked.AddRange(page["replays"]!.AsArray().Select(r => (string)r!["replayId"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null && ++pages < 50);

        Assert.Equal(expected, walked);
    }

    [Theory]
    [InlineData("minDurationMs=-1", "invalid_min_duration")]
    [InlineData("minDurationMs=soon", "invalid_min_duration")]
    [InlineData("cursor=%%%", "invalid_cursor")]
    public async Task Bad_filters_get_a_precise_error(string query, string error)
    {
        var client = await factory.SignedInClientAsync();
        using var reply = await client.GetAsync($"/api/replays?project={await factory.DefaultProjectIdAsync()}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task A_filter_longer_than_its_bound_is_refused()
    {
        var client = await factory.SignedInClientAsync();
        using var reply = await client.GetAsync($"/api/replays?project={await factory.DefaultProjectIdAsync()}&url={new string('a', FeedQuery.MaxFilterLength + 1)}");

        Assert.Equal("invalid_url", (string?)(await reply.ErrorAsync())["error"]);
    }
}
