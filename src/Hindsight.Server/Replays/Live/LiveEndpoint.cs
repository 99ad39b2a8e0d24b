using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Hindsight.Server.Accounts;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Replays.Live;

/// <summary>
/// GET /api/replays/{replayId}/live: Server-Sent Events for an open player. "ready" once subscribed (the
/// player then lists chunks stored meanwhile), "chunk" with each new chunk's list entry as its batch is
/// committed, "heartbeat" every <see cref="LiveOptions.HeartbeatSeconds"/>, and "end" before closing when no
/// chunk came for <see cref="LiveOptions.LiveWindowSeconds"/>. Authorized like the replay (ReadReplays).
/// </summary>
public static class LiveEndpoint
{
    public static async Task<Results<ServerSentEventsResult<ReplayChunkInfo?>, JsonHttpResult<ApiError>>> HandleAsync(
        HttpContext http, ReplayStore replays, IReplayNotifier notifier, LiveStreamLimiter limiter, IOptions<LiveOptions> options,
        IHostApplicationLifetime lifetime, string replayId, CancellationToken ct)
    {
        var replay = await replays.FindAsync(http.ProjectGrant().ProjectIds, replayId, ct);
        if (replay is null) return ApiErrors.NotFound("replay_not_found", $"There is no replay {replayId}.");
        if (!replay.Live) return ApiErrors.Create(409, "replay_not_live", $"Replay {replayId} is no longer being recorded.");
        var lease = limiter.TryAcquire(http.User.UserId());
        if (lease is null)
            return ApiErrors.Create(429, "too_many_live_streams",
                $"At most {options.Value.MaxStreamsPerUser} live replays may be open at once; close a player first.");

        // Released however the response ends, even if the stream never starts.
        http.Response.RegisterForDispose(lease);
        var subscription = notifier.Subscribe(replay.ProjectId, replay.ReplayId);
        http.Response.RegisterForDispose(subscription);
        // Proxies that buffer (nginx) would hold the notices back.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(stopping);
        return TypedResults.ServerSentEvents(StreamAsync(subscription, options.Value, stopping.Token));
    }

    private static async IAsyncEnumerable<SseItem<ReplayChunkInfo?>> StreamAsync(
        IReplaySubscription subscription, LiveOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<ReplayChunkInfo?>(null, "ready");
        var heartbeat = TimeSpan.FromSeconds(options.HeartbeatSeconds);
        var idle = TimeSpan.FromSeconds(options.LiveWindowSeconds);
        var lastChunk = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            var left = idle - (DateTimeOffset.UtcNow - lastChunk);
            if (left <= TimeSpan.Zero) break;
            var waited = await WaitAsync(subscription, left < heartbeat ? left : heartbeat, ct);
            if (waited is null) yield break; // the client went away, or the server is stopping
            if (waited == false)
            {
                yield return new SseItem<ReplayChunkInfo?>(null, "heartbeat");
                continue;
            }
            while (subscription.Notices.TryRead(out var notice))
            {
                lastChunk = DateTimeOffset.UtcNow;
                yield return new SseItem<ReplayChunkInfo?>(notice.Chunk, "chunk");
            }
        }
        if (!ct.IsCancellationRequested) yield return new SseItem<ReplayChunkInfo?>(null, "end");
    }

    /// <summary>True when a notice is waiting, false after <paramref name="timeout"/>, null when cancelled or completed.</summary>
    private static async Task<bool?> WaitAsync(IReplaySubscription subscription, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            return await subscription.Notices.WaitToReadAsync(timer.Token) ? true : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
