using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>GET/PUT /api/projects/{id}/settings and POST /api/projects/{id}/capture: reading, validation, roles.</summary>
public sealed class ProjectSettingsApiTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task A_new_project_has_nothing_set_records_by_sampling_and_captures()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();

        var settings = await admin.GetJsonAsync($"/api/projects/{project.Id}/settings");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"recordSessionsPercent":null,"recordIdleTimeoutMs":null,"recordMinMs":null,"recordMaxMs":null,
             "recordHeatmapData":null,"recordManually":false,"captureStatus":"active","retentionDays":30,"canEdit":true,"canChangeCapture":true,"canReadImportSecret":true,"snippet":null}
            """), settings), settings.ToJsonString());
    }

    [Fact]
    public async Task An_admin_saves_settings_and_reads_them_back()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        var body = ProjectFixtures.SettingsBody(new
        {
            recordSessionsPercent = 2.5, recordIdleTimeoutMs = 450_000, recordMinMs = 0, recordMaxMs = 86_400_000,
            recordHeatmapData = false, recordManually = true,
        });

        using var reply = await admin.PutSettingsAsync(project.Id, body);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var saved = await admin.GetJsonAsync($"/api/projects/{project.Id}/settings");
        foreach (var (key, value) in body) Assert.True(JsonNode.DeepEquals(value, saved[key]), $"{key}: {saved[key]?.ToJsonString()}");
        Assert.Equal(saved.ToJsonString(), JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.ToJsonString());
    }

    [Fact]
    public async Task The_settings_carry_the_install_snippet_filled_in_for_the_project_once_the_SDK_is_built()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        Directory.CreateDirectory(Path.Combine(factory.WebRootPath, "sdk"));
        await File.WriteAllTextAsync(Path.Combine(factory.WebRootPath, "sdk", "snippet.html"), "<script>init('{{TOKEN}}', '{{API_HOST}}')</script>");
        try
        {
            var settings = await admin.GetJsonAsync($"/api/projects/{project.Id}/settings");
            Assert.Equal($"<script>init('{project.Token}', 'http://localhost')</script>", (string?)settings["snippet"]);
        }
        finally
        {
            File.Delete(Path.Combine(factory.WebRootPath, "sdk", "snippet.html"));
        }
    }

    [Fact]
    public async Task Saving_settings_keeps_the_capture_status_and_the_settings_of_other_features()
    {
        var project = await factory.NewProjectAsync();
        await factory.QueryAsync<int>("UPDATE projects SET settings = json_set(settings, '$.otherFeature', 90) WHERE id = @Id", new { project.Id });
        var admin = await factory.SignedInClientAsync();
        (await admin.SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();

        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(new { recordSessionsPercent = 10 }))).EnsureSuccessStatusCode();

        Assert.Equal("paused", (string?)(await admin.GetJsonAsync($"/api/projects/{project.Id}/settings"))["captureStatus"]);
        var stored = JsonNode.Parse(await factory.QuerySingleAsync<string>("SELECT settings FROM projects WHERE id = @Id", new { project.Id }))!;
        Assert.Equal(90, (int)stored["otherFeature"]!);
    }

    [Fact]
    public async Task The_body_of_a_GET_can_be_edited_and_sent_back_its_read_only_fields_ignored()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        var settings = (await admin.GetJsonAsync($"/api/projects/{project.Id}/settings")).AsObject();
        settings["recordMinMs"] = 3000;
        settings["captureStatus"] = "paused";

        using var reply = await admin.PutSettingsAsync(project.Id, settings);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var saved = await admin.GetJsonAsync($"/api/projects/{project.Id}/settings");
        Assert.Equal(3000, (int)saved["recordMinMs"]!);
        Assert.Equal("active", (string?)saved["captureStatus"]);
    }

    public static TheoryData<string, string, string, string?> InvalidBodies => new()
    {
        { "a percent over 100", """{"recordSessionsPercent":100.5}""", "invalid_setting", "recordSessionsPercent" },
        { "a negative percent", """{"recordSessionsPercent":-1}""", "invalid_setting", "recordSessionsPercent" },
        { "a percent as text", """{"recordSessionsPercent":"50"}""", "invalid_setting", "recordSessionsPercent" },
        { "an idle timeout under a second", """{"recordIdleTimeoutMs":999}""", "invalid_setting", "recordIdleTimeoutMs" },
        { "an idle timeout over 24 hours", """{"recordIdleTimeoutMs":86400001}""", "invalid_setting", "recordIdleTimeoutMs" },
        { "a fractional idle timeout", """{"recordIdleTimeoutMs":60000.5}""", "invalid_setting", "recordIdleTimeoutMs" },
        { "a minimum over 8 seconds", """{"recordMinMs":8001}""", "invalid_setting", "recordMinMs" },
        { "a negative minimum", """{"recordMinMs":-1}""", "invalid_setting", "recordMinMs" },
        { "a maximum under a second", """{"recordMaxMs":500}""", "invalid_setting", "recordMaxMs" },
        { "a maximum over 24 hours", """{"recordMaxMs":86400001}""", "invalid_setting", "recordMaxMs" },
        { "a minimum longer than the maximum", """{"recordMinMs":5000,"recordMaxMs":2000}""", "invalid_setting", "recordMinMs" },
        { "heatmap data as a number", """{"recordHeatmapData":1}""", "invalid_setting", "recordHeatmapData" },
        { "manual mode left null", """{"recordManually":null}""", "invalid_setting", "recordManually" },
        { "a setting by its SDK name", """{"record_sessions_percent":50}""", "unknown_field", "record_sessions_percent" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_setting_is_refused_with_a_precise_error_and_nothing_changes(string @case, string values, string error, string? field)
    {
        var project = await factory.NewProjectAsync(@case);
        var admin = await factory.SignedInClientAsync();
        var before = await factory.QuerySingleAsync<string>("SELECT settings FROM projects WHERE id = @Id", new { project.Id });

        using var reply = await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(JsonNode.Parse(values)));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var body = await reply.ErrorAsync();
        Assert.Equal(error, (string?)body["error"]);
        Assert.Equal(field, (string?)body["field"]);
        Assert.Contains(field!, (string?)body["message"]);
        Assert.Equal(before, await factory.QuerySingleAsync<string>("SELECT settings FROM projects WHERE id = @Id", new { project.Id }));
    }

    [Theory]
    [InlineData("not json", "invalid_json")]
    [InlineData("[]", "not_an_object")]
    [InlineData("""{"recordSessionsPercent":50}""", "missing_field")]
    public async Task A_malformed_or_incomplete_body_is_refused(string body, string error)
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();

        using var reply = await admin.PutAsync($"/api/projects/{project.Id}/settings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        var body = ProjectFixtures.SettingsBody();
        body["padding"] = new string(' ', ReplaySettingsRequest.MaxBodyBytes);

        using var reply = await admin.PutSettingsAsync(project.Id, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        Assert.Equal("body_too_large", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Theory]
    [InlineData("""{"status":"stopped"}""")]
    [InlineData("""{"state":"paused"}""")]
    [InlineData("""{"status":true}""")]
    [InlineData("paused")]
    public async Task A_capture_change_needs_paused_or_active(string body)
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();

        using var reply = await admin.PostAsync($"/api/projects/{project.Id}/capture", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("invalid_status", (string?)(await reply.ErrorAsync())["error"]);
        Assert.Equal("active", (string?)(await admin.GetJsonAsync($"/api/projects/{project.Id}/settings"))["captureStatus"]);
    }

    [Fact]
    public async Task An_architect_reads_the_settings_and_may_pause_capture_but_not_edit_them()
    {
        var project = await factory.NewProjectAsync();
        var architect = await factory.SignedInMemberAsync(project.Id, "architect");

        var settings = await architect.GetJsonAsync($"/api/projects/{project.Id}/settings");
        using var pause = await architect.SetCaptureAsync(project.Id, "paused");

        Assert.False((bool)settings["canEdit"]!);
        Assert.True((bool)settings["canChangeCapture"]!);
        pause.EnsureSuccessStatusCode();
        Assert.Equal("paused", (string?)(await factory.SdkConfigAsync(project.Token))["capture_status"]);
    }

    [Fact]
    public async Task Someone_outside_the_project_can_neither_read_nor_change_its_settings()
    {
        var project = await factory.NewProjectAsync();
        var elsewhere = await factory.NewProjectAsync("Elsewhere");
        var outsider = await factory.SignedInMemberAsync(elsewhere.Id, "admin");

        using var get = await outsider.GetAsync($"/api/projects/{project.Id}/settings");
        using var pause = await outsider.SetCaptureAsync(project.Id, "paused");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal("forbidden", (string?)(await get.ErrorAsync())["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Empty(await factory.SdkConfigAsync(project.Token));
    }

    [Theory]
    [InlineData("999999", HttpStatusCode.NotFound, "project_not_found")]
    [InlineData("abc", HttpStatusCode.BadRequest, "invalid_project")]
    public async Task An_unknown_or_malformed_project_id_is_answered_precisely(string id, HttpStatusCode status, string error)
    {
        var admin = await factory.SignedInClientAsync();

        using var reply = await admin.GetAsync($"/api/projects/{id}/settings");

        Assert.Equal(status, reply.StatusCode);
        Assert.Equal(error, (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task Me_tells_each_projects_capture_status_and_manual_mode()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(new { recordManually = true }))).EnsureSuccessStatusCode();
        (await admin.SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();

        var me = await admin.GetJsonAsync("/api/auth/me");

        var info = me["projects"]!.AsArray().Single(p => (long)p!["id"]! == project.Id)!;
        Assert.Equal("paused", (string?)info["captureStatus"]);
        Assert.True((bool)info["recordManually"]!);
        var other = me["projects"]!.AsArray().First(p => (string?)p!["token"] == HindsightFactory.Token)!;
        Assert.Equal("active", (string?)other["captureStatus"]);
        Assert.False((bool)other["recordManually"]!);
    }
}
