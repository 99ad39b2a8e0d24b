using System.Net;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>GET /api/replays/{replayId}/events: the tracked events the player marks on its timeline.</summary>
public sealed class ReplayEventsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Minute = 60_000, T0 = 1_750_000_000_000;

    [Fact]
    public async Task A_replay_lists_the_events_naming_it_and_those_of_its_person_stitched_to_it_oldest_first_at_their_offset()
    {
        var project = await factory.NewProjectAsync("Replay events");
        await factory.ReplayAsync(project.Id, "first-tab", "$device:phone", T0, T0 + 10 * Minute, deviceId: "$device:phone");
        await factory.ReplayAsync(project.Id, "second-tab", "ada", T0 + 5 * Minute, T0 + 8 * Minute);
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        await factory.SeedAsync(project.Id,
            new SeedEvent("Bought", "ada", T0 + 9 * Minute, ReplayId: "first-tab", InsertId: "named", Properties: new { amount = 12 }),
            new SeedEvent("Viewed", "ada", T0 + 2 * Minute, InsertId: "stitched"),         // by the linked id, in this replay's span
            new SeedEvent("Viewed", "ada", T0 + 6 * Minute, InsertId: "other-tab"),        // inside the second tab, which holds it better (nearer start)
            new SeedEvent("Viewed", "ada", T0 + 60 * Minute, InsertId: "later"),           // after the replay
            new SeedEvent("Viewed", "bob", T0 + 3 * Minute, InsertId: "someone-else"));
        var client = await factory.SignedInClientAsync();

        var list = await client.GetJsonAsync($"/api/replays/first-tab/events?project={project.Id}");

        var events = list["events"]!.AsArray();
        Assert.Equal(["stitched", "named"], events.Select(e => (string)e!["insertId"]!));
        Assert.True((bool)events[0]!["stitched"]!);
        Assert.Equal(2 * Minute, (long)events[0]!["offsetMs"]!);
        Assert.False((bool)events[1]!["stitched"]!);
        Assert.Equal(9 * Minute, (long)events[1]!["offsetMs"]!);
        Assert.Equal(12, (int)events[1]!["properties"]!["amount"]!);
        Assert.False((bool)list["truncated"]!);

        var second = await client.GetJsonAsync($"/api/replays/second-tab/events?project={project.Id}");
        Assert.Equal(["other-tab"], second["events"]!.AsArray().Select(e => (string)e!["insertId"]!));
    }

    [Fact]
    public async Task An_unknown_replay_is_not_found()
    {
        var project = await factory.NewProjectAsync("Replay events unknown");
        using var reply = await (await factory.SignedInClientAsync()).GetAsync($"/api/replays/nope/events?project={project.Id}");

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal("replay_not_found", (string?)(await reply.ErrorAsync())["error"]);
    }
}
