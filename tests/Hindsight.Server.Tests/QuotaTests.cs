using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// Quotas (Quotas/): a project at its monthly cap or past its trial refuses new replays with
/// quota_exceeded, finishes the ones under way, tracks events, and tells the SDK through /settings.
/// </summary>
public sealed class QuotaTests
{
    private static readonly string FirstBatch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 100));
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task At_its_monthly_cap_a_project_refuses_a_new_replay_and_keeps_accepting_the_one_under_way()
    {
        await using var factory = new MovableClockFactory();
        var (project, admin) = await ProjectWithQuotaAsync(factory, new { monthlyReplayCap = 2 });
        var http = factory.CreateClient();
        (await http.RecordAsync("first", 0, FirstBatch, token: project.Token)).EnsureSuccessStatusCode();
        Assert.False((bool?)(await factory.SdkConfigAsync(project.Token))["quota_exceeded"] ?? false);
        (await http.RecordAsync("second", 0, FirstBatch, token: project.Token)).EnsureSuccessStatusCode();

        using var refused = await http.RecordAsync("third", 0, FirstBatch, token: project.Token);
        using var underWay = await http.RecordAsync("second", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 5_000)), token: project.Token);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = await refused.ErrorAsync();
        Assert.Equal("quota_exceeded", (string?)error["error"]);
        Assert.Contains("2 replays for this month", (string?)error["message"]);
        Assert.Equal(HttpStatusCode.OK, underWay.StatusCode);
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays WHERE replay_id = 'third'"));
        // mixpanel-browser knows no quota: it sees a sampling rate of 0; our SDK sees paused capture too.
        var config = await factory.SdkConfigAsync(project.Token);
        Assert.Equal(0, (double)config["record_sessions_percent"]!);
        Assert.Equal("paused", (string?)config["capture_status"]);
        Assert.True((bool?)config["quota_exceeded"]);
        var usage = await admin.GetJsonAsync($"/api/projects/{project.Id}/quota");
        Assert.Equal(2, (long)usage["monthReplays"]!);
        Assert.Equal("monthly_cap", (string?)usage["blocked"]);

        // A new month counts from zero again.
        var now = factory.Clock.GetUtcNow();
        factory.Clock.Ahead += new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1) - now + TimeSpan.FromHours(1);
        Assert.Equal(HttpStatusCode.OK, (await http.RecordAsync("next-month", 0, FirstBatch, token: project.Token)).StatusCode);
    }

    [Fact]
    public async Task A_tab_session_counts_once_however_many_replays_it_starts_and_events_are_still_tracked()
    {
        await using var factory = new MovableClockFactory();
        var (project, _) = await ProjectWithQuotaAsync(factory, new { monthlyReplayCap = 1 });
        var http = factory.CreateClient();
        (await http.RecordAsync("tab-a-1", 0, FirstBatch, "&tab_id=tab-a", project.Token)).EnsureSuccessStatusCode();

        // start_session_recording() again in the same tab: a new replay, but not a new count.
        using var sameTab = await http.RecordAsync("tab-a-2", 0, FirstBatch, "&tab_id=tab-a", project.Token);
        using var otherTab = await http.RecordAsync("tab-b-1", 0, FirstBatch, "&tab_id=tab-b", project.Token);
        using var noTab = await http.RecordAsync("mixpanel-replay", 0, FirstBatch, token: project.Token);

        Assert.Equal(HttpStatusCode.OK, sameTab.StatusCode);
        Assert.Equal("quota_exceeded", (string?)(await otherTab.ErrorAsync())["error"]);
        Assert.Equal("quota_exceeded", (string?)(await noTab.ErrorAsync())["error"]);
        Assert.Equal(1, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replay_usage WHERE project_id = @Id", new { project.Id }));

        var data = JsonSerializer.Serialize(new[]
        {
            new { @event = "Over quota but tracked", properties = new Dictionary<string, object>
            {
                ["token"] = project.Token, ["distinct_id"] = "capped-visitor", ["time"] = 1_700_000_000.5, ["$insert_id"] = "capped-1",
            } },
        });
        using var tracked = await http.PostAsync("/track/?verbose=1", Sdk.Form(Convert.ToBase64String(Encoding.UTF8.GetBytes(data))));
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal(1, await factory.QueryAnalyticsSingleAsync<long>(
            "SELECT COUNT(*) FROM events WHERE project_id = $Id AND name = 'Over quota but tracked'", new { project.Id }));
    }

    [Fact]
    public async Task A_trial_ends_at_its_days_or_its_replays_whichever_comes_first()
    {
        await using var factory = new MovableClockFactory();
        var http = factory.CreateClient();

        // Heap's trial: 14 days or a number of sessions. Here the replays run out first…
        var (byReplays, _) = await ProjectWithQuotaAsync(factory, new { trialDays = 14, trialReplayCap = 1 });
        (await http.RecordAsync("trial-1", 0, FirstBatch, token: byReplays.Token)).EnsureSuccessStatusCode();
        Assert.Equal("quota_exceeded", (string?)(await (await http.RecordAsync("trial-2", 0, FirstBatch, token: byReplays.Token)).ErrorAsync())["error"]);

        // …and here the days do.
        var (byDays, _) = await ProjectWithQuotaAsync(factory, new { trialDays = 14, trialReplayCap = 10_000 });
        factory.Clock.Ahead = 13 * Day;
        (await http.RecordAsync("day-13", 0, FirstBatch, token: byDays.Token)).EnsureSuccessStatusCode();
        factory.Clock.Ahead = 14 * Day + TimeSpan.FromMinutes(1);
        using var late = await http.RecordAsync("day-14", 0, FirstBatch, token: byDays.Token);
        var error = await late.ErrorAsync();
        Assert.Equal("quota_exceeded", (string?)error["error"]);
        Assert.Contains("14-day trial has ended", (string?)error["message"]);
        var admin = await factory.SignedInClientAsync(); // the first sign-in's session has expired meanwhile
        var usage = await admin.GetJsonAsync($"/api/projects/{byDays.Id}/quota");
        Assert.Equal("trial_days", (string?)usage["blocked"]);
        Assert.Equal(1, (long)usage["trial"]!["replays"]!);

        // An admin who lifts the trial lets replays start again.
        (await admin.PutAsJsonAsync($"/api/projects/{byDays.Id}/quota", new { monthlyReplayCap = (long?)null })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await http.RecordAsync("day-14", 0, FirstBatch, token: byDays.Token)).StatusCode);
    }

    [Fact]
    public async Task A_project_without_a_quota_records_freely_and_says_so()
    {
        await using var factory = new MovableClockFactory();
        var admin = await factory.SignedInClientAsync();
        var project = await factory.NewProjectAsync();
        for (var i = 0; i < 3; i++)
            (await factory.CreateClient().RecordAsync($"free-{i}", 0, FirstBatch, token: project.Token)).EnsureSuccessStatusCode();

        var usage = await admin.GetJsonAsync($"/api/projects/{project.Id}/quota");

        Assert.Null(usage["monthlyReplayCap"]);
        Assert.Null(usage["trial"]);
        Assert.Null(usage["blocked"]);
        Assert.Equal(3, (long)usage["monthReplays"]!);
        Assert.DoesNotContain("quota_exceeded", (await factory.SdkConfigAsync(project.Token)).ToJsonString());
    }

    public static TheoryData<string, string, string?> BadBodies() => new()
    {
        { """{"monthlyReplayCap": 0}""", "invalid_monthly_replay_cap", "monthlyReplayCap" },
        { """{"monthlyReplayCap": 1.5}""", "invalid_monthly_replay_cap", "monthlyReplayCap" },
        { """{"monthlyReplayCap": "100"}""", "invalid_monthly_replay_cap", "monthlyReplayCap" },
        { """{"trialDays": 366}""", "invalid_trial_days", "trialDays" },
        { """{"trialReplayCap": 1000000001}""", "invalid_trial_replay_cap", "trialReplayCap" },
        { """{"restartTrial": "yes"}""", "invalid_restart_trial", "restartTrial" },
        { """{"monthlyCap": 10}""", "unknown_field", "monthlyCap" },
        { """[1]""", "invalid_quota", null },
        { """{"monthlyReplayCap": """, "invalid_json", null },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_quota_is_refused_with_the_field_named_and_the_stored_quota_is_kept(string body, string error, string? field)
    {
        await using var factory = new MovableClockFactory();
        var (project, admin) = await ProjectWithQuotaAsync(factory, new { monthlyReplayCap = 5 });

        using var reply = await admin.PutAsync($"/api/projects/{project.Id}/quota", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var json = await reply.ErrorAsync();
        Assert.Equal(error, (string?)json["error"]);
        Assert.Equal(field, (string?)json["field"]);
        Assert.Equal(5, (long)(await admin.GetJsonAsync($"/api/projects/{project.Id}/quota"))["monthlyReplayCap"]!);
    }

    private static async Task<(Project, HttpClient)> ProjectWithQuotaAsync(MovableClockFactory factory, object quota)
    {
        var admin = await factory.SignedInClientAsync();
        var project = await factory.NewProjectAsync();
        using var set = await admin.PutAsJsonAsync($"/api/projects/{project.Id}/quota", quota);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        return (project, admin);
    }
}
