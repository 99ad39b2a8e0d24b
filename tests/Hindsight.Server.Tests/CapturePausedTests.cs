using System.Net;
using System.Text;
using System.Text.Json;
using Hindsight.Server.Projects;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>While capture is paused no new replay starts; replays already under way finish; events are still tracked.</summary>
public sealed class CapturePausedTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private static readonly string FirstBatch = Rrweb.Start(Rrweb.T0, "https://shop.example/", Rrweb.Click(Rrweb.T0 + 100));

    [Fact]
    public async Task A_new_replay_is_refused_with_capture_paused_and_nothing_is_written()
    {
        var project = await PausedProjectAsync();

        using var reply = await factory.CreateClient().RecordAsync("new-while-paused", 0, FirstBatch, token: project.Token);

        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.StartsWith("application/json", reply.Content.Headers.ContentType?.ToString());
        var body = await reply.ErrorAsync();
        Assert.Equal(403, (int?)body["code"]);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal("capture_paused", (string?)body["error"]);
        Assert.Contains("paused", (string?)body["message"]);
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays WHERE project_id = @Id", new { project.Id }));
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replay_chunks WHERE project_id = @Id", new { project.Id }));
        Assert.False(Directory.Exists(Path.Combine(factory.DataPath, "blobs", "replays", project.Id.ToString())));
    }

    [Fact]
    public async Task A_replay_stored_before_the_pause_keeps_being_accepted_so_the_visit_finishes()
    {
        var project = await factory.NewProjectAsync();
        var http = factory.CreateClient();
        (await http.RecordAsync("under-way", 0, FirstBatch, token: project.Token)).EnsureSuccessStatusCode();
        await PauseAsync(project);

        using var next = await http.RecordAsync("under-way", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 5_000)), token: project.Token);
        using var retried = await http.RecordAsync("under-way", 0, FirstBatch, token: project.Token);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, await factory.QuerySingleAsync<long>(
            "SELECT chunk_count FROM replays WHERE project_id = @Id AND replay_id = 'under-way'", new { project.Id }));
    }

    [Fact]
    public async Task A_pause_refuses_the_very_next_new_replay_though_the_project_was_just_looked_up()
    {
        var project = await factory.NewProjectAsync();
        var http = factory.CreateClient();
        // The project is now among those the SDK endpoints keep for a few seconds.
        (await http.RecordAsync("before-pause", 0, FirstBatch, token: project.Token)).EnsureSuccessStatusCode();

        await PauseAsync(project);

        using var reply = await http.RecordAsync("right-after-pause", 0, FirstBatch, token: project.Token);
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.Equal("capture_paused", (string?)(await reply.ErrorAsync())["error"]);
    }

    [Fact]
    public async Task After_resuming_new_replays_are_accepted_again()
    {
        var project = await PausedProjectAsync();
        var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await http.RecordAsync("after-resume", 0, FirstBatch, token: project.Token)).StatusCode);

        (await (await factory.SignedInClientAsync()).SetCaptureAsync(project.Id, "active")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await http.RecordAsync("after-resume", 0, FirstBatch, token: project.Token)).StatusCode);
    }

    [Fact]
    public async Task A_pause_in_one_project_leaves_the_others_recording()
    {
        await PausedProjectAsync();

        using var reply = await factory.CreateClient().RecordAsync("other-project", 0, FirstBatch);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    [Fact]
    public async Task Events_are_still_tracked_while_capture_is_paused()
    {
        var project = await PausedProjectAsync();
        var data = JsonSerializer.Serialize(new[]
        {
            new { @event = "Paused but tracked", properties = new Dictionary<string, object>
            {
                ["token"] = project.Token, ["distinct_id"] = "paused-visitor", ["time"] = 1_700_000_000.5, ["$insert_id"] = "paused-1",
            } },
        });

        using var reply = await factory.CreateClient().PostAsync("/track/?verbose=1",
            Sdk.Form(Convert.ToBase64String(Encoding.UTF8.GetBytes(data))));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(1, await factory.QueryAnalyticsSingleAsync<long>(
            "SELECT COUNT(*) FROM events WHERE project_id = $Id AND name = 'Paused but tracked'", new { project.Id }));
    }

    private async Task<Project> PausedProjectAsync()
    {
        var project = await factory.NewProjectAsync();
        await PauseAsync(project);
        return project;
    }

    private async Task PauseAsync(Project project) =>
        (await (await factory.SignedInClientAsync()).SetCaptureAsync(project.Id, "paused")).EnsureSuccessStatusCode();
}
