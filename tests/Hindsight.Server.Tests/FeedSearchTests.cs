using System.Text.Json;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>The feed's search: ids, linked ids, and the profile's name or email.</summary>
public sealed class FeedSearchTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private async Task RecordAsync(string replayId, string query, long startedAt = Rrweb.T0) =>
        (await factory.CreateClient().RecordAsync(replayId, 0, Rrweb.Start(startedAt, "https://shop.example/"), query)).EnsureSuccessStatusCode();

    private async Task SendAsync(string endpoint, object item) =>
        (await factory.CreateClient().PostAsync(endpoint, Sdk.Form(Sdk.MixpanelBase64(JsonSerializer.Serialize(item))))).EnsureSuccessStatusCode();

    private Task SetProfileAsync(string distinctId, object set) =>
        SendAsync("/engage/", new Dictionary<string, object> { ["$token"] = HindsightFactory.Token, ["$distinct_id"] = distinctId, ["$set"] = set });

    private async Task<List<string?>> SearchAsync(string q) =>
        (await (await factory.SignedInClientAsync()).FeedAsync(factory, q)).Select(r => (string?)r!["replayId"]).ToList();

    [Fact]
    public async Task The_feed_finds_a_replay_by_distinct_user_or_device_id()
    {
        await RecordAsync("by-ids", "&distinct_id=dist-1&%24device_id=dev-1&%24user_id=usr-1");

        Assert.Equal(["by-ids"], await SearchAsync("dist-1"));
        Assert.Equal(["by-ids"], await SearchAsync("dev-1"));
        Assert.Equal(["by-ids"], await SearchAsync("usr-1"));
        Assert.Empty(await SearchAsync("dist"));
    }

    [Fact]
    public async Task The_feed_finds_replays_by_part_of_the_profile_name_or_email_in_any_case()
    {
        await RecordAsync("by-profile", "&distinct_id=grace");
        await SetProfileAsync("grace", new Dictionary<string, object> { ["$first_name"] = "Grace", ["$last_name"] = "Hopper", ["$email"] = "Grace@Navy.example" });

        Assert.Equal(["by-profile"], await SearchAsync("hopp"));
        Assert.Equal(["by-profile"], await SearchAsync("navy.EXAMPLE"));
        var row = (await (await factory.SignedInClientAsync()).FeedAsync(factory, "grace"))[0]!;
        Assert.Equal("Grace Hopper", (string?)row["userName"]);
        Assert.Equal("Grace@Navy.example", (string?)row["userEmail"]);
    }

    [Fact]
    public async Task Like_wildcards_in_the_search_match_only_themselves()
    {
        await RecordAsync("wildcards", "&distinct_id=wild");
        await SetProfileAsync("wild", new Dictionary<string, object> { ["$name"] = "Percy" });

        Assert.Empty(await SearchAsync("%"));
        Assert.Empty(await SearchAsync("P_rcy"));
    }

    [Fact]
    public async Task An_anonymous_replay_is_found_by_the_user_id_it_later_identified_as()
    {
        await RecordAsync("anonymous-visit", "&distinct_id=%24device%3Aanon-9&%24device_id=anon-9");
        await SendAsync("/track/", new
        {
            @event = "$identify",
            properties = new Dictionary<string, object>
            {
                ["token"] = HindsightFactory.Token, ["distinct_id"] = "customer-9", ["$anon_distinct_id"] = "$device:anon-9", ["$insert_id"] = "identify-9",
            },
        });
        await SetProfileAsync("customer-9", new Dictionary<string, object> { ["$name"] = "Nine Customer", ["$email"] = "nine@example.test" });

        Assert.Equal(["anonymous-visit"], await SearchAsync("customer-9"));
        Assert.Equal(["anonymous-visit"], await SearchAsync("nine@example"));
        var row = (await (await factory.SignedInClientAsync()).FeedAsync(factory, "customer-9"))[0]!;
        Assert.Equal("Nine Customer", (string?)row["userName"]);
    }

    [Fact]
    public async Task An_alias_links_like_identify_does()
    {
        await RecordAsync("aliased-visit", "&distinct_id=alias-visitor");
        await SendAsync("/track/", new
        {
            @event = "$create_alias",
            properties = new Dictionary<string, object>
            {
                ["token"] = HindsightFactory.Token, ["distinct_id"] = "alias-user", ["alias"] = "alias-visitor", ["$insert_id"] = "alias-1",
            },
        });

        Assert.Equal(["aliased-visit"], await SearchAsync("alias-user"));
    }
}
