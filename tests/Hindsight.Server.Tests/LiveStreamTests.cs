using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Replays.Live;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>GET /api/replays/{id}/live: new chunks reach an open player as Server-Sent Events.</summary>
public sealed class LiveStreamTests(LiveStreamTests.Factory factory) : IClassFixture<LiveStreamTests.Factory>
{
    public sealed class Factory : HindsightFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Hindsight:Live:MaxStreamsPerUser"] = "2",
        };
    }

    [Fact]
    public async Task A_batch_recorded_while_the_stream_is_open_arrives_as_a_chunk_notice()
    {
        var replayId = await LiveReplayAsync();
        var viewer = await factory.SignedInClientAsync();
        await using var stream = await LiveStream.OpenAsync(viewer, $"/api/replays/{replayId}/live");
        Assert.Equal("ready", (await stream.NextAsync()).Event);

        var now = Now();
        (await factory.CreateClient().RecordAsync(replayId, 1, Rrweb.Batch(Rrweb.Click(now), Rrweb.Input(now + 500))))
            .EnsureSuccessStatusCode();

        var notice = await stream.NextAsync(skip: "heartbeat");
        Assert.Equal("chunk", notice.Event);
        var chunk = JsonNode.Parse(notice.Data)!;
        Assert.Equal(1, (long)chunk["seq"]!);
        Assert.Equal(now, (long)chunk["firstTimestamp"]!);
        Assert.Equal(now + 500, (long)chunk["lastTimestamp"]!);
        Assert.Equal(2, (long)chunk["eventCount"]!);
    }

    [Fact]
    public async Task A_replay_being_recorded_is_live_in_the_feed_and_one_quiet_for_a_minute_or_delivered_late_is_not()
    {
        var live = await LiveReplayAsync();
        var quiet = await LiveReplayAsync();
        await factory.QueryAsync<long>("UPDATE replays SET updated_at = updated_at - 61000 WHERE replay_id = @quiet RETURNING 1", new { quiet });
        // Arrived just now, but recorded long ago (a queue delivered after an outage).
        var late = $"late-{Guid.NewGuid():N}";
        (await factory.CreateClient().RecordAsync(late, 0, Rrweb.Start(Now() - 120_000, "https://shop.example/"))).EnsureSuccessStatusCode();
        var viewer = await factory.SignedInClientAsync();

        var feed = (await viewer.GetJsonAsync("/api/replays"))["replays"]!.AsArray();
        Assert.True((bool)feed.Single(r => (string)r!["replayId"]! == live)!["live"]!);
        Assert.False((bool)feed.Single(r => (string)r!["replayId"]! == quiet)!["live"]!);
        Assert.False((bool)feed.Single(r => (string)r!["replayId"]! == late)!["live"]!);
        using var refused = await viewer.GetAsync($"/api/replays/{quiet}/live");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("replay_not_live", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Only_members_of_the_replays_project_may_stream_it()
    {
        var project = await factory.NewProjectAsync("Live elsewhere");
        var replayId = $"live-{Guid.NewGuid():N}";
        (await factory.CreateClient().RecordAsync(replayId, 0, Rrweb.Start(Now(), "https://shop.example/"), token: project.Token))
            .EnsureSuccessStatusCode();
        var outsider = await factory.SignedInMemberAsync((await factory.NewProjectAsync("Other")).Id, "viewer");

        using var signedOut = await factory.CreateClient().GetAsync($"/api/replays/{replayId}/live?project={project.Id}");
        using var notMember = await outsider.GetAsync($"/api/replays/{replayId}/live?project={project.Id}");
        using var withoutProject = await outsider.GetAsync($"/api/replays/{replayId}/live");

        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notMember.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withoutProject.StatusCode);
    }

    [Fact]
    public async Task A_user_holds_at_most_the_allowed_live_streams_and_closing_one_frees_its_place()
    {
        var replayId = await LiveReplayAsync();
        var viewer = await factory.SignedInMemberAsync(1, "viewer");
        var first = await LiveStream.OpenAsync(viewer, $"/api/replays/{replayId}/live");
        await using var second = await LiveStream.OpenAsync(viewer, $"/api/replays/{replayId}/live");

        using var third = await viewer.GetAsync($"/api/replays/{replayId}/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("too_many_live_streams", (string)JsonNode.Parse(await third.Content.ReadAsStringAsync())!["error"]!);
        // Another teammate is not held back by this one's streams.
        await using (await LiveStream.OpenAsync(await factory.SignedInMemberAsync(1, "viewer"), $"/api/replays/{replayId}/live")) { }

        await first.DisposeAsync();
        // The place is freed when the server notices the closed connection: wait for that, not for a time.
        var reopened = await Eventually(async () =>
        {
            var reply = await viewer.GetAsync($"/api/replays/{replayId}/live", HttpCompletionOption.ResponseHeadersRead);
            if (reply.StatusCode == HttpStatusCode.OK) return reply;
            reply.Dispose();
            return null;
        });
        reopened.Dispose();
    }

    private async Task<string> LiveReplayAsync()
    {
        var replayId = $"live-{Guid.NewGuid():N}";
        (await factory.CreateClient().RecordAsync(replayId, 0, Rrweb.Start(Now(), "https://shop.example/"))).EnsureSuccessStatusCode();
        return replayId;
    }

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal static async Task<T> Eventually<T>(Func<Task<T?>> attempt) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await attempt() is { } done) return done;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition never held.");
            await Task.Delay(50);
        }
    }
}

/// <summary>A live stream that goes quiet: heartbeats while it waits, then "end", and nothing is left subscribed.</summary>
public sealed class LiveStreamIdleTests(LiveStreamIdleTests.Factory factory) : IClassFixture<LiveStreamIdleTests.Factory>
{
    public sealed class Factory : HindsightFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Hindsight:Live:LiveWindowSeconds"] = "3",
            ["Hindsight:Live:HeartbeatSeconds"] = "1",
        };
    }

    [Fact]
    public async Task A_stream_without_new_chunks_sends_heartbeats_then_says_end_and_closes()
    {
        var replayId = $"idle-{Guid.NewGuid():N}";
        (await factory.CreateClient().RecordAsync(replayId, 0, Rrweb.Start(LiveStreamTests.Now(), "https://shop.example/"))).EnsureSuccessStatusCode();
        await using var stream = await LiveStream.OpenAsync(await factory.SignedInClientAsync(), $"/api/replays/{replayId}/live");

        var events = await stream.ReadToEndAsync();

        Assert.Equal("ready", events[0].Event);
        Assert.Contains(events, e => e.Event == "heartbeat");
        Assert.Equal("end", events[^1].Event);
        // The server lets go of its subscription as the handler returns, just after "end" is flushed:
        // the client can see the end a moment before that, so wait for it rather than race it.
        var notifier = factory.Get<InMemoryReplayNotifier>();
        await LiveStreamTests.Eventually(() => Task.FromResult(notifier.WatchedReplays == 0 ? "released" : null));
    }
}

/// <summary>Reads a text/event-stream reply event by event.</summary>
public sealed class LiveStream : IAsyncDisposable
{
    private readonly HttpResponseMessage reply;
    private readonly StreamReader reader;

    private LiveStream(HttpResponseMessage reply, StreamReader reader) => (this.reply, this.reader) = (reply, reader);

    public static async Task<LiveStream> OpenAsync(HttpClient client, string url)
    {
        var reply = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("text/event-stream", reply.Content.Headers.ContentType?.MediaType);
        return new LiveStream(reply, new StreamReader(await reply.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event (other than <paramref name="skip"/>); fails after 10 s rather than hang the run.</summary>
    public async Task<(string Event, string Data)> NextAsync(string? skip = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await ReadEventAsync(timeout.Token) ?? throw new InvalidOperationException("The stream closed.");
            if (next.Event != skip) return next;
        }
    }

    public async Task<List<(string Event, string Data)>> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(string, string)>();
        while (await ReadEventAsync(timeout.Token) is { } next) events.Add(next);
        return events;
    }

    private async Task<(string Event, string Data)?> ReadEventAsync(CancellationToken ct)
    {
        string? name = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data is not null) return (name ?? "message", data ?? "");
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        reply.Dispose();
        return ValueTask.CompletedTask;
    }
}
