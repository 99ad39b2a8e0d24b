using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>POST /import as Mixpanel's import API is called from a backend.</summary>
public sealed class ImportTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static JsonObject Event(string insertId, object? time = null, string name = "Order shipped", string? distinctId = "customer-1")
    {
        var properties = new JsonObject { ["time"] = JsonValue.Create(time ?? 1_700_000_000L), ["$insert_id"] = insertId, ["warehouse"] = "north" };
        if (distinctId is not null) properties["distinct_id"] = distinctId;
        return new JsonObject { ["event"] = name, ["properties"] = properties };
    }

    private async Task<string> SecretAsync(long? projectId = null) =>
        (await factory.Get<ImportSecrets>().ReadAsync(projectId ?? await factory.DefaultProjectIdAsync(), CancellationToken.None))!;

    private async Task<HttpResponseMessage> ImportAsync(byte[] body, string? user, string contentType = "application/json",
        string query = "?strict=1", bool gzip = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/import" + query) { Content = new ByteArrayContent(gzip ? Sdk.Gzip(body) : body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip) request.Content.Headers.ContentEncoding.Add("gzip");
        if (user is not null) request.Headers.Authorization = Sdk.Basic(user);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<HttpResponseMessage> ImportAsync(IEnumerable<JsonObject> events, string? user = null, string query = "?strict=1", bool gzip = false) =>
        await ImportAsync(Encoding.UTF8.GetBytes(new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString()), user ?? await SecretAsync(), query: query, gzip: gzip);

    private Task<long> CountAsync(string insertIdPrefix) => factory.QueryAnalyticsSingleAsync<long>(
        "SELECT COUNT(*) FROM events WHERE insert_id LIKE $pattern", new { pattern = insertIdPrefix + "%" });

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage reply) => JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task Events_with_historical_times_in_seconds_or_milliseconds_are_imported_with_those_times()
    {
        using var reply = await ImportAsync([Event("good-s", 1_600_000_000), Event("good-ms", 1_600_000_000_123L), Event("good-text", "1600000001")]);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"code":200,"num_records_imported":3,"status":"OK"}"""), await JsonAsync(reply)));
        var times = await factory.QueryAnalyticsAsync<(string, long, string, string)>(
            "SELECT insert_id, time, name, distinct_id FROM events WHERE insert_id LIKE 'good-%' ORDER BY insert_id");
        Assert.Equal([("good-ms", 1_600_000_000_123L, "Order shipped", "customer-1"), ("good-s", 1_600_000_000_000L, "Order shipped", "customer-1"),
                      ("good-text", 1_600_000_001_000L, "Order shipped", "customer-1")], times);
    }

    [Fact]
    public async Task A_batch_sent_again_is_stored_once()
    {
        JsonObject[] batch = [Event("again-1"), Event("again-2")];
        (await ImportAsync(batch)).EnsureSuccessStatusCode();
        using var second = await ImportAsync(batch);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, await CountAsync("again-"));
    }

    [Fact]
    public async Task A_gzip_body_is_inflated_with_or_without_the_trailing_slash()
    {
        using var reply = await ImportAsync([Event("gzip-1"), Event("gzip-2")], query: "/?strict=1", gzip: true);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(2, await CountAsync("gzip-"));
    }

    [Fact]
    public async Task NDJSON_is_read_a_line_at_a_time_and_a_line_that_is_not_JSON_fails_alone()
    {
        var body = $"{Event("ndjson-1").ToJsonString()}\n{{not json\n\n{Event("ndjson-2").ToJsonString()}\n";

        using var reply = await ImportAsync(Encoding.UTF8.GetBytes(body), await SecretAsync(), "application/x-ndjson");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var report = await JsonAsync(reply);
        Assert.Equal(2, (int)report["num_records_imported"]!);
        Assert.Equal(1, (int)report["failed_records"]![0]!["index"]!);
        Assert.Equal(2, await CountAsync("ndjson-"));
    }

    [Fact]
    public async Task Strict_mode_reports_each_bad_item_and_imports_the_valid_ones()
    {
        var noInsertId = Event("x");
        noInsertId["properties"]!.AsObject().Remove("$insert_id");
        var noTime = Event("strict-no-time");
        noTime["properties"]!.AsObject().Remove("time");
        JsonObject[] items =
        [
            Event("strict-ok-1"),
            noInsertId,
            Event("strict-future", Now / 1000 + 2 * 3600),
            noTime,
            Event("strict-no-distinct-id", distinctId: null),
            Event("strict-no-name", name: ""),
            Event("strict-1970", 86_400),
            Event("strict-ok-2", Now + 30 * 60_000), // half an hour ahead: a clock a little fast is fine
        ];

        using var reply = await ImportAsync(items);

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var report = await JsonAsync(reply);
        Assert.Equal(400, (int)report["code"]!);
        Assert.Equal("Bad Request", (string?)report["status"]);
        Assert.Equal(2, (int)report["num_records_imported"]!);
        var failed = report["failed_records"]!.AsArray().Select(f => ((int)f!["index"]!, (string?)f["insert_id"], (string?)f["field"])).ToList();
        Assert.Equal([(1, null, "properties.$insert_id"), (2, "strict-future", "properties.time"), (3, "strict-no-time", "properties.time"),
                      (4, "strict-no-distinct-id", "properties.distinct_id"), (5, "strict-no-name", "event"), (6, "strict-1970", "properties.time")], failed);
        Assert.All(report["failed_records"]!.AsArray(), f => Assert.False(string.IsNullOrEmpty((string?)f!["message"])));
        Assert.Equal(2, await CountAsync("strict-"));
        Assert.Equal(2, await CountAsync("strict-ok-"));
    }

    [Fact]
    public async Task Without_strict_mode_the_valid_items_are_imported_and_the_others_dropped()
    {
        using var reply = await ImportAsync([Event("lax-ok"), Event("lax-future", Now + 3 * 3600_000)], query: "?strict=0");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(1, (int)(await JsonAsync(reply))["num_records_imported"]!);
        Assert.Equal(1, await CountAsync("lax-"));
    }

    [Fact]
    public async Task Identify_imported_links_the_ids_in_both_stores()
    {
        var identify = new JsonObject
        {
            ["event"] = "$identify",
            ["properties"] = new JsonObject
            {
                ["time"] = 1_700_000_000, ["distinct_id"] = "imported-user", ["$anon_distinct_id"] = "imported-anon", ["$insert_id"] = "import-identify",
            },
        };
        (await ImportAsync([identify])).EnsureSuccessStatusCode();

        Assert.Equal("imported-user", await factory.QuerySingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = 'imported-anon'"));
        Assert.Equal("imported-user", await factory.QueryAnalyticsSingleAsync<string>("SELECT distinct_id FROM identities WHERE anon_id = 'imported-anon'"));
    }

    [Theory]
    [InlineData("wrong", "invalid_secret")]
    [InlineData(HindsightFactory.Token, "token_not_accepted")]
    [InlineData(null, "missing_secret")]
    public async Task A_request_without_the_import_secret_is_refused_with_401_and_stores_nothing(string? user, string error)
    {
        using var reply = await ImportAsync(Encoding.UTF8.GetBytes(new JsonArray(Event($"unauthorized-{error}")).ToJsonString()),
            user ?? null, query: "");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        var body = await JsonAsync(reply);
        Assert.Equal(error, (string?)body["error"]);
        Assert.Equal(401, (int)body["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));
        Assert.Equal(0, await CountAsync("unauthorized-"));
    }

    [Fact]
    public async Task A_project_id_that_is_not_the_secrets_project_is_refused()
    {
        var other = await factory.NewProjectAsync("Other importer");
        using var reply = await ImportAsync(Encoding.UTF8.GetBytes(new JsonArray(Event("mismatch-1")).ToJsonString()),
            await SecretAsync(other.Id), query: $"?project_id={await factory.DefaultProjectIdAsync()}");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("project_mismatch", (string?)(await JsonAsync(reply))["error"]);

        using var matching = await ImportAsync(Encoding.UTF8.GetBytes(new JsonArray(Event("mismatch-2")).ToJsonString()),
            await SecretAsync(other.Id), query: $"?project_id={other.Id}");
        Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
        Assert.Equal(other.Id, await factory.QueryAnalyticsSingleAsync<long>("SELECT project_id FROM events WHERE insert_id = 'mismatch-2'"));
        Assert.Equal(0, await CountAsync("mismatch-1"));
    }

    [Fact]
    public async Task More_than_2000_events_are_refused_whole_with_413()
    {
        using var reply = await ImportAsync(Enumerable.Range(0, 2001).Select(i => Event($"too-many-{i}")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        Assert.Equal("too_many_events", (string?)(await JsonAsync(reply))["error"]);
        Assert.Equal(0, await CountAsync("too-many-"));
    }

    [Fact]
    public async Task A_body_over_10_MB_is_refused_as_sent_and_once_inflated()
    {
        var padding = new string('x', 10 * 1024 * 1024);
        var large = Event("oversized-1");
        large["properties"]!["padding"] = padding;
        var body = Encoding.UTF8.GetBytes(new JsonArray(large).ToJsonString());

        using var plain = await ImportAsync(body, await SecretAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal("body_too_large", (string?)(await JsonAsync(plain))["error"]);

        using var inflated = await ImportAsync(body, await SecretAsync(), gzip: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inflated.StatusCode);
        Assert.Equal("inflated_too_large", (string?)(await JsonAsync(inflated))["error"]);
        Assert.Equal(0, await CountAsync("oversized-"));
    }

    [Theory]
    [InlineData("not json at all", "application/json", "invalid_json")]
    [InlineData("\"a string\"", "application/json", "invalid_body")]
    [InlineData("[]", "application/json", "no_events")]
    [InlineData("\n\n", "application/x-ndjson", "no_events")]
    public async Task A_body_that_holds_no_events_is_refused_with_400(string body, string contentType, string error)
    {
        using var reply = await ImportAsync(Encoding.UTF8.GetBytes(body), await SecretAsync(), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await JsonAsync(reply))["error"]);
    }

    [Fact]
    public async Task Each_project_has_its_own_secret_which_admins_read_from_the_dashboard_API()
    {
        var project = await factory.NewProjectAsync("Secret reader");
        var admin = await factory.SignedInClientAsync();

        var secret = (string)(await admin.GetJsonAsync($"/api/projects/{project.Id}/import-secret"))["secret"]!;

        Assert.Matches("^[A-Za-z0-9_-]{43}$", secret);
        Assert.NotEqual(await SecretAsync(), secret);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(await admin.GetJsonAsync($"/api/projects/{project.Id}/settings")));
        using var reply = await ImportAsync(Encoding.UTF8.GetBytes(new JsonArray(Event("dashboard-secret")).ToJsonString()), secret);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(project.Id, await factory.QueryAnalyticsSingleAsync<long>("SELECT project_id FROM events WHERE insert_id = 'dashboard-secret'"));
    }
}
