using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.AccessLog;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// The access log (AccessLog/): who opened which replay and changed what, newest first, filterable, as CSV;
/// what was refused leaves no line.
/// </summary>
public sealed class AccessLogTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Opening_exporting_and_every_change_are_logged_with_who_did_it_newest_first()
    {
        var project = await factory.NewProjectAsync("Audited");
        var admin = await factory.SignedInClientAsync();
        var viewer = await factory.SignedInMemberAsync(project.Id, "viewer");
        (await factory.CreateClient().RecordAsync("audited-replay", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"), token: project.Token))
            .EnsureSuccessStatusCode();
        await factory.SeedAsync(project.Id, new SeedEvent("=HYPERLINK(\"x\")", "u", Rrweb.T0));

        (await viewer.GetAsync($"/api/replays/audited-replay?project={project.Id}")).EnsureSuccessStatusCode();
        (await viewer.GetAsync($"/api/replays/audited-replay/chunks/0?project={project.Id}")).EnsureSuccessStatusCode();
        (await admin.GetAsync($"/api/replays/audited-replay/export?project={project.Id}")).EnsureSuccessStatusCode();
        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(new { recordSessionsPercent = 40 }))).EnsureSuccessStatusCode();
        (await admin.SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/projects/{project.Id}/retention", new { retentionDays = 14 })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/projects/{project.Id}/quota", new { monthlyReplayCap = 500 })).EnsureSuccessStatusCode();
        (await admin.GetAsync($"/api/projects/{project.Id}/import-secret")).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/projects/{project.Id}/event-definitions/{Uri.EscapeDataString("=HYPERLINK(\"x\")")}",
            new { description = "odd" })).EnsureSuccessStatusCode();
        // Refused: the viewer may not change settings, and nothing is logged for it.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SetCaptureAsync(project.Id, "active")).StatusCode);

        var log = await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log");

        var entries = log["entries"]!.AsArray();
        Assert.Equal(
            ["event_definition.described", "import_secret.viewed", "quota.changed", "retention.changed", "capture.paused",
             "settings.changed", "replay.exported", "replay.opened"],
            entries.Select(e => (string)e!["action"]!));
        var opened = entries[^1]!;
        Assert.StartsWith("viewer-", (string)opened["userEmail"]!);
        Assert.Equal("audited-replay", (string?)opened["target"]);
        Assert.Equal(HindsightFactory.AdminEmail, (string?)entries[0]!["userEmail"]);
        Assert.Equal("14 days", (string?)entries[3]!["detail"]);
        Assert.Contains("\"record_sessions_percent\":40", (string?)entries[5]!["detail"]);
        Assert.Null(log["nextBefore"]);

        // Filters and paging.
        var viewerEmail = Uri.EscapeDataString((string)opened["userEmail"]!);
        Assert.Single((await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log?user={viewerEmail}"))["entries"]!.AsArray());
        Assert.Single((await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log?action=capture.paused"))["entries"]!.AsArray());
        var first = await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log?limit=5");
        Assert.Equal(5, first["entries"]!.AsArray().Count);
        var rest = await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log?limit=5&before={(long)first["nextBefore"]!}");
        Assert.Equal(["settings.changed", "replay.exported", "replay.opened"], rest["entries"]!.AsArray().Select(e => (string)e!["action"]!));
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        Assert.Empty((await admin.GetJsonAsync($"/api/projects/{project.Id}/access-log?from={future}&to={future + 1000}"))["entries"]!.AsArray());

        // CSV: every line, a cell a spreadsheet would run as a formula made inert.
        using var csv = await admin.GetAsync($"/api/projects/{project.Id}/access-log.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,user,action,target,detail", lines[0]);
        Assert.Equal(9, lines.Length);
        Assert.Contains($",{HindsightFactory.AdminEmail},event_definition.described,\"'=HYPERLINK(\"\"x\"\")\",", lines[1]);
    }

    [Fact]
    public void A_csv_cell_is_quoted_where_it_must_be_and_never_starts_a_formula()
    {
        Assert.Equal("plain", AccessLogApi.Cell("plain"));
        Assert.Equal("\"a,b\"", AccessLogApi.Cell("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", AccessLogApi.Cell("say \"hi\""));
        Assert.Equal("'+1", AccessLogApi.Cell("+1"));
        Assert.Equal("'@SUM(A1)", AccessLogApi.Cell("@SUM(A1)"));
        Assert.Equal("", AccessLogApi.Cell(null));
    }

    [Fact]
    public void The_dashboard_offers_every_action_the_log_filters_on()
    {
        var types = RepositoryFiles.Read("types/src/index.ts");
        var listed = types[types.IndexOf("export const ACCESS_ACTIONS", StringComparison.Ordinal)..];
        listed = listed[..listed.IndexOf("] as const", StringComparison.Ordinal)];
        Assert.Equal(AccessActions.All.Order(), System.Text.RegularExpressions.Regex.Matches(listed, "'([a-z_.]+)'").Select(m => m.Groups[1].Value).Order());
    }

    [Theory]
    [InlineData("from=abc", "invalid_from", "from")]
    [InlineData("to=1.5", "invalid_to", "to")]
    [InlineData("from=2000&to=1000", "invalid_range", "from")]
    [InlineData("from=0&to=40000000000", "range_too_long", "from")]
    [InlineData("action=replay.deleted", "unknown_action", "action")]
    [InlineData("limit=0", "invalid_limit", "limit")]
    [InlineData("limit=501", "invalid_limit", "limit")]
    [InlineData("before=x", "invalid_before", "before")]
    public async Task A_malformed_query_is_refused_naming_its_field(string query, string error, string field)
    {
        var project = await factory.NewProjectAsync("Audited queries");
        var admin = await factory.SignedInClientAsync();

        using var reply = await admin.GetAsync($"/api/projects/{project.Id}/access-log?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var json = await reply.ErrorAsync();
        Assert.Equal(error, (string?)json["error"]);
        Assert.Equal(field, (string?)json["field"]);
    }
}
