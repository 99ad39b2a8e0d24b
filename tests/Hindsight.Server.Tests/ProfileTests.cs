using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>/engage and /groups profile operations, as mixpanel-browser sends them.</summary>
public sealed class ProfileTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private async Task EngageAsync(string distinctId, object operations)
    {
        var item = JsonSerializer.SerializeToNode(operations)!.AsObject();
        item["$token"] = HindsightFactory.Token;
        item["$distinct_id"] = distinctId;
        using var reply = await factory.CreateClient().PostAsync("/engage/?verbose=1", Sdk.Form(Sdk.MixpanelBase64(item.ToJsonString())));
        Assert.Equal("""{"status":1,"error":null}""", await reply.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject?> ProfileAsync(string distinctId)
    {
        var rows = await factory.QueryAsync<string>("SELECT properties FROM people WHERE distinct_id = @distinctId", new { distinctId });
        return rows.Count == 0 ? null : JsonNode.Parse(rows[0])!.AsObject();
    }

    private static Dictionary<string, object> Op(string name, object value) => new() { [name] = value };

    [Fact]
    public async Task Set_and_set_once_write_properties_and_set_once_keeps_the_first_value()
    {
        await EngageAsync("p-set", Op("$set", new Dictionary<string, object> { ["$name"] = "Ada 🚀", ["plan"] = "free" }));
        await EngageAsync("p-set", Op("$set", new { plan = "pro" }));
        await EngageAsync("p-set", Op("$set_once", new { plan = "trial", first_seen = "monday" }));

        var profile = (await ProfileAsync("p-set"))!;
        Assert.Equal("Ada 🚀", (string?)profile["$name"]);
        Assert.Equal("pro", (string?)profile["plan"]);
        Assert.Equal("monday", (string?)profile["first_seen"]);
    }

    [Fact]
    public async Task Add_adds_numbers_starting_from_zero()
    {
        await EngageAsync("p-add", Op("$add", new { visits = 2 }));
        await EngageAsync("p-add", Op("$add", new { visits = 3, spent = 9.5 }));

        var profile = (await ProfileAsync("p-add"))!;
        Assert.Equal(5, (double)profile["visits"]!);
        Assert.Equal(9.5, (double)profile["spent"]!);
    }

    [Fact]
    public async Task Append_union_and_remove_work_on_lists()
    {
        await EngageAsync("p-list", Op("$append", new { tags = "a" }));
        await EngageAsync("p-list", Op("$append", new { tags = "b" }));
        await EngageAsync("p-list", Op("$union", new { tags = new[] { "b", "c" } }));
        await EngageAsync("p-list", Op("$remove", new { tags = "a" }));

        Assert.Equal(["b", "c"], (await ProfileAsync("p-list"))!["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task Unset_removes_properties_and_delete_removes_the_profile()
    {
        await EngageAsync("p-gone", Op("$set", new { keep = 1, drop = 2 }));
        await EngageAsync("p-gone", Op("$unset", new[] { "drop" }));
        var profile = (await ProfileAsync("p-gone"))!;
        Assert.True(profile.ContainsKey("keep"));
        Assert.False(profile.ContainsKey("drop"));

        await EngageAsync("p-gone", Op("$delete", ""));
        Assert.Null(await ProfileAsync("p-gone"));
    }

    [Theory]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$distinct_id":"x","$add":{"n":"one"}}""")]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$distinct_id":"x","$set":[1]}""")]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$distinct_id":"x","$union":{"n":1}}""")]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$distinct_id":"x","$unset":{"n":1}}""")]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$distinct_id":"x"}""")]
    [InlineData("""{"$token":"0123456789abcdef0123456789abcdef","$set":{"n":1}}""")]
    [InlineData("""{"$distinct_id":"x","$set":{"n":1}}""")]
    public async Task Malformed_profile_updates_are_refused(string item)
    {
        using var reply = await factory.CreateClient().PostAsync("/engage/?verbose=1", Sdk.Form($"[{{\"$token\":\"{HindsightFactory.Token}\",\"$distinct_id\":\"x\",\"$set\":{{\"ok\":1}}}},{item}]"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Contains("Item 1", (string?)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]);
        Assert.Null(await ProfileAsync("x"));
    }

    [Fact]
    public async Task Groups_keep_a_profile_per_group_key_and_id()
    {
        var item = new Dictionary<string, object>
        {
            ["$token"] = HindsightFactory.Token, ["$group_key"] = "company", ["$group_id"] = "acme",
            ["$set"] = new { plan = "enterprise" }, ["$union"] = new { regions = new[] { "eu" } },
        };
        using var reply = await factory.CreateClient().PostAsync("/groups/?verbose=1", Sdk.Form(Sdk.MixpanelBase64(JsonSerializer.Serialize(item))));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var stored = JsonNode.Parse(await factory.QuerySingleAsync<string>(
            "SELECT properties FROM group_profiles WHERE group_key = 'company' AND group_id = 'acme'"))!;
        Assert.Equal("enterprise", (string?)stored["plan"]);
        Assert.Equal("eu", (string?)stored["regions"]![0]);
    }
}
