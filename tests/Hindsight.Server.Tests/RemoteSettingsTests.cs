using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>What GET /settings tells the SDK for each combination of project settings, manual mode and capture status.</summary>
public sealed class RemoteSettingsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    public static TheoryData<string, string, string, string> Combinations => new()
    {
        { "nothing set", "{}", "active", "{}" },
        {
            "every value set",
            """{"recordSessionsPercent":12.5,"recordIdleTimeoutMs":600000,"recordMinMs":2000,"recordMaxMs":3600000,"recordHeatmapData":true}""",
            "active",
            """{"record_sessions_percent":12.5,"record_idle_timeout_ms":600000,"record_min_ms":2000,"record_max_ms":3600000,"record_heatmap_data":true}"""
        },
        { "heatmap data turned off", """{"recordHeatmapData":false}""", "active", """{"record_heatmap_data":false}""" },
        { "manual mode", """{"recordManually":true}""", "active", """{"record_manually":true,"record_sessions_percent":0}""" },
        {
            "manual mode over a sampling rate",
            """{"recordSessionsPercent":50,"recordIdleTimeoutMs":60000,"recordManually":true}""",
            "active",
            """{"record_sessions_percent":0,"record_idle_timeout_ms":60000,"record_manually":true}"""
        },
        { "capture paused", "{}", "paused", """{"capture_status":"paused","record_sessions_percent":0}""" },
        {
            "capture paused over a sampling rate",
            """{"recordSessionsPercent":100,"recordMaxMs":60000}""",
            "paused",
            """{"record_sessions_percent":0,"record_max_ms":60000,"capture_status":"paused"}"""
        },
        {
            "manual mode and capture paused",
            """{"recordSessionsPercent":30,"recordManually":true}""",
            "paused",
            """{"record_sessions_percent":0,"record_manually":true,"capture_status":"paused"}"""
        },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Settings_hold_only_what_an_admin_set_plus_what_manual_mode_and_a_pause_impose(
        string @case, string settings, string captureStatus, string expectedConfig)
    {
        var project = await factory.NewProjectAsync(@case);
        var admin = await factory.SignedInClientAsync();
        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(JsonNode.Parse(settings)))).EnsureSuccessStatusCode();
        (await admin.SetCaptureAsync(project.Id, captureStatus)).EnsureSuccessStatusCode();

        var config = await factory.SdkConfigAsync(project.Token);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedConfig), config), $"{@case}: {config.ToJsonString()}");
    }

    [Fact]
    public async Task A_change_in_the_dashboard_reaches_the_next_settings_request_and_no_cache_keeps_the_old_one()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        Assert.Empty(await factory.SdkConfigAsync(project.Token));

        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(new { recordSessionsPercent = 40 }))).EnsureSuccessStatusCode();
        Assert.Equal(40, (double)(await factory.SdkConfigAsync(project.Token))["record_sessions_percent"]!);
        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody())).EnsureSuccessStatusCode();
        Assert.Empty(await factory.SdkConfigAsync(project.Token));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings");
        request.Headers.Authorization = Sdk.Basic(project.Token);
        using var reply = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.True(reply.Headers.CacheControl?.NoStore, $"Cache-Control: {reply.Headers.CacheControl}");
    }

    [Fact]
    public async Task Resuming_capture_takes_the_pause_out_of_the_settings_and_restores_the_sampling_rate()
    {
        var project = await factory.NewProjectAsync();
        var admin = await factory.SignedInClientAsync();
        (await admin.PutSettingsAsync(project.Id, ProjectFixtures.SettingsBody(new { recordSessionsPercent = 25 }))).EnsureSuccessStatusCode();
        (await admin.SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();

        (await admin.SetCaptureAsync(project.Id, "active")).EnsureSuccessStatusCode();

        Assert.Equal("""{"record_sessions_percent":25}""", (await factory.SdkConfigAsync(project.Token)).ToJsonString());
    }
}
