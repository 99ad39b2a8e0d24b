using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>/track as mixpanel-browser and our SDK send it.</summary>
public sealed class TrackTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private static object Event(string name, string insertId, object? extra = null)
    {
        var properties = new JsonObject
        {
            ["token"] = HindsightFactory.Token,
            ["distinct_id"] = "visitor-1",
            ["time"] = 1_700_000_000.123,
            ["$insert_id"] = insertId,
        };
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject()) properties[key] = value?.DeepClone();
        return new { @event = name, properties };
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task Base64_of_CESU8_with_emoji_is_stored_with_the_emoji_intact()
    {
        var data = Sdk.MixpanelBase64(Json(new[] { Event("Added to cart 🛒", "emoji-1", new { item = "Café crème 😀" }) }));

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1&ip=1&_=1700000000000", Sdk.Form(data));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var stored = await StoredAsync("emoji-1");
        Assert.Equal("Added to cart 🛒", stored.Name);
        Assert.Equal("Café crème 😀", (string?)JsonNode.Parse(stored.Properties)!["item"]);
    }

    [Fact]
    public async Task Url_safe_base64_without_padding_is_accepted()
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(Json(Event("url-safe ÿ??>", "urlsafe-1"))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        using var reply = await factory.CreateClient().PostAsync("/track/", Sdk.Form(data));

        Assert.Equal("1", await reply.Content.ReadAsStringAsync());
        Assert.Equal("url-safe ÿ??>", (await StoredAsync("urlsafe-1")).Name);
    }

    [Fact]
    public async Task Plain_JSON_in_the_data_field_is_accepted()
    {
        using var reply = await factory.CreateClient().PostAsync("/track", Sdk.Form(Json(new[] { Event("Plain", "plain-1") })));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Plain", (await StoredAsync("plain-1")).Name);
    }

    [Fact]
    public async Task A_single_object_and_an_array_are_both_accepted()
    {
        var http = factory.CreateClient();
        (await http.PostAsync("/track/", Sdk.Form(Sdk.MixpanelBase64(Json(Event("Single", "single-1")))))).EnsureSuccessStatusCode();
        (await http.PostAsync("/track/", Sdk.Form(Sdk.MixpanelBase64(Json(new[] { Event("A", "array-1"), Event("B", "array-2") }))))).EnsureSuccessStatusCode();

        Assert.Equal("Single", (await StoredAsync("single-1")).Name);
        Assert.Equal("B", (await StoredAsync("array-2")).Name);
    }

    [Fact]
    public async Task A_sendBeacon_text_plain_body_carrying_the_form_is_accepted()
    {
        var body = "data=" + Uri.EscapeDataString(Sdk.MixpanelBase64(Json(new[] { Event("Beacon", "beacon-1") })));

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Beacon", (await StoredAsync("beacon-1")).Name);
    }

    [Fact]
    public async Task A_raw_JSON_body_is_accepted()
    {
        using var reply = await factory.CreateClient().PostAsync("/track/",
            new StringContent(Json(new[] { Event("Raw", "raw-1") }), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Raw", (await StoredAsync("raw-1")).Name);
    }

    [Fact]
    public async Task A_GET_with_data_in_the_query_is_accepted_for_image_mode()
    {
        var data = Uri.EscapeDataString(Sdk.MixpanelBase64(Json(Event("Pixel", "img-1"))));

        using var reply = await factory.CreateClient().GetAsync($"/track/?data={data}&img=1");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Pixel", (await StoredAsync("img-1")).Name);
    }

    [Fact]
    public async Task Verbose_replies_are_JSON_and_plain_replies_are_1_or_0()
    {
        var http = factory.CreateClient();
        var good = Sdk.Form(Sdk.MixpanelBase64(Json(Event("Reply", "reply-1"))));

        Assert.Equal("""{"status":1,"error":null}""", await (await http.PostAsync("/track/?verbose=1", good)).Content.ReadAsStringAsync());
        Assert.Equal("1", await (await http.PostAsync("/track/", Sdk.Form(Sdk.MixpanelBase64(Json(Event("Reply", "reply-2")))))).Content.ReadAsStringAsync());

        using var badVerbose = await http.PostAsync("/track/?verbose=1", Sdk.Form("not base64 !!!"));
        Assert.Equal(HttpStatusCode.BadRequest, badVerbose.StatusCode);
        var error = JsonNode.Parse(await badVerbose.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)error["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)error["error"]));

        using var badPlain = await http.PostAsync("/track/", Sdk.Form("not base64 !!!"));
        Assert.Equal(HttpStatusCode.BadRequest, badPlain.StatusCode);
        Assert.Equal("0", await badPlain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_event_sent_again_with_the_same_insert_id_is_stored_once()
    {
        var data = Sdk.Form(Sdk.MixpanelBase64(Json(new[] { Event("Once", "dedupe-1") })));
        var http = factory.CreateClient();
        (await http.PostAsync("/track/", data)).EnsureSuccessStatusCode();
        (await http.PostAsync("/track/", new StringContent("data=" + Uri.EscapeDataString(Sdk.MixpanelBase64(Json(new[] { Event("Once", "dedupe-1") }))),
            Encoding.UTF8, "text/plain"))).EnsureSuccessStatusCode();

        Assert.Equal(1, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE insert_id = 'dedupe-1'"));
    }

    [Fact]
    public async Task An_event_without_insert_id_is_still_stored_once_when_resent()
    {
        var item = Json(new { @event = "No insert id", properties = new { token = HindsightFactory.Token, distinct_id = "visitor-no-id", time = 1_700_000_001 } });
        var http = factory.CreateClient();
        (await http.PostAsync("/track/", Sdk.Form(item))).EnsureSuccessStatusCode();
        (await http.PostAsync("/track/", Sdk.Form(item))).EnsureSuccessStatusCode();

        Assert.Equal(1, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE distinct_id = 'visitor-no-id'"));
    }

    [Fact]
    public async Task The_replay_id_and_time_in_milliseconds_are_stored()
    {
        var data = Sdk.MixpanelBase64(Json(Event("$mp_click", "replay-link-1", new Dictionary<string, string> { ["$mp_replay_id"] = "replay-abc" })));
        (await factory.CreateClient().PostAsync("/track/", Sdk.Form(data))).EnsureSuccessStatusCode();

        var stored = await StoredAsync("replay-link-1");
        Assert.Equal("replay-abc", stored.ReplayId);
        Assert.Equal(1_700_000_000_123, stored.Time);
        Assert.Equal("visitor-1", stored.DistinctId);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_with_401_and_nothing_is_stored()
    {
        var items = new[] { Event("Good", "unknown-token-1"), new { @event = "Bad", properties = new JsonObject { ["token"] = "nope", ["$insert_id"] = "unknown-token-2" } } };

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", Sdk.Form(Sdk.MixpanelBase64(Json(items))));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Contains("Item 1", (string?)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(0, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE insert_id LIKE 'unknown-token-%'"));
    }

    [Theory]
    [InlineData("""[{"event":"ok","properties":{"token":"0123456789abcdef0123456789abcdef","$insert_id":"bad-item-0"}},{"properties":{"token":"0123456789abcdef0123456789abcdef"}}]""", "Item 1")]
    [InlineData("""[{"event":"ok","properties":{"token":"0123456789abcdef0123456789abcdef","$insert_id":"bad-item-0"}},{"event":"x"}]""", "Item 1")]
    [InlineData("""[{"event":"ok","properties":{"token":"0123456789abcdef0123456789abcdef","$insert_id":"bad-item-0"}},{"event":"x","properties":{}}]""", "Item 1")]
    [InlineData("""[{"event":"ok","properties":{"token":"0123456789abcdef0123456789abcdef","$insert_id":"bad-item-0"}},{"event":"x","properties":{"token":"0123456789abcdef0123456789abcdef","time":"soon"}}]""", "Item 1")]
    [InlineData("""[{"event":"ok","properties":{"token":"0123456789abcdef0123456789abcdef","$insert_id":"bad-item-0"}},7]""", "Item 1")]
    public async Task One_invalid_item_refuses_the_whole_request_naming_its_index(string items, string index)
    {
        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", Sdk.Form(items));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Contains(index, (string?)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(0, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE insert_id = 'bad-item-0'"));
    }

    [Theory]
    [InlineData("data=")]
    [InlineData("")]
    [InlineData("data=%5B%5D")]
    [InlineData("data=%22text%22")]
    public async Task A_request_without_items_is_refused(string body)
    {
        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1",
            new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_properties_are_refused()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var item = "{\"event\":\"deep\",\"properties\":{\"token\":\"" + HindsightFactory.Token + "\",\"nested\":" + deep + "}}";

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", Sdk.Form(item));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
    }

    [Fact]
    public async Task Identify_links_the_anonymous_id_to_the_user()
    {
        var data = Json(new { @event = "$identify", properties = new Dictionary<string, object>
        {
            ["token"] = HindsightFactory.Token, ["distinct_id"] = "user-7", ["$anon_distinct_id"] = "$device:anon-7", ["$insert_id"] = "identify-7",
        } });
        (await factory.CreateClient().PostAsync("/track/", Sdk.Form(Sdk.MixpanelBase64(data)))).EnsureSuccessStatusCode();

        // In the relational store (the replay feed's system of record) and in the analytics store (for its queries).
        Assert.Equal("user-7", await factory.QuerySingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = '$device:anon-7'"));
        Assert.Equal("user-7", await factory.QueryAnalyticsSingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = '$device:anon-7'"));
    }

    private async Task<StoredEvent> StoredAsync(string insertId) => await factory.QueryAnalyticsSingleAsync<StoredEvent>(
        "SELECT name, distinct_id, time, replay_id, properties FROM events WHERE insert_id = $insertId", new { insertId });

    private sealed class StoredEvent
    {
        public string Name { get; set; } = "";
        public string? DistinctId { get; set; }
        public long Time { get; set; }
        public string? ReplayId { get; set; }
        public string Properties { get; set; } = "";
    }
}
