using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hindsight.Server.Tests;

/// <summary>
/// The README's permission matrix, cell by cell: every project-scoped /api endpoint × every role, a
/// member of another project, and no session at all.
/// </summary>
public sealed class PermissionMatrixTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const string ReplayId = "matrix-replay";

    /// <summary>Each endpoint as "METHOD path", {p} the project id and {r} its replay.</summary>
    private static readonly string[] Reads =
    [
        "GET /api/replays?project={p}", "GET /api/replays/{r}?project={p}", "GET /api/replays/{r}/chunks?project={p}",
        "GET /api/replays/{r}/chunks/0?project={p}", "GET /api/replays/{r}/events?project={p}", "GET /api/replays/{r}/export?project={p}",
        "GET /api/projects/{p}/settings", "GET /api/projects/{p}/quota",
        $"GET /api/projects/{{p}}/insights/events?event=Viewed&{AnalyticsRange}",
        $"GET /api/projects/{{p}}/insights/events/replays?event=Viewed&{AnalyticsRange}",
        $"GET /api/projects/{{p}}/funnels?steps={Funnel}&{AnalyticsRange}",
        $"GET /api/projects/{{p}}/funnels/replays?steps={Funnel}&{AnalyticsRange}&step=1&part=dropped",
        $"GET /api/projects/{{p}}/funnels/top-events?steps={Funnel}&{AnalyticsRange}&step=0",
        $"GET /api/projects/{{p}}/funnels/top-events/replays?steps={Funnel}&{AnalyticsRange}&step=0&event=Viewed",
        $"GET /api/projects/{{p}}/heatmaps?url=%2F&{AnalyticsRange}",
        $"GET /api/projects/{{p}}/heatmaps/replays?url=%2F&{AnalyticsRange}&selector=body",
        "GET /api/projects/{p}/people", "GET /api/projects/{p}/people/{u}", "GET /api/projects/{p}/people/{u}/activity",
        "GET /api/projects/{p}/event-definitions", "GET /api/projects/{p}/event-definitions/{e}", "GET /api/projects/{p}/event-definitions/{e}/replays",
    ];

    private const long Monday = 1_772_409_600_000;
    private const string AnalyticsRange = "from=1772409600000&to=1772496000000";
    private const string Funnel = "%5B%7B%22event%22%3A%22Viewed%22%7D%2C%7B%22event%22%3A%22Bought%22%7D%5D";

    /// <summary>Replay links name no project: the replay is looked for in the caller's projects.</summary>
    private static readonly string[] ReadsWithoutProject =
        ["GET /api/replays/{r}", "GET /api/replays/{r}/chunks", "GET /api/replays/{r}/chunks/0", "GET /api/replays/{r}/events", "GET /api/replays/{r}/export"];

    private const string EditSettings = "PUT /api/projects/{p}/settings";
    private const string ChangeCapture = "POST /api/projects/{p}/capture";
    private const string EditRetention = "PUT /api/projects/{p}/retention";
    private const string EditQuota = "PUT /api/projects/{p}/quota";
    private const string ReadAccessLog = "GET /api/projects/{p}/access-log";
    private const string ExportAccessLog = "GET /api/projects/{p}/access-log.csv";
    private const string ReadImportSecret = "GET /api/projects/{p}/import-secret";
    private const string EditDescription = "PUT /api/projects/{p}/event-definitions/{e}";
    private const string ImportReplay = "POST /api/projects/{p}/replays/import";
    private const string PersonId = "matrix-person", EventName = "Matrix event";

    private static readonly string[] Roles = ["admin", "architect", "analyst", "viewer"];

    public static TheoryData<string, string, int, string?> Cells()
    {
        var cells = new TheoryData<string, string, int, string?>();
        foreach (var role in Roles)
        {
            foreach (var read in Reads.Concat(ReadsWithoutProject)) cells.Add(read, role, 200, null);
            cells.Add(EditSettings, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            cells.Add(EditRetention, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            cells.Add(EditQuota, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            cells.Add(ReadAccessLog, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            cells.Add(ExportAccessLog, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            var mayPause = role is "admin" or "architect";
            cells.Add(ChangeCapture, role, mayPause ? 200 : 403, mayPause ? null : "architect_required");
            cells.Add(ReadImportSecret, role, role == "admin" ? 200 : 403, role == "admin" ? null : "admin_required");
            cells.Add(EditDescription, role, mayPause ? 200 : 403, mayPause ? null : "architect_required");
            cells.Add(ImportReplay, role, role == "admin" ? 201 : 403, role == "admin" ? null : "admin_required");
        }
        foreach (var endpoint in Reads.Append(EditSettings).Append(EditRetention).Append(EditQuota).Append(ReadAccessLog).Append(ExportAccessLog).Append(ChangeCapture).Append(ReadImportSecret).Append(EditDescription).Append(ImportReplay))
        {
            cells.Add(endpoint, "outsider", 403, "forbidden");
            cells.Add(endpoint, "anonymous", 401, "unauthorized");
        }
        foreach (var endpoint in ReadsWithoutProject)
        {
            // Another project's replay is not there for them, rather than forbidden: its existence is not told.
            cells.Add(endpoint, "outsider", 404, "replay_not_found");
            cells.Add(endpoint, "anonymous", 401, "unauthorized");
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_may_do_what_the_permission_matrix_says(string endpoint, string who, int status, string? error)
    {
        var project = await factory.NewProjectAsync("Matrix");
        (await factory.CreateClient().RecordAsync(ReplayId, 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"), token: project.Token))
            .EnsureSuccessStatusCode();
        await factory.SeedAsync(project.Id, new SeedEvent("Viewed", "u", Monday), new SeedEvent("Bought", "u", Monday + 1));
        await factory.SeedAsync(project.Id, new SeedEvent(EventName, PersonId, Rrweb.T0));
        var client = who switch
        {
            "anonymous" => factory.CreateClient(),
            "outsider" => await factory.SignedInMemberAsync((await factory.NewProjectAsync("Elsewhere")).Id, "admin"),
            _ => await factory.SignedInMemberAsync(project.Id, who),
        };

        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1].Replace("{p}", project.Id.ToString()).Replace("{r}", ReplayId)
            .Replace("{u}", PersonId).Replace("{e}", Uri.EscapeDataString(EventName)));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (endpoint == EditSettings) request.Content = new StringContent(ProjectFixtures.SettingsBody(new { recordSessionsPercent = 40 }).ToJsonString(), Encoding.UTF8, "application/json");
        if (endpoint == EditDescription) request.Content = JsonContent.Create(new { description = "written" });
        if (endpoint == EditRetention) request.Content = JsonContent.Create(new { retentionDays = 14 });
        if (endpoint == EditQuota) request.Content = JsonContent.Create(new { monthlyReplayCap = 10 });
        if (method == "POST") request.Content = JsonContent.Create(new { status = "paused" });
        if (endpoint == ImportReplay) request.Content = new StringContent(Rrweb.Start(Rrweb.T0, "https://shop.example/"), Encoding.UTF8, "application/json");
        using var reply = await client.SendAsync(request);

        Assert.Equal((HttpStatusCode)status, reply.StatusCode);
        if (error is not null) Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
        // The import secret is in no refusal.
        if (endpoint == ReadImportSecret && status != 200)
            Assert.DoesNotContain((await factory.Get<Hindsight.Server.Projects.ImportSecrets>().ReadAsync(project.Id, CancellationToken.None))!,
                await reply.Content.ReadAsStringAsync());
        // A refused change changed nothing.
        if (status != 200 && method != "GET") Assert.Empty(await factory.SdkConfigAsync(project.Token));
        if (status != 200 && endpoint == EditRetention)
            Assert.Equal(30, await factory.QuerySingleAsync<int>("SELECT retention_days FROM projects WHERE id = @Id", new { project.Id }));
        if (status != 200 && endpoint == EditQuota)
            Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM project_quotas WHERE project_id = @Id", new { project.Id }));
        if (status != 200 && endpoint == EditDescription)
            Assert.Empty(await factory.QueryAsync<string>("SELECT name FROM event_definitions WHERE project_id = @Id", new { project.Id }));
    }

    [Fact]
    public void Every_project_scoped_api_endpoint_is_in_the_matrix()
    {
        var inMatrix = Reads.Concat(ReadsWithoutProject).Append(EditSettings).Append(EditRetention).Append(EditQuota).Append(ReadAccessLog).Append(ExportAccessLog).Append(ChangeCapture).Append(ReadImportSecret).Append(EditDescription).Append(ImportReplay)
            .Select(e => e.Split('?')[0].Replace("{p}", "{id}").Replace("{r}", "{replayId}").Replace("/0", "/{seq}")
                .Replace("{u}", "{distinctId}").Replace("{e}", "{name}")).ToHashSet();
        // Signing in and out and the caller's own account are for anyone, signed in or about to be.
        string[] forAnyone = ["POST /api/auth/login", "POST /api/auth/logout", "GET /api/auth/me"];

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();

        // A live stream stays open while its replay records, so a cell could not read it to its end: its
        // ReadReplays policy is the replays group's, and LiveStreamTests checks it (signed out, not a member, viewer).
        string[] streams = ["GET /api/replays/{replayId}/live"];

        Assert.Empty(mapped.Except(inMatrix).Except(forAnyone).Except(streams).Order());
    }
}
