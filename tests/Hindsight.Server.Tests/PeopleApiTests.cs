using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.People;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>GET /api/projects/{id}/people, a profile and its activity, on people made through /engage and /track.</summary>
public sealed class PeopleApiTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Minute = 60_000, T0 = 1_750_000_000_000;

    /// <summary>A $set of the properties; a leading _ stands for $ (`_name` is `$name`).</summary>
    private async Task EngageAsync(string token, string distinctId, object set)
    {
        var properties = new JsonObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(set)!.AsObject())
            properties[key.StartsWith('_') ? "$" + key[1..] : key] = value?.DeepClone();
        var item = new JsonObject { ["$token"] = token, ["$distinct_id"] = distinctId, ["$set"] = properties };
        using var reply = await factory.CreateClient().PostAsync("/engage/?verbose=1", Sdk.Form(Sdk.MixpanelBase64(item.ToJsonString())));
        Assert.Equal("""{"status":1,"error":null}""", await reply.Content.ReadAsStringAsync());
    }

    private Task SeenAsync(long projectId, string distinctId, params long[] times) =>
        factory.Get<IPersonActivity>().RecordAsync(projectId, times.Select(t => (distinctId, t)).ToList(), CancellationToken.None);

    private static List<string> Ids(JsonNode page) => page["people"]!.AsArray().Select(p => (string)p!["distinctId"]!).ToList();

    [Fact]
    public async Task The_list_shows_each_person_once_newest_first_with_an_anonymous_visit_before_identify_counted_as_theirs()
    {
        var project = await factory.NewProjectAsync("People list");
        await EngageAsync(project.Token, "ada", new { _name = "Ada Lovelace", _email = "ada@example.com" });
        await SeenAsync(project.Id, "$device:phone", T0);           // anonymous, before signing in
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        await SeenAsync(project.Id, "ada", T0 + 10 * Minute);       // the $identify batch, under the user id
        await SeenAsync(project.Id, "bob", T0 + 5 * Minute, T0 + 20 * Minute);
        await EngageAsync(project.Token, "carol", new { _name = "Carol" }); // a profile, never seen in an event
        var client = await factory.SignedInClientAsync();

        var page = await client.GetJsonAsync($"/api/projects/{project.Id}/people");

        Assert.Equal(["bob", "ada", "carol"], Ids(page));
        var ada = page["people"]![1]!;
        Assert.Equal("Ada Lovelace", (string?)ada["name"]);
        Assert.Equal("ada@example.com", (string?)ada["email"]);
        Assert.Equal(T0, (long)ada["firstSeen"]!);
        Assert.Equal(T0 + 10 * Minute, (long)ada["lastSeen"]!);
        Assert.Null(page["people"]![2]!["lastSeen"]);
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task Events_tracked_through_the_SDK_endpoint_move_first_and_last_seen()
    {
        var project = await factory.NewProjectAsync("People track");
        var events = new[] { (Name: "Viewed", Time: 1_700_000_000.5), (Name: "Bought", Time: 1_700_000_600.25) }.Select((e, i) => new
        {
            @event = e.Name,
            properties = new Dictionary<string, object> { ["token"] = project.Token, ["distinct_id"] = "tracked-1", ["time"] = e.Time, ["$insert_id"] = $"t{i}" },
        });
        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", Sdk.Form(Sdk.MixpanelBase64(JsonSerializer.Serialize(events))));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        var person = (await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/projects/{project.Id}/people"))["people"]![0]!;

        Assert.Equal("tracked-1", (string?)person["distinctId"]);
        Assert.Equal(1_700_000_000_500, (long)person["firstSeen"]!);
        Assert.Equal(1_700_000_600_250, (long)person["lastSeen"]!);
    }

    [Theory]
    [InlineData("LOVELACE", "ada")]         // name, any case
    [InlineData("ada@example", "ada")]      // email
    [InlineData("enterprise", "ada")]       // a profile property's value
    [InlineData("phone", "ada")]            // an id linked to the person
    [InlineData("bo", "bob")]               // the distinct id itself
    public async Task Search_finds_a_person_by_name_email_property_value_or_any_of_their_ids(string q, string expected)
    {
        var project = await factory.NewProjectAsync("People search");
        await EngageAsync(project.Token, "ada", new { _name = "Ada Lovelace", _email = "ada@example.com", plan = "Enterprise" });
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        await SeenAsync(project.Id, "ada", T0);
        await SeenAsync(project.Id, "bob", T0);
        var client = await factory.SignedInClientAsync();

        var page = await client.GetJsonAsync($"/api/projects/{project.Id}/people?q={Uri.EscapeDataString(q)}");

        Assert.Equal([expected], Ids(page));
    }

    [Theory]
    [InlineData("last_seen", "desc")]
    [InlineData("first_seen", "asc")]
    [InlineData("name", "asc")]
    [InlineData("email", "desc")]
    [InlineData("distinct_id", "asc")]
    public async Task Pages_of_two_walk_every_person_once_in_the_asked_order(string sort, string order)
    {
        var project = await factory.NewProjectAsync("People paging");
        string[] names = ["dora", "Bea", "ed", "Ann", "cy"];
        for (var i = 0; i < names.Length; i++)
        {
            await EngageAsync(project.Token, $"user-{i}", new { _name = names[i], _email = $"{names[i].ToLowerInvariant()}@example.com" });
            await SeenAsync(project.Id, $"user-{i}", T0 + (i % 2 == 0 ? i : -i) * Minute, T0 + 100 * Minute + i * (i % 3) * Minute);
        }
        // Two people seen at the same moment: the distinct id breaks the tie, so neither is skipped.
        await SeenAsync(project.Id, "twin", T0 + 100 * Minute + 4 * 2 * Minute);
        var client = await factory.SignedInClientAsync();

        var everyone = await client.GetJsonAsync($"/api/projects/{project.Id}/people?sort={sort}&order={order}&limit=100");
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/projects/{project.Id}/people?sort={sort}&order={order}&limit=2" +
                (cursor is null ? "" : $"&cursor={cursor}"));
            walked.AddRange(Ids(page));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null && walked.Count < 20);

        Assert.Equal(Ids(everyone), walked);
        Assert.Equal(6, walked.Count);
        var people = everyone["people"]!.AsArray();
        var keys = people.Select(p => sort switch
        {
            "last_seen" => ((long?)p!["lastSeen"] ?? -1).ToString("D20"),
            "first_seen" => ((long?)p!["firstSeen"] ?? -1).ToString("D20"),
            "name" => ((string?)p!["name"] ?? "").ToLowerInvariant(),
            "email" => ((string?)p!["email"] ?? "").ToLowerInvariant(),
            _ => (string)p!["distinctId"]!,
        }).ToList();
        var sorted = order == "asc" ? keys.Order(StringComparer.Ordinal) : keys.OrderDescending(StringComparer.Ordinal);
        Assert.Equal(sorted, keys);
    }

    [Theory]
    [InlineData("sort=evil", "invalid_sort")]
    [InlineData("order=sideways", "invalid_order")]
    [InlineData("limit=10000", "invalid_limit")]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("cursor=eyJTIjoiTmFtZSIsIkQiOnRydWUsIksiOiJhIiwiSSI6ImEifQ", "invalid_cursor")] // a name cursor, asked with the default sort
    public async Task Bad_list_parameters_get_a_precise_error(string query, string error)
    {
        var project = await factory.NewProjectAsync("People errors");
        var client = await factory.SignedInClientAsync();

        using var reply = await client.GetAsync($"/api/projects/{project.Id}/people?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task A_profile_has_its_properties_every_linked_id_and_first_and_last_seen_from_the_events_of_all_of_them()
    {
        var project = await factory.NewProjectAsync("Profile");
        await EngageAsync(project.Token, "ada", new { _name = "Ada", plan = "pro" });
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        await factory.SeedAsync(project.Id,
            new SeedEvent("Viewed", "$device:phone", T0), new SeedEvent("Bought", "ada", T0 + 5 * Minute), new SeedEvent("Viewed", "someone-else", T0 - Minute));
        var client = await factory.SignedInClientAsync();

        // Asked by the anonymous id, answered as the person it became.
        var profile = await client.GetJsonAsync($"/api/projects/{project.Id}/people/{Uri.EscapeDataString("$device:phone")}");

        Assert.Equal("ada", (string?)profile["distinctId"]);
        Assert.Equal("Ada", (string?)profile["name"]);
        Assert.Equal("pro", (string?)profile["properties"]!["plan"]);
        Assert.Equal(["$device:phone", "ada"], profile["ids"]!.AsArray().Select(i => (string)i!));
        Assert.Equal(T0, (long)profile["firstSeen"]!);
        Assert.Equal(T0 + 5 * Minute, (long)profile["lastSeen"]!);
    }

    [Fact]
    public async Task An_unknown_person_is_not_found()
    {
        var project = await factory.NewProjectAsync("Profile unknown");
        var client = await factory.SignedInClientAsync();

        foreach (var path in new[] { "nobody", "nobody/activity" })
        {
            using var reply = await client.GetAsync($"/api/projects/{project.Id}/people/{path}");
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("person_not_found", (string?)(await reply.ErrorAsync())["error"]);
        }
    }

    [Fact]
    public async Task Activity_is_cut_into_sessions_after_30_minutes_without_an_event_each_with_the_replay_of_its_first_event_that_has_one()
    {
        var project = await factory.NewProjectAsync("Activity");
        await factory.LinkAsync(project.Id, "$device:phone", "ada");
        await factory.ReplayAsync(project.Id, "morning-replay", "$device:phone", T0 + 2 * Minute, T0 + 20 * Minute);
        await factory.SeedAsync(project.Id,
            // Morning: the first event is before the replay began; the second is stitched to it.
            new SeedEvent("Viewed", "$device:phone", T0, InsertId: "m1"),
            new SeedEvent("Added", "$device:phone", T0 + 5 * Minute, InsertId: "m2", Properties: new { item = "tea" }),
            new SeedEvent("Bought", "ada", T0 + 34 * Minute, InsertId: "m3"), // 29 minutes later: the same session
            // Evening, after 2 hours without an event: no replay.
            new SeedEvent("Viewed", "ada", T0 + 180 * Minute, InsertId: "e1"));
        var client = await factory.SignedInClientAsync();

        var page = await client.GetJsonAsync($"/api/projects/{project.Id}/people/ada/activity");

        var sessions = page["sessions"]!.AsArray();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(["e1"], sessions[0]!["events"]!.AsArray().Select(e => (string)e!["insertId"]!));
        Assert.Null(sessions[0]!["replay"]);
        var morning = sessions[1]!;
        Assert.Equal(["m3", "m2", "m1"], morning["events"]!.AsArray().Select(e => (string)e!["insertId"]!));
        Assert.Equal(T0, (long)morning["start"]!);
        Assert.Equal(T0 + 34 * Minute, (long)morning["end"]!);
        Assert.Equal("morning-replay", (string?)morning["replay"]!["replayId"]);
        Assert.Equal(3 * Minute, (long)morning["replay"]!["offsetMs"]!); // at m2, its earliest event in the replay
        Assert.True((bool)morning["replay"]!["stitched"]!);
        Assert.Equal("tea", (string?)morning["events"]![1]!["properties"]!["item"]);
        Assert.Equal("morning-replay", (string?)morning["events"]![1]!["replayId"]);
        Assert.Null(page["nextBefore"]);
    }

    [Fact]
    public async Task Activity_pages_with_before_and_never_splits_events_of_one_moment_across_pages()
    {
        var project = await factory.NewProjectAsync("Activity paging");
        await factory.SeedAsync(project.Id,
            new SeedEvent("A", "ada", T0 + 3 * Minute, InsertId: "a"), new SeedEvent("B", "ada", T0 + 2 * Minute, InsertId: "b"),
            new SeedEvent("C", "ada", T0 + 2 * Minute, InsertId: "c"), new SeedEvent("D", "ada", T0, InsertId: "d"));
        var client = await factory.SignedInClientAsync();

        var first = await client.GetJsonAsync($"/api/projects/{project.Id}/people/ada/activity?limit=2");
        var second = await client.GetJsonAsync($"/api/projects/{project.Id}/people/ada/activity?limit=2&before={(long)first["nextBefore"]!}");

        static IEnumerable<string> Events(JsonNode page) => page["sessions"]!.AsArray().SelectMany(s => s!["events"]!.AsArray()).Select(e => (string)e!["insertId"]!);
        Assert.Equal(["a"], Events(first));
        Assert.Equal(T0 + 2 * Minute + 1, (long)first["nextBefore"]!);
        Assert.Equal(["c", "b"], Events(second));
        Assert.Equal(T0 + 2 * Minute, (long)second["nextBefore"]!);

        using var bad = await client.GetAsync($"/api/projects/{project.Id}/people/ada/activity?limit=5000");
        Assert.Equal("invalid_limit", (string?)(await bad.ErrorAsync())["error"]);
    }
}
