using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>A replay exported as one rrweb JSON array, and such a file imported as a new replay.</summary>
public sealed class ReplayTransferTests(ReplayTransferTests.Factory factory) : IClassFixture<ReplayTransferTests.Factory>
{
    public sealed class Factory : HindsightFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Hindsight:Ingest:MaxRecordBodyBytes"] = "300000",
            ["Hindsight:Ingest:MaxInflatedBytes"] = "1000000",
        };
    }

    private const long T0 = Rrweb.T0;

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, long projectId, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync($"/api/projects/{projectId}/replays/import", content);
    }

    private static async Task<JsonArray> ExportAsync(HttpClient client, string replayId, long projectId)
    {
        using var reply = await client.GetAsync($"/api/replays/{replayId}/export?project={projectId}");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("attachment", reply.Content.Headers.ContentDisposition?.DispositionType);
        return JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task A_replay_exported_then_imported_gives_back_the_same_events()
    {
        var project = await factory.NewProjectAsync("Transfer");
        var sdk = factory.CreateClient();
        string[] batches =
        [
            Rrweb.Start(T0, "https://shop.example/"),
            Rrweb.Batch(Rrweb.Click(T0 + 1_000), Rrweb.Input(T0 + 1_500, "***")),
            Rrweb.Batch(Rrweb.MouseMove(T0 + 2_000), new { type = 6, timestamp = T0 + 2_100, data = new { plugin = "rrweb/console@1", payload = new { level = "error", payload = new[] { "\"x\"" } } } }),
        ];
        for (var seq = 0; seq < batches.Length; seq++) (await sdk.RecordAsync("original", seq, batches[seq], token: project.Token)).EnsureSuccessStatusCode();
        var admin = await factory.SignedInClientAsync();

        var exported = await ExportAsync(admin, "original", project.Id);
        var recorded = new JsonArray(batches.SelectMany(b => JsonNode.Parse(b)!.AsArray().Select(e => e!.DeepClone())).ToArray());
        Assert.True(JsonNode.DeepEquals(recorded, exported), "the export is every batch's events, in order");

        using var imported = await ImportAsync(admin, project.Id, Encoding.UTF8.GetBytes(exported.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var made = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!;
        var copyId = (string)made["replayId"]!;
        Assert.Equal(recorded.Count, (long)made["eventCount"]!);

        Assert.True(JsonNode.DeepEquals(exported, await ExportAsync(admin, copyId, project.Id)), "the import's export is the same events");
        var detail = await admin.GetJsonAsync($"/api/replays/{copyId}?project={project.Id}");
        Assert.Equal(T0, (long)detail["startedAt"]!);
        Assert.Equal(1, (long)detail["consoleErrorCount"]!);
    }

    [Fact]
    public async Task A_gzip_import_of_many_events_is_stored_in_chunks_of_a_thousand()
    {
        var project = await factory.NewProjectAsync("Transfer many");
        var events = new List<object> { Rrweb.Meta(T0, "https://shop.example/"), Rrweb.FullSnapshot(T0 + 1) };
        for (var i = 0; i < 2_498; i++) events.Add(Rrweb.MouseMove(T0 + 10 + i));
        var admin = await factory.SignedInClientAsync();

        using var imported = await ImportAsync(admin, project.Id, Sdk.Gzip(Rrweb.Batch([.. events])));

        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var made = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!;
        Assert.Equal(3, (long)made["chunkCount"]!);
        Assert.Equal(2_500, (await ExportAsync(admin, (string)made["replayId"]!, project.Id)).Count);
    }

    [Theory]
    [InlineData("{\"type\":4}", 400, "not_an_array")]
    [InlineData("[]", 400, "empty_batch")]
    [InlineData("[{\"type\":4,\"timestamp\":1700000000000,\"data\":{}},{\"type\":3,\"data\":{}}]", 400, "invalid_event")]
    [InlineData("[{\"type\":4,\"timestamp\":1700000000000", 400, "invalid_json")]
    public async Task A_malformed_file_is_refused_with_what_is_wrong_and_stores_nothing(string body, int status, string error)
    {
        var project = await factory.NewProjectAsync("Transfer refused");

        using var reply = await ImportAsync(await factory.SignedInClientAsync(), project.Id, Encoding.UTF8.GetBytes(body));

        Assert.Equal((HttpStatusCode)status, reply.StatusCode);
        var answer = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(error, (string)answer["error"]!);
        if (error == "invalid_event") Assert.StartsWith("Event 1:", (string)answer["message"]!);
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays WHERE project_id = @Id", new { project.Id }));
    }

    [Fact]
    public async Task A_file_too_large_as_sent_or_once_inflated_is_refused()
    {
        var project = await factory.NewProjectAsync("Transfer bounds");
        var admin = await factory.SignedInClientAsync();
        var spaces = "[" + new string(' ', 2_000_000) + "]";

        using var asSent = await ImportAsync(admin, project.Id, Encoding.UTF8.GetBytes(spaces[..400_000]));
        using var inflated = await ImportAsync(admin, project.Id, Sdk.Gzip(spaces));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, asSent.StatusCode);
        Assert.Equal("body_too_large", (string)JsonNode.Parse(await asSent.Content.ReadAsStringAsync())!["error"]!);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inflated.StatusCode);
        Assert.Equal("inflated_too_large", (string)JsonNode.Parse(await inflated.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Only_admins_import_and_every_member_exports()
    {
        var project = await factory.NewProjectAsync("Transfer roles");
        (await factory.CreateClient().RecordAsync("roles", 0, Rrweb.Start(T0, "https://shop.example/"), token: project.Token)).EnsureSuccessStatusCode();
        var architect = await factory.SignedInMemberAsync(project.Id, "architect");
        var viewer = await factory.SignedInMemberAsync(project.Id, "viewer");

        using var refused = await ImportAsync(architect, project.Id, Encoding.UTF8.GetBytes(Rrweb.Start(T0, "https://shop.example/")));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("admin_required", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!);
        Assert.Equal(2, (await ExportAsync(viewer, "roles", project.Id)).Count);
    }
}
