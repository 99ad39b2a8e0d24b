using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// Bodies and parameters no SDK sends, aimed at the SDK endpoints (anyone holding a project token, which sites
/// publish, can send them). Each gets a precise error or a documented acceptance, and what was stored before
/// is left as it was.
/// </summary>
public sealed class HostileIngestTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const string Kept = "hostile-kept";
    private static readonly string KeptBatch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 500));
    private const long T = Rrweb.T0;

    public static TheoryData<string, string, int, string> RecordCases => new()
    {
        { "nested deeper than the limit", Batch("{\"type\":3,\"timestamp\":" + T + ",\"data\":" + new string('[', 3000) + new string(']', 3000) + "}"), 400, "invalid_json" },
        { "a timestamp past what a double holds", Batch($"{{\"type\":3,\"timestamp\":1e400}}"), 400, "invalid_event" },
        { "a timestamp past the year 9999", Batch($"{{\"type\":3,\"timestamp\":253402300800000}}"), 400, "invalid_event" },
        { "a negative timestamp", Batch($"{{\"type\":3,\"timestamp\":-1}}"), 400, "invalid_event" },
        { "a type past an int", Batch($"{{\"type\":99999999999999999999,\"timestamp\":{T}}}"), 400, "invalid_event" },
        { "a type with an exponent", Batch($"{{\"type\":3e0,\"timestamp\":{T}}}"), 400, "invalid_event" },
        { "a duplicate key whose last value is wrong", Batch($"{{\"type\":3,\"timestamp\":{T},\"timestamp\":\"soon\"}}"), 400, "invalid_event" },
        { "NaN as a timestamp", Batch("{\"type\":3,\"timestamp\":NaN}"), 400, "invalid_json" },
        { "a comment in the JSON", Batch($"{{\"type\":3,/* hi */\"timestamp\":{T}}}"), 400, "invalid_json" },
        { "a trailing comma", Batch($"{{\"type\":3,\"timestamp\":{T}}},"), 400, "invalid_json" },
        { "invalid UTF-8 in a string", "[{\"type\":3,\"timestamp\":" + T + ",\"data\":{\"text\":\"\u00ff\u00fe\"}}]", 400, "invalid_json" },
        { "a byte order mark", "\uFEFF" + Batch($"{{\"type\":3,\"timestamp\":{T}}}"), 400, "invalid_json" },
    };

    [Theory]
    [MemberData(nameof(RecordCases))]
    public async Task A_hostile_record_body_gets_a_precise_error_and_leaves_the_stored_replay_intact(string @case, string body, int status, string error)
    {
        var http = factory.CreateClient();
        var before = await StoreKeptAsync(http);

        // Latin-1 on purpose: "\u00ff\u00fe" must reach the server as the bytes ff fe, which are no UTF-8.
        var bytes = @case.Contains("UTF-8") ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body);
        using var reply = await http.RecordRawAsync($"/record/?replay_id={Kept}&seq=0&format=gzip", Sdk.Gzip(bytes));

        await AssertRecordErrorAsync(reply, status, error, @case);
        Assert.Equal(before, await KeptStateAsync());
    }

    public static TheoryData<string, string, string> RecordQueryCases => new()
    {
        { "NaN as seq", "replay_id=" + Kept + "&seq=NaN", "invalid_seq" },
        { "an exponent in seq", "replay_id=" + Kept + "&seq=1e3", "invalid_seq" },
        { "a plus sign in seq", "replay_id=" + Kept + "&seq=%2B1", "invalid_seq" },
        { "a space before seq", "replay_id=" + Kept + "&seq=%200", "invalid_seq" },
        { "hex in seq", "replay_id=" + Kept + "&seq=0x10", "invalid_seq" },
        { "non-ASCII digits in seq", "replay_id=" + Kept + "&seq=%D9%A0", "invalid_seq" },
        { "a seq past an int", "replay_id=" + Kept + "&seq=99999999999999999999", "invalid_seq" },
        { "a NUL in replay_id", "replay_id=a%00b&seq=0", "invalid_replay_id" },
        { "a newline in replay_id", "replay_id=a%0Ab&seq=0", "invalid_replay_id" },
        { "a backslash in replay_id", "replay_id=..%5C..%5Cx&seq=0", "invalid_replay_id" },
        { "a 10 kB replay_id", "replay_id=" + new string('r', 10_000) + "&seq=0", "invalid_replay_id" },
        { "a non-ASCII letter in replay_id", "replay_id=r%C3%A9&seq=0", "invalid_replay_id" },
    };

    [Theory]
    [MemberData(nameof(RecordQueryCases))]
    public async Task A_hostile_record_query_gets_a_precise_error_and_leaves_the_stored_replay_intact(string @case, string query, string error)
    {
        var http = factory.CreateClient();
        var before = await StoreKeptAsync(http);

        using var reply = await http.RecordRawAsync($"/record/?{query}&format=gzip", Sdk.Gzip(KeptBatch.Replace("shop.example", "evil.example")));

        await AssertRecordErrorAsync(reply, 400, error, @case);
        Assert.Equal(before, await KeptStateAsync());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json")]
    public async Task A_record_body_is_read_as_sent_whatever_content_type_it_claims(string contentType)
    {
        // Documented: any content type is accepted; the bytes decide (sendBeacon cannot choose its type).
        var replayId = $"typed-{Guid.NewGuid():N}";
        using var reply = await factory.CreateClient().RecordRawAsync($"/record/?replay_id={replayId}&seq=0&format=gzip", Sdk.Gzip(KeptBatch),
            adjust: r => r.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(KeptBatch, Encoding.UTF8.GetString(Sdk.Gunzip(await factory.StoredChunkAsync(replayId, 0))));
    }

    [Fact]
    public async Task A_duplicate_key_counts_with_its_last_value_as_the_players_JSON_parse_reads_it()
    {
        var replayId = $"dup-{Guid.NewGuid():N}";
        var batch = Batch($"{{\"type\":3,\"timestamp\":\"soon\",\"timestamp\":{T}}}", $"{{\"type\":\"x\",\"type\":3,\"timestamp\":{T + 2000}}}");

        using var reply = await factory.CreateClient().RecordAsync(replayId, 0, batch);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(2000, await factory.QuerySingleAsync<long>("SELECT duration_ms FROM replays WHERE replay_id = @replayId", new { replayId }));
    }

    [Fact]
    public async Task Ids_in_the_record_query_past_255_characters_are_cut_without_splitting_a_character()
    {
        var replayId = $"long-ids-{Guid.NewGuid():N}";
        var distinctId = new string('d', 254) + "😀" + new string('x', 10_000);

        using var reply = await factory.CreateClient().RecordAsync(replayId, 0, KeptBatch, $"&distinct_id={Uri.EscapeDataString(distinctId)}");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var stored = await factory.QuerySingleAsync<string>("SELECT distinct_id FROM replays WHERE replay_id = @replayId", new { replayId });
        Assert.Equal(new string('d', 254), stored);
    }

    public static TheoryData<string, string, int> TrackCases => new()
    {
        { "100,000 items in a data= form", "[" + string.Join(",", Enumerable.Repeat("{}", 100_000)) + "]", 413 },
        { "a time past what a double holds", Item("\"time\":1e400"), 400 },
        { "a time past the year 9999", Item("\"time\":1e15"), 400 },
        { "a time of NaN as text", Item("\"time\":\"NaN\""), 400 },
        { "a time of Infinity as text", Item("\"time\":\"Infinity\""), 400 },
        { "a duplicate time whose last value is wrong", Item("\"time\":1700000000,\"time\":\"soon\""), 400 },
    };

    [Theory]
    [MemberData(nameof(TrackCases))]
    public async Task A_hostile_track_body_gets_a_precise_error_and_stores_nothing(string @case, string data, int status)
    {
        var http = factory.CreateClient();
        var before = await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events");

        using var reply = await http.PostAsync("/track/?verbose=1", Sdk.Form(data));

        Assert.True((int)reply.StatusCode == status, $"{@case}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
        var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)body["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]));
        Assert.Equal(before, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task Invalid_UTF_8_and_lone_surrogates_in_a_track_body_are_stored_as_replacement_characters()
    {
        // Documented: malformed bytes become U+FFFD instead of failing a visitor's whole batch.
        var insertId = $"utf8-{Guid.NewGuid():N}";
        var json = "{\"event\":\"bad \u00ff bytes\",\"properties\":{\"token\":\"" + HindsightFactory.Token + "\",\"$insert_id\":\"" + insertId +
                   "\",\"distinct_id\":\"lone \\ud800 half\"}}";
        var form = "data=" + Convert.ToBase64String(Encoding.Latin1.GetBytes(json)).Replace("+", "%2B").Replace("/", "%2F").Replace("=", "%3D");

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1",
            new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var name = await factory.QueryAnalyticsSingleAsync<string>("SELECT name FROM events WHERE insert_id = $insertId", new { insertId });
        Assert.Equal("bad \uFFFD bytes", name);
    }

    [Fact]
    public async Task A_track_id_past_255_characters_is_cut_without_splitting_a_character()
    {
        var insertId = $"long-{Guid.NewGuid():N}";
        var distinctId = new string('d', 254) + "😀" + new string('x', 10_000);
        var json = new JsonObject
        {
            ["event"] = "Long id",
            ["properties"] = new JsonObject { ["token"] = HindsightFactory.Token, ["$insert_id"] = insertId, ["distinct_id"] = distinctId },
        }.ToJsonString();

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", Sdk.Form(json));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(new string('d', 254),
            await factory.QueryAnalyticsSingleAsync<string>("SELECT distinct_id FROM events WHERE insert_id = $insertId", new { insertId }));
    }

    [Fact]
    public async Task A_recorded_URL_holding_half_a_character_is_stored_and_left_out_of_the_replays_URLs()
    {
        // JSON.stringify escapes a lone half as \ud83d; the player's JSON.parse reads it, so the batch is kept.
        var replayId = $"half-{Guid.NewGuid():N}";
        var batch = Batch($"{{\"type\":4,\"timestamp\":{T},\"data\":{{\"href\":\"https://shop.example/\\ud83d\",\"width\":1,\"height\":1}}}}",
            $"{{\"type\":4,\"timestamp\":{T + 10},\"data\":{{\"href\":\"https://shop.example/ok\",\"width\":1,\"height\":1}}}}");

        using var reply = await factory.CreateClient().RecordAsync(replayId, 0, batch);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(batch, Encoding.UTF8.GetString(Sdk.Gunzip(await factory.StoredChunkAsync(replayId, 0))));
        Assert.Equal("""["https://shop.example/ok"]""",
            await factory.QuerySingleAsync<string>("SELECT urls FROM replays WHERE replay_id = @replayId", new { replayId }));
    }

    [Theory]
    [InlineData("\"$set\":{\"name\":\"half \\ud83d\"}", "name", "\"half \ufffd\"")]
    [InlineData("\"$set\":{\"half \\udc00 key\":1}", "half \ufffd key", "1")]
    [InlineData("\"$set\":{\"pair\":\"\\ud83d\\ude00 and \\\\ud83d as text\"}", "pair", "\"\ud83d\ude00 and \\\\ud83d as text\"")]
    public async Task A_profile_value_or_name_holding_half_a_character_is_stored_with_a_replacement_character(string operation, string property, string stored)
    {
        var distinctId = $"half-{Guid.NewGuid():N}";
        var item = $"{{\"$token\":\"{HindsightFactory.Token}\",\"$distinct_id\":\"{distinctId}\",{operation}}}";

        using var reply = await factory.CreateClient().PostAsync("/engage/?verbose=1", Sdk.Form(item));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var properties = JsonNode.Parse(await factory.QuerySingleAsync<string>(
            "SELECT properties FROM people WHERE distinct_id = @distinctId", new { distinctId }))!.AsObject();
        Assert.Equal(JsonNode.Parse(stored)!.ToJsonString(), properties[property]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"$add\":{\"n\":1e400}")]
    [InlineData("\"$unset\":[1]")]
    [InlineData("\"$set\":[]")]
    public async Task A_profile_operation_with_a_value_it_cannot_hold_is_refused(string operation)
    {
        var item = $"{{\"$token\":\"{HindsightFactory.Token}\",\"$distinct_id\":\"refused-{Guid.NewGuid():N}\",{operation}}}";

        using var reply = await factory.CreateClient().PostAsync("/engage/?verbose=1", Sdk.Form(item));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(0, (int)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["status"]!);
    }

    [Fact]
    public async Task An_add_past_the_largest_number_keeps_the_value_it_had()
    {
        var distinctId = $"overflow-{Guid.NewGuid():N}";
        var item = $"{{\"$token\":\"{HindsightFactory.Token}\",\"$distinct_id\":\"{distinctId}\",\"$add\":{{\"n\":1e308}}}}";
        var http = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/engage/?verbose=1", Sdk.Form(item))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/engage/?verbose=1", Sdk.Form(item))).StatusCode);

        var properties = JsonNode.Parse(await factory.QuerySingleAsync<string>(
            "SELECT properties FROM people WHERE distinct_id = @distinctId", new { distinctId }))!;
        Assert.Equal(1e308, properties["n"]!.GetValue<double>());
    }

    [Fact]
    public async Task Control_characters_and_markup_in_an_id_are_stored_as_sent_and_served_back_as_inert_JSON()
    {
        // Documented acceptance: ids are the site's to choose; the dashboard only ever shows them as text.
        var replayId = $"control-{Guid.NewGuid():N}";
        var distinctId = "a\u0000b\nc\u202e<script>";
        using var reply = await factory.CreateClient().RecordAsync(replayId, 0, KeptBatch, $"&distinct_id={Uri.EscapeDataString(distinctId)}");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        var client = await factory.SignedInClientAsync();
        using var detail = await client.GetAsync($"/api/replays/{replayId}");
        var text = await detail.Content.ReadAsStringAsync();

        Assert.Equal(distinctId, (string?)JsonNode.Parse(text)!["distinctId"]);
        // Markup in it is inert: JSON a browser never sniffs as a page, shown by the dashboard as text only.
        Assert.Equal("application/json", detail.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", detail.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("text/html", true)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    public async Task A_track_body_is_read_by_what_it_holds_whatever_content_type_it_claims(string contentType, bool formBody)
    {
        var insertId = $"typed-{Guid.NewGuid():N}";
        var item = "{\"event\":\"Typed\",\"properties\":{\"token\":\"" + HindsightFactory.Token + "\",\"$insert_id\":\"" + insertId + "\"}}";
        var body = formBody ? "data=" + Uri.EscapeDataString(item) : item;
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1", content);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(1, await factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE insert_id = $insertId", new { insertId }));
    }

    private static string Batch(params string[] events) => "[" + string.Join(",", events) + "]";

    private static string Item(string timeOrMore) =>
        "{\"event\":\"hostile\",\"properties\":{\"token\":\"" + HindsightFactory.Token + "\"," + timeOrMore + "}}";

    private async Task<string> StoreKeptAsync(HttpClient http)
    {
        using var reply = await http.RecordAsync(Kept, 0, KeptBatch);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return await KeptStateAsync();
    }

    /// <summary>The stored bytes and every figure of the kept replay.</summary>
    private async Task<string> KeptStateAsync() =>
        Convert.ToHexString(await factory.StoredChunkAsync(Kept, 0)) + " " + await factory.QuerySingleAsync<string>("""
            SELECT started_at || ' ' || last_event_at || ' ' || event_count || ' ' || click_count || ' ' || bytes || ' ' || chunk_count || ' ' || urls
            FROM replays WHERE replay_id = @Kept
            """, new { Kept });

    private static async Task AssertRecordErrorAsync(HttpResponseMessage reply, int status, string error, string @case)
    {
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True((int)reply.StatusCode == status, $"{@case}: {(int)reply.StatusCode} {text}");
        Assert.StartsWith("application/json", reply.Content.Headers.ContentType?.ToString());
        var body = JsonNode.Parse(text)!;
        Assert.Equal(error, (string?)body["error"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
    }
}
