using System.Net;
using System.Net.Http.Json;
using Hindsight.Server.Retention;
using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hindsight.Server.Tests;

/// <summary>A server whose clock the test moves forward, a day at a time if it likes.</summary>
public sealed class MovableClockFactory(string? root = null) : HindsightFactory(root)
{
    public MovableClock Clock { get; } = new();

    /// <summary>One replay per sweep transaction, so a sweep has several to do; the background sweep out of the way.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Retention:BatchSize"] = "1",
        ["Hindsight:Retention:SweepInterval"] = "1.00:00:00",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public sealed class MovableClock : TimeProvider
    {
        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Ahead;
    }
}

/// <summary>
/// Retention (Retention/): a project keeps replays 7 to 365 days from their ingestion; the sweep deletes
/// older ones — rows, chunk rows and their bytes on disk — and only those, one process at a time. (A sweep
/// killed halfway: tests/Hindsight.Browser.Tests/RetentionKillTests.cs, on a real server process.)
/// </summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Expired_replays_leave_the_feed_the_api_and_the_disk_and_younger_ones_stay()
    {
        await using var factory = new MovableClockFactory();
        var admin = await factory.SignedInClientAsync();
        var projectId = await factory.DefaultProjectIdAsync();
        using (var set = await admin.PutAsJsonAsync($"/api/projects/{projectId}/retention", new { retentionDays = 7 }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var settings = await admin.GetJsonAsync($"/api/projects/{projectId}/settings");
        Assert.Equal(7, (int)settings["retentionDays"]!);

        await RecordAsync(factory, "kept-too-long");
        var oldLocator = await factory.LocatorAsync("kept-too-long", 0);
        factory.Clock.Ahead = 4 * Day;
        await RecordAsync(factory, "still-young");
        var youngBytes = await factory.StoredChunkAsync("still-young", 0);

        // The feed says when each goes: ingestion plus the 7 days.
        var feed = await admin.FeedAsync(factory);
        var createdAt = await factory.QuerySingleAsync<long>("SELECT created_at FROM replays WHERE replay_id = 'kept-too-long'");
        Assert.Equal(createdAt + (long)(7 * Day).TotalMilliseconds,
            (long)feed.Single(r => (string?)r!["replayId"] == "kept-too-long")!["expiresAt"]!);

        factory.Clock.Ahead = 8 * Day;
        Assert.Equal(1, await factory.Get<RetentionSweep>().SweepAsync(CancellationToken.None));
        await factory.Get<BlobFreeDrain>().FreeDueAsync(factory.Clock.GetUtcNow() + Day, CancellationToken.None);

        Assert.Equal(["still-young"], (await admin.FeedAsync(factory)).Select(r => (string)r!["replayId"]!));
        using (var gone = await admin.GetAsync($"/api/replays/kept-too-long?project={projectId}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await factory.QueryAsync<long>("SELECT seq FROM replay_chunks WHERE replay_id = 'kept-too-long'"));
        Assert.All((await factory.BlobAsync(oldLocator))!, b => Assert.Equal(0, b));
        Assert.Equal(youngBytes, await factory.StoredChunkAsync("still-young", 0));
    }

    [Fact]
    public async Task While_another_process_holds_the_sweep_none_runs_here_and_once_its_holder_died_this_one_takes_over()
    {
        await using var factory = new MovableClockFactory();
        string[] replays = ["expired-1", "expired-2", "expired-3"];
        foreach (var id in replays) await RecordAsync(factory, id);
        factory.Clock.Ahead = 31 * Day; // past the default 30 days

        // Another process holds the sweep: this one does nothing until its lease runs out.
        var lease = factory.Get<JobLease>();
        await factory.QueryAsync<long>(
            "INSERT INTO job_leases (name, holder, expires_at) VALUES (@job, 'another process', @until) RETURNING 0",
            new { job = RetentionSweep.Job, until = (factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds() });
        Assert.Null(await factory.Get<RetentionSweep>().SweepAsync(CancellationToken.None));
        Assert.Equal(3, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays"));

        // That process died (its lease runs out without a release): the next sweep here takes over.
        factory.Clock.Ahead += TimeSpan.FromMinutes(2);
        Assert.Equal(3, await factory.Get<RetentionSweep>().SweepAsync(CancellationToken.None));
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM replays"));
        Assert.Equal(0, await factory.QuerySingleAsync<long>("SELECT COUNT(*) FROM job_leases"));
        Assert.NotEqual("another process", lease.Holder);
    }

    [Theory]
    [InlineData("{\"retentionDays\": 6}")]
    [InlineData("{\"retentionDays\": 366}")]
    [InlineData("{\"retentionDays\": 7.5}")]
    [InlineData("{\"retentionDays\": \"30\"}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task A_retention_out_of_range_or_malformed_is_refused_and_changes_nothing(string body)
    {
        await using var factory = new MovableClockFactory();
        var admin = await factory.SignedInClientAsync();
        var projectId = await factory.DefaultProjectIdAsync();

        using var reply = await admin.PutAsync($"/api/projects/{projectId}/retention",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var error = await reply.ErrorAsync();
        Assert.Equal("invalid_retention_days", (string?)error["error"]);
        Assert.Equal("retentionDays", (string?)error["field"]);
        Assert.Equal(RetentionPolicy.DefaultDays, await factory.QuerySingleAsync<int>("SELECT retention_days FROM projects WHERE id = @projectId", new { projectId }));
    }

    private static async Task RecordAsync(HindsightFactory factory, string replayId)
    {
        using var reply = await factory.CreateClient().RecordAsync(replayId, 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"));
        reply.EnsureSuccessStatusCode();
    }
}
