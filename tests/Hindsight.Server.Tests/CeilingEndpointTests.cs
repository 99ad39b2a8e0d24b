using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A server started for benchmarking, with the ceiling endpoint switched on and small body limits.</summary>
public sealed class CeilingFactory : HindsightFactory
{
    public const int MaxBody = 16 * 1024;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Benchmark:CeilingEndpoint"] = "true",
        ["Hindsight:Ingest:MaxRecordBodyBytes"] = MaxBody.ToString(),
    };
}

/// <summary>POST /bench/discard exists only when a benchmark asks for it, and discards what it reads.</summary>
public sealed class CeilingEndpointTests(CeilingFactory factory) : IClassFixture<CeilingFactory>
{
    [Fact]
    public async Task A_server_started_without_the_benchmark_switch_has_no_ceiling_endpoint()
    {
        await using var plain = new HindsightFactory();

        using var reply = await plain.CreateClient().PostAsync("/bench/discard", new ByteArrayContent(new byte[100]));

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task The_ceiling_answers_like_record_and_stores_nothing()
    {
        var batch = Sdk.Gzip(Rrweb.Start(Rrweb.T0, "https://shop.example/"));

        using var reply = await factory.CreateClient().PostAsync("/bench/discard?replay_id=discarded&seq=0&format=gzip", new ByteArrayContent(batch));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["code"]!);
        Assert.Equal("OK", (string?)body["status"]);
        Assert.Empty(await factory.QueryAsync<string>("SELECT replay_id FROM replays"));
    }

    [Fact]
    public async Task The_ceiling_refuses_a_body_over_the_record_limit_with_a_JSON_error()
    {
        using var reply = await factory.CreateClient().PostAsync("/bench/discard", new ByteArrayContent(new byte[CeilingFactory.MaxBody + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        Assert.Equal("body_too_large", (string?)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["error"]);
    }
}
