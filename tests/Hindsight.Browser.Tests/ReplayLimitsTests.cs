using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>record_idle_timeout_ms, record_max_ms and record_min_ms, with limits short enough to watch.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class ReplayLimitsTests(BrowserSuite suite)
{
    const string Body = "<h1>Limits</h1><button id=\"go\">Go</button><input id=\"note\">";
    const string ReplayIdScript = "() => hindsight.get_session_recording_properties().$mp_replay_id || null";

    [Fact]
    public async Task Inactivity_past_the_idle_timeout_then_activity_gives_two_replays()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["record_idle_timeout_ms"] = 2000 });
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var first = (await SdkSite.ReadyAsync(site))!;
        await site.Locator("#go").ClickAsync();
        // Idle: the replay ends and events no longer claim it.
        await site.WaitForFunctionAsync("() => !hindsight.get_session_recording_properties().$mp_replay_id", null, new() { Timeout = 10_000 });
        await site.Mouse.MoveAsync(50, 50);
        await site.Mouse.MoveAsync(300, 200, new() { Steps = 5 });
        await site.Locator("#go").ClickAsync();
        var second = await site.EvaluateAsync<string?>(ReplayIdScript);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(second!, 1); // the new replay's snapshot batch has gone
        await site.CloseAsync(new() { RunBeforeUnload = true });

        await api.WaitForChunksAsync(first, chunks => chunks.Count >= 1);
        await api.WaitForChunksAsync(second!, chunks => chunks.Count >= 1);
    }

    [Fact]
    public async Task A_replay_that_reaches_the_maximum_length_ends_and_a_new_one_begins()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["record_max_ms"] = 3000 });
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var first = (await SdkSite.ReadyAsync(site))!;
        // Busy the whole time: it is the length, not inactivity, that ends the replay.
        string? second = null;
        for (var i = 0; i < 40 && second is null; i++)
        {
            await site.Mouse.MoveAsync(100 + i * 5, 100 + i * 3);
            // Pacing, not a wait for something: the subject is activity spread over the replay's 3 s limit.
            await site.WaitForTimeoutAsync(150);
            var current = await site.EvaluateAsync<string?>(ReplayIdScript);
            if (current is not null && current != first) second = current;
        }
        Assert.NotNull(second);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(second, 1); // the new replay's snapshot batch has gone
        await site.CloseAsync(new() { RunBeforeUnload = true });

        var firstReplay = await api.WaitForChunksAsync(first, chunks => chunks.Count >= 1);
        Assert.InRange((long)firstReplay["durationMs"]!, 0, 3000);
        await api.WaitForChunksAsync(second!, chunks => chunks.Count >= 1);
    }

    [Fact]
    public async Task A_visit_shorter_than_record_min_ms_sends_nothing_and_a_longer_one_is_sent_once_it_is_long_enough()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body,
            new JsonObject { ["record_sessions_percent"] = 100, ["record_min_ms"] = 6000 });
        await using var visitor = await suite.NewContextAsync();

        var shortVisit = await visitor.NewPageAsync();
        var shortRequests = SdkSite.WatchRecordRequests(shortVisit);
        await shortVisit.GotoAsync(url);
        Assert.NotNull(await SdkSite.ReadyAsync(shortVisit));
        await shortVisit.Locator("#note").PressSequentiallyAsync("brief", new() { Delay = 50 });
        // The visit's length is the subject (about 2 s, under record_min_ms): it cannot be a condition.
        await shortVisit.WaitForTimeoutAsync(2000);
        await shortVisit.CloseAsync(new() { RunBeforeUnload = true });

        var longVisit = await visitor.NewPageAsync();
        var longRequests = SdkSite.WatchRecordRequests(longVisit);
        await longVisit.GotoAsync(url);
        Assert.NotNull(await SdkSite.ReadyAsync(longVisit));
        // Pacing, as below: the subject is activity spread over more or less than record_min_ms.
        for (var i = 0; i < 16; i++)
        {
            await longVisit.Mouse.MoveAsync(100 + i * 10, 100);
            await longVisit.WaitForTimeoutAsync(250);
        }
        Assert.Empty(longRequests); // 4 s in: held back
        for (var i = 0; i < 50 && longRequests.Count == 0; i++)
        {
            await longVisit.Mouse.MoveAsync(300 + i * 5, 200);
            await longVisit.WaitForTimeoutAsync(250);
        }
        Assert.NotEmpty(longRequests); // past 6 s of activity it goes out
        Assert.Empty(shortRequests); // the short visit never sent anything, even at page hide
    }
}
