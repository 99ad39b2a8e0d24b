using System.Net;
using System.Text;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>Small limits, so "too large" cases stay fast; the defaults are checked in RecordTests.</summary>
public sealed class SmallLimitsFactory : HindsightFactory
{
    public const int MaxBody = 16 * 1024, MaxInflated = 256 * 1024, MaxEvents = 50;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Ingest:MaxRecordBodyBytes"] = MaxBody.ToString(),
        ["Hindsight:Ingest:MaxInflatedBytes"] = MaxInflated.ToString(),
        ["Hindsight:Ingest:MaxEventsPerBatch"] = MaxEvents.ToString(),
    };
}

/// <summary>
/// Every bad /record input is answered with a JSON error the SDK can parse, and a batch stored earlier
/// for the same replay and seq is left exactly as it was.
/// </summary>
public sealed class RecordRefusalTests(SmallLimitsFactory factory) : IClassFixture<SmallLimitsFactory>
{
    private const string Kept = "kept-replay";
    private static readonly string KeptBatch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 500));

    public static TheoryData<string, int, string> Cases => new()
    {
        { "no Authorization header", 401, "missing_token" },
        { "a Bearer token", 401, "malformed_authorization" },
        { "Basic credentials that are not base64", 401, "malformed_authorization" },
        { "an empty token", 401, "missing_token" },
        { "a token no project has", 401, "unknown_project" },
        { "no replay_id", 400, "missing_replay_id" },
        { "a replay_id with a slash", 400, "invalid_replay_id" },
        { "a replay_id of two dots", 400, "invalid_replay_id" },
        { "a replay_id of 129 characters", 400, "invalid_replay_id" },
        { "no seq", 400, "missing_seq" },
        { "a negative seq", 400, "invalid_seq" },
        { "a fractional seq", 400, "invalid_seq" },
        { "a seq past one million", 400, "invalid_seq" },
        { "an unknown format", 400, "invalid_format" },
        { "malformed gzip", 400, "invalid_gzip" },
        { "format=gzip with a plain body", 400, "invalid_gzip" },
        { "gzip that inflates past the limit", 413, "inflated_too_large" },
        { "a body over the size limit", 413, "body_too_large" },
        { "a plain body over the size limit", 413, "body_too_large" },
        { "a body that is not JSON", 400, "invalid_json" },
        { "truncated JSON", 400, "invalid_json" },
        { "JSON after the array", 400, "invalid_json" },
        { "an empty body", 400, "invalid_json" },
        { "a JSON object instead of an array", 400, "not_an_array" },
        { "an empty array", 400, "empty_batch" },
        { "an event that is not an object", 400, "invalid_event" },
        { "an event without type", 400, "invalid_event" },
        { "an event without timestamp", 400, "invalid_event" },
        { "a type that is a string", 400, "invalid_event" },
        { "a fractional type", 400, "invalid_event" },
        { "a timestamp that is a string", 400, "invalid_event" },
        { "more events than a batch may hold", 413, "too_many_events" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_record_requests_get_a_JSON_error_and_leave_the_stored_batch_untouched(string @case, int status, string error)
    {
        var http = factory.CreateClient();
        var stored = await StoreKeptBatchAsync(http);
        var before = await ReplayFiguresAsync();

        using var reply = await SendAsync(http, @case);

        Assert.Equal(status, (int)reply.StatusCode);
        Assert.StartsWith("application/json", reply.Content.Headers.ContentType?.ToString());
        var body = await reply.ErrorAsync();
        Assert.Equal(error, (string?)body["error"]);
        Assert.Equal(status, (int?)body["code"]);
        Assert.Equal("error", (string?)body["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));

        Assert.Equal(stored, await StoredBytesAsync());
        Assert.Equal(before, await ReplayFiguresAsync());
        Assert.Equal(1, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays"));
    }

    [Theory]
    [InlineData("[{\"type\":4,\"data\":{},\"timestamp\":1700000000000},{\"data\":{},\"timestamp\":1}]", "Event 1", "\"type\"")]
    [InlineData("[{\"type\":4,\"timestamp\":1700000000000},{\"type\":2,\"timestamp\":1},{\"type\":3}]", "Event 2", "\"timestamp\"")]
    [InlineData("[{\"type\":\"4\",\"timestamp\":1700000000000}]", "Event 0", "\"type\"")]
    public async Task An_invalid_event_is_named_by_its_index_and_field(string batch, string index, string field)
    {
        using var reply = await factory.CreateClient().RecordAsync("named-errors", 0, batch);

        var message = (string?)(await reply.ErrorAsync())["message"];
        Assert.Contains(index, message);
        Assert.Contains(field, message);
    }

    private async Task<byte[]> StoreKeptBatchAsync(HttpClient http)
    {
        using var reply = await http.RecordAsync(Kept, 0, KeptBatch);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return await StoredBytesAsync();
    }

    private Task<byte[]> StoredBytesAsync() => factory.StoredChunkAsync(Kept, 0);

    private Task<string> ReplayFiguresAsync() => factory.QuerySingleAsync<string>("""
        SELECT started_at || ' ' || last_event_at || ' ' || event_count || ' ' || click_count || ' ' || bytes || ' ' || chunk_count || ' ' || urls
        FROM replays WHERE replay_id = @Kept
        """, new { Kept });

    /// <summary>Each case aims at the stored replay and seq wherever the request gets that far.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string @case)
    {
        const string url = $"/record/?replay_id={Kept}&seq=0";
        var good = Sdk.Gzip(KeptBatch.Replace("https://shop.example/", "https://evil.example/"));
        return @case switch
        {
            "no Authorization header" => http.RecordRawAsync(url + "&format=gzip", good, token: null),
            "a Bearer token" => http.RecordRawAsync(url + "&format=gzip", good, token: null,
                adjust: r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + HindsightFactory.Token)),
            "Basic credentials that are not base64" => http.RecordRawAsync(url + "&format=gzip", good, token: null,
                adjust: r => r.Headers.TryAddWithoutValidation("Authorization", "Basic %%%not-base64%%%")),
            "an empty token" => http.RecordRawAsync(url + "&format=gzip", good, token: ""),
            "a token no project has" => http.RecordRawAsync(url + "&format=gzip", good, token: "ffffffffffffffffffffffffffffffff"),
            "no replay_id" => http.RecordRawAsync("/record/?seq=0&format=gzip", good),
            "a replay_id with a slash" => http.RecordRawAsync("/record/?replay_id=a%2Fb&seq=0&format=gzip", good),
            "a replay_id of two dots" => http.RecordRawAsync("/record/?replay_id=..&seq=0&format=gzip", good),
            "a replay_id of 129 characters" => http.RecordRawAsync($"/record/?replay_id={new string('r', 129)}&seq=0&format=gzip", good),
            "no seq" => http.RecordRawAsync($"/record/?replay_id={Kept}&format=gzip", good),
            "a negative seq" => http.RecordRawAsync($"/record/?replay_id={Kept}&seq=-1&format=gzip", good),
            "a fractional seq" => http.RecordRawAsync($"/record/?replay_id={Kept}&seq=0.5&format=gzip", good),
            "a seq past one million" => http.RecordRawAsync($"/record/?replay_id={Kept}&seq=1000001&format=gzip", good),
            "an unknown format" => http.RecordRawAsync(url + "&format=zip", good),
            "malformed gzip" => http.RecordRawAsync(url + "&format=gzip", [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03, 0x04]),
            "format=gzip with a plain body" => http.RecordRawAsync(url + "&format=gzip", Encoding.UTF8.GetBytes(KeptBatch)),
            "gzip that inflates past the limit" => http.RecordRawAsync(url + "&format=gzip", GzipBomb(SmallLimitsFactory.MaxInflated + 1)),
            "a body over the size limit" => http.RecordRawAsync(url + "&format=gzip", Incompressible(SmallLimitsFactory.MaxBody + 1)),
            "a plain body over the size limit" => http.RecordRawAsync(url + "&format=body", Encoding.UTF8.GetBytes(
                Rrweb.Batch(Enumerable.Range(0, 400).Select(i => Rrweb.Input(Rrweb.T0 + i, new string('x', 40))).ToArray()))),
            "a body that is not JSON" => http.RecordRawAsync(url + "&format=body", "this is not json"u8.ToArray()),
            "truncated JSON" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip(KeptBatch[..(KeptBatch.Length / 2)])),
            "JSON after the array" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip(KeptBatch + " []")),
            "an empty body" => http.RecordRawAsync(url + "&format=body", []),
            "a JSON object instead of an array" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""{"type":4,"timestamp":1700000000000}""")),
            "an empty array" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("[]")),
            "an event that is not an object" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("[1,2,3]")),
            "an event without type" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""[{"data":{},"timestamp":1700000000000}]""")),
            "an event without timestamp" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""[{"type":2,"data":{}}]""")),
            "a type that is a string" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""[{"type":"2","data":{},"timestamp":1700000000000}]""")),
            "a fractional type" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""[{"type":2.5,"data":{},"timestamp":1700000000000}]""")),
            "a timestamp that is a string" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip("""[{"type":2,"data":{},"timestamp":"1700000000000"}]""")),
            "more events than a batch may hold" => http.RecordRawAsync(url + "&format=gzip", Sdk.Gzip(
                Rrweb.Batch(Enumerable.Range(0, SmallLimitsFactory.MaxEvents + 1).Select(i => Rrweb.MouseMove(Rrweb.T0 + i)).ToArray()))),
            _ => throw new ArgumentException($"No request for case '{@case}'."),
        };
    }

    /// <summary>A valid gzip of a JSON array padded with spaces: tiny compressed, large inflated.</summary>
    private static byte[] GzipBomb(int inflatedBytes)
    {
        var json = "[" + new string(' ', inflatedBytes) + "]";
        return Sdk.Gzip(json);
    }

    /// <summary>A gzip stream of random bytes, larger than <paramref name="size"/> once compressed.</summary>
    private static byte[] Incompressible(int size) => Sdk.Gzip(Random.Shared.GetItems("abcdefghijklmnopqrstuvwxyz0123456789"u8.ToArray(), size * 2));
}
