using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>GET/PUT /api/projects/{id}/event-definitions: names, volumes, properties seen, descriptions, replays.</summary>
public sealed class EventDefinitionsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Day = 86_400_000, Minute = 60_000;
    private static readonly long Today = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Day * Day;

    [Fact]
    public async Task The_list_has_every_name_by_volume_with_a_daily_count_for_the_last_30_days_and_first_and_last_seen()
    {
        var project = await factory.NewProjectAsync("Definitions list");
        await factory.SeedAsync(project.Id,
            new SeedEvent("Viewed", "a", Today + Minute), new SeedEvent("Viewed", "b", Today + 2 * Minute),
            new SeedEvent("Viewed", "a", Today - 29 * Day), new SeedEvent("Viewed", "a", Today - 40 * Day), // the last is older than 30 days
            new SeedEvent("Bought", "a", Today - Day + Minute),
            new SeedEvent("Ancient", "a", Today - 100 * Day));
        var client = await factory.SignedInClientAsync();

        var definitions = (await client.GetJsonAsync($"/api/projects/{project.Id}/event-definitions"))["definitions"]!.AsArray();

        Assert.Equal(["Viewed", "Bought", "Ancient"], definitions.Select(d => (string)d!["name"]!));
        var viewed = definitions[0]!;
        Assert.Equal(3, (long)viewed["count30d"]!);
        var daily = viewed["daily"]!.AsArray().Select(n => (long)n!).ToList();
        Assert.Equal(30, daily.Count);
        Assert.Equal(1, daily[0]);   // 29 days ago, oldest first
        Assert.Equal(2, daily[29]);  // today
        Assert.Equal(3, daily.Sum());
        Assert.Equal(Today - 40 * Day, (long)viewed["firstSeen"]!);
        Assert.Equal(Today + 2 * Minute, (long)viewed["lastSeen"]!);
        Assert.Equal(1, definitions[1]!["daily"]![28]!.GetValue<long>());
        Assert.Equal(0, (long)definitions[2]!["count30d"]!);
        Assert.Null(viewed["description"]);
    }

    [Fact]
    public async Task A_definition_lists_the_properties_seen_with_up_to_five_distinct_examples()
    {
        var project = await factory.NewProjectAsync("Definition one");
        var events = Enumerable.Range(0, 8).Select(i => new SeedEvent("Checkout / Pay", "a", Today - i * Minute,
            Properties: i < 2 ? new { plan = $"plan-{i % 7}", amount = 10 + i, coupon = (string?)"SPRING" } : new { plan = $"plan-{i % 7}", amount = 10 + i, coupon = (string?)null })).ToArray();
        await factory.SeedAsync(project.Id, events);
        var client = await factory.SignedInClientAsync();

        var definition = await client.GetJsonAsync($"/api/projects/{project.Id}/event-definitions/{Uri.EscapeDataString("Checkout / Pay")}");

        Assert.Equal("Checkout / Pay", (string?)definition["name"]);
        Assert.Equal(8, (long)definition["count30d"]!);
        var properties = definition["properties"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);
        Assert.Equal(8, (long)properties["plan"]["count"]!);
        Assert.Equal(["plan-0", "plan-1", "plan-2", "plan-3", "plan-4"], properties["plan"]["examples"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("10", (string?)properties["amount"]["examples"]![0]);
        Assert.Equal(["SPRING", "null"], properties["coupon"]["examples"]!.AsArray().Select(e => (string)e!));
    }

    [Fact]
    public async Task An_architect_writes_a_description_everyone_reads_it_and_a_viewer_may_not()
    {
        var project = await factory.NewProjectAsync("Definition description");
        await factory.SeedAsync(project.Id, new SeedEvent("Signed up", "a", Today));
        var architect = await factory.SignedInMemberAsync(project.Id, "architect");
        var viewer = await factory.SignedInMemberAsync(project.Id, "viewer");
        var path = $"/api/projects/{project.Id}/event-definitions/{Uri.EscapeDataString("Signed up")}";

        using var saved = await architect.PutAsJsonAsync(path, new { description = "A visitor created an account." });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("A visitor created an account.", (string?)(await saved.ErrorAsync())["description"]);

        using var refused = await viewer.PutAsJsonAsync(path, new { description = "vandalism" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("architect_required", (string?)(await refused.ErrorAsync())["error"]);

        var listed = (await viewer.GetJsonAsync($"/api/projects/{project.Id}/event-definitions"))["definitions"]![0]!;
        Assert.Equal("A visitor created an account.", (string?)listed["description"]);

        using var cleared = await architect.PutAsJsonAsync(path, new { description = (string?)null });
        Assert.Null((await cleared.ErrorAsync())["description"]);
    }

    [Theory]
    [InlineData("""{"description":"TOO_LONG"}""", 400, "description_too_long")]
    [InlineData("""{"description":42}""", 400, "invalid_description")]
    [InlineData("""{"text":"hello"}""", 400, "missing_field")]
    [InlineData("""not json""", 400, "invalid_json")]
    public async Task A_bad_description_is_refused_and_the_stored_one_is_kept(string body, int status, string error)
    {
        var project = await factory.NewProjectAsync("Definition bad");
        await factory.SeedAsync(project.Id, new SeedEvent("Signed up", "a", Today));
        var admin = await factory.SignedInClientAsync();
        var path = $"/api/projects/{project.Id}/event-definitions/{Uri.EscapeDataString("Signed up")}";
        (await admin.PutAsJsonAsync(path, new { description = "kept" })).EnsureSuccessStatusCode();

        using var reply = await admin.PutAsync(path, new StringContent(body.Replace("TOO_LONG", new string('x', 2001)), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode)status, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
        Assert.Equal("kept", (string?)(await admin.GetJsonAsync(path))["description"]);
    }

    [Fact]
    public async Task An_unknown_event_is_not_found_by_every_definition_endpoint()
    {
        var project = await factory.NewProjectAsync("Definition unknown");
        var admin = await factory.SignedInClientAsync();
        var path = $"/api/projects/{project.Id}/event-definitions/Never%20tracked";

        foreach (var reply in new[] { await admin.GetAsync(path), await admin.PutAsJsonAsync(path, new { description = "x" }), await admin.GetAsync(path + "/replays") })
        {
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("unknown_event", (string?)(await reply.ErrorAsync())["error"]);
        }
        Assert.Empty(await factory.QueryAsync<string>("SELECT name FROM event_definitions WHERE project_id = @Id", new { project.Id }));
    }

    [Fact]
    public async Task Watch_recording_lists_the_latest_events_with_their_named_or_stitched_replay_or_none()
    {
        var project = await factory.NewProjectAsync("Definition replays");
        var t0 = Today - Day;
        await factory.ReplayAsync(project.Id, "named", "a", t0, t0 + 10 * Minute);
        await factory.ReplayAsync(project.Id, "stitched", "b", t0, t0 + 10 * Minute);
        await factory.SeedAsync(project.Id,
            new SeedEvent("Bought", "a", t0 + 2 * Minute, ReplayId: "named", InsertId: "in-named"),
            new SeedEvent("Bought", "b", t0 + 3 * Minute, InsertId: "in-stitched"),
            new SeedEvent("Bought", "c", t0 + 4 * Minute, InsertId: "in-none"),
            new SeedEvent("Viewed", "a", t0 + 5 * Minute));
        var client = await factory.SignedInClientAsync();

        var list = await client.GetJsonAsync($"/api/projects/{project.Id}/event-definitions/Bought/replays?limit=2");

        var items = list["items"]!.AsArray();
        Assert.Equal(["in-none", "in-stitched"], items.Select(i => (string)i!["insertId"]!));
        Assert.Null(items[0]!["replay"]);
        Assert.Equal("stitched", (string?)items[1]!["replay"]!["replayId"]);
        Assert.Equal(3 * Minute, (long)items[1]!["replay"]!["offsetMs"]!);
        Assert.True((bool)list["truncated"]!);

        using var bad = await client.GetAsync($"/api/projects/{project.Id}/event-definitions/Bought/replays?limit=10000");
        Assert.Equal("invalid_limit", (string?)(await bad.ErrorAsync())["error"]);
    }
}
