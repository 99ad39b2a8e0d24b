using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>POST /record/dropped: the SDK reports batches it had to give up, and the replay shows them.</summary>
public sealed class DroppedDataTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Reports_add_up_per_replay_and_the_feed_and_detail_show_them()
    {
        var http = factory.CreateClient();
        (await http.RecordAsync("lossy", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        using var first = await ReportAsync(http, "/record/dropped/?replay_id=lossy", """{"batches":2,"events":150}""");
        using var second = await ReportAsync(http, "/record/dropped?replay_id=lossy", """{"batches":1,"events":7}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"code":200,"status":"OK"}""", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var admin = await factory.SignedInClientAsync();
        var row = (await admin.FeedAsync(factory, "lossy")).Single()!;
        Assert.Equal(3, (long)row["droppedBatches"]!);
        Assert.Equal(157, (long)row["droppedEvents"]!);
        var detail = await admin.GetJsonAsync("/api/replays/lossy");
        Assert.Equal(3, (long)detail["droppedBatches"]!);
    }

    [Fact]
    public async Task A_report_for_a_replay_with_no_stored_chunk_yet_is_kept_until_the_replay_arrives()
    {
        var http = factory.CreateClient();

        (await ReportAsync(http, "/record/dropped/?replay_id=early-loss", """{"batches":1,"events":40}""")).EnsureSuccessStatusCode();
        (await http.RecordAsync("early-loss", 1, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();

        var row = (await (await factory.SignedInClientAsync()).FeedAsync(factory, "early-loss")).Single()!;
        Assert.Equal(1, (long)row["droppedBatches"]!);
        Assert.Equal(40, (long)row["droppedEvents"]!);
    }

    [Fact]
    public async Task A_replay_that_lost_nothing_shows_zero()
    {
        var http = factory.CreateClient();
        (await http.RecordAsync("whole", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"))).EnsureSuccessStatusCode();
        (await ReportAsync(http, "/record/dropped/?replay_id=whole", """{"batches":0,"events":0}""")).EnsureSuccessStatusCode();

        var row = (await (await factory.SignedInClientAsync()).FeedAsync(factory, "whole")).Single()!;

        Assert.Equal(0, (long)row["droppedBatches"]!);
        Assert.Equal(0, (long)row["droppedEvents"]!);
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replay_drops WHERE replay_id = 'whole'"));
    }

    public static TheoryData<string, string, int, string> BadReports => new()
    {
        { "no replay_id", """{"batches":1,"events":1}""", 400, "missing_replay_id" },
        { "a replay_id with a slash", """{"batches":1,"events":1}""", 400, "invalid_replay_id" },
        { "not JSON", "one batch", 400, "invalid_json" },
        { "an empty body", "", 400, "invalid_json" },
        { "an array", "[1,2]", 400, "not_an_object" },
        { "no batches", """{"events":1}""", 400, "missing_batches" },
        { "no events", """{"batches":1}""", 400, "missing_events" },
        { "negative batches", """{"batches":-1,"events":1}""", 400, "invalid_batches" },
        { "fractional events", """{"batches":1,"events":1.5}""", 400, "invalid_events" },
        { "batches as text", """{"batches":"1","events":1}""", 400, "invalid_batches" },
        { "events over a million", """{"batches":1,"events":1000001}""", 400, "invalid_events" },
        { "a body over 4 KiB", """{"batches":1,"events":1,"pad":"PAD"}""", 413, "body_too_large" },
        { "an unknown token", """{"batches":1,"events":1}""", 401, "unknown_project" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_report_gets_a_precise_JSON_error_and_counts_nothing(string @case, string body, int status, string error)
    {
        var url = @case switch
        {
            "no replay_id" => "/record/dropped/",
            "a replay_id with a slash" => "/record/dropped/?replay_id=a%2Fb",
            _ => "/record/dropped/?replay_id=refused",
        };
        body = body.Replace("PAD", new string('x', DroppedDataEndpoint.MaxBodyBytes));
        var token = @case == "an unknown token" ? "ffffffffffffffffffffffffffffffff" : HindsightFactory.Token;

        using var reply = await ReportAsync(factory.CreateClient(), url, body, token);

        Assert.Equal(status, (int)reply.StatusCode);
        var json = await reply.ErrorAsync();
        Assert.Equal(error, (string?)json["error"]);
        Assert.Equal(status, (int?)json["code"]);
        Assert.Equal("error", (string?)json["status"]);
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replay_drops WHERE replay_id = 'refused'"));
    }

    [Fact]
    public async Task Reports_are_counted_while_capture_is_paused()
    {
        var project = await factory.NewProjectAsync();
        (await (await factory.SignedInClientAsync()).SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();

        using var reply = await ReportAsync(factory.CreateClient(), "/record/dropped/?replay_id=paused-loss", """{"batches":4,"events":9}""", project.Token);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(4, await factory.QuerySingleAsync<long>(
            "SELECT batches FROM replay_drops WHERE project_id = @Id AND replay_id = 'paused-loss'", new { project.Id }));
    }

    /// <summary>As the SDK sends it: fetch with Basic auth and a JSON body.</summary>
    private static async Task<HttpResponseMessage> ReportAsync(HttpClient http, string url, string body, string token = HindsightFactory.Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Sdk.Basic(token);
        request.Headers.Add("Origin", "https://shop.example");
        return await http.SendAsync(request);
    }
}
