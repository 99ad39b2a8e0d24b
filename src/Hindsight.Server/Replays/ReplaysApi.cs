using System.Globalization;
using Hindsight.Server.Accounts;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Hosting;
using Hindsight.Server.Projects;
using Hindsight.Server.Replays.Live;
using Hindsight.Server.Replays.Transfer;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

using Hindsight.Server.Authorization;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Replays;

/// <summary>
/// GET /api/replays (the feed, with its filters), /api/replays/{replayId} (the detail), /{replayId}/events (its tracked
/// events), /api/replays/{replayId}/chunks (the rest
/// of a long replay's chunk list), /api/replays/{replayId}/chunks/{seq} (a chunk's events),
/// /api/replays/{replayId}/live (new chunks as they are stored, for an open player).
/// </summary>
public static class ReplaysApi
{
    public static IServiceCollection AddReplays(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section)
            .Validate(LiveOptions.IsValid, $"Every {LiveOptions.Section} setting must be a positive number.").ValidateOnStart();
        // One process: in memory. Several nodes would register a notifier that crosses them (IReplayNotifier).
        services.AddSingleton<InMemoryReplayNotifier>().AddSingleton<IReplayNotifier>(s => s.GetRequiredService<InMemoryReplayNotifier>());
        return services.AddSingleton<ReplayStore>().AddSingleton<ReplayEvents>().AddSingleton<PerformedEventFilter>()
            .AddSingleton<LiveStreamLimiter>().AddSingleton<ClickSignals>();
    }

    public static RouteGroupBuilder MapReplays(this RouteGroupBuilder api)
    {
        // Every role reads replays; the policy resolves ?project= (or, without it, the caller's projects).
        var replays = api.MapGroup("/replays").RequireProjectPermission(Permission.ReadReplays).AddEndpointFilter<QueryTimeoutFilter>();
        replays.MapGet("", GetFeedAsync);
        replays.MapGet("/{replayId}", GetReplayAsync);
        replays.MapGet("/{replayId}/chunks", GetChunkListAsync);
        replays.MapGet("/{replayId}/events", GetEventsAsync);
        replays.MapGet("/{replayId}/chunks/{seq}", GetChunkAsync);
        replays.MapGet("/{replayId}/live", LiveEndpoint.HandleAsync);
        replays.MapGet("/{replayId}/export", ReplayExport.HandleAsync);
        // Admins only: an imported file becomes a replay of the project as if its site had recorded it.
        api.MapPost("/projects/{id}/replays/import", ReplayImport.HandleAsync).RequireProjectPermission(Permission.ImportReplays);
        return api;
    }

    private static async Task<Results<Ok<ReplayFeedPage>, JsonHttpResult<ApiError>>> GetFeedAsync(
        HttpContext http, ReplayStore replays, PerformedEventFilter performed, ClickSignals clicks, string? q, string? from, string? to,
        string? cursor, string? limit, string? person, string? @event, string? url, string? minDurationMs,
        string? hasConsoleErrors, string? minRageClicks, string? minDeadClicks, CancellationToken ct)
    {
        var (query, error) = FeedQuery.Parse(q, from, to, cursor, limit, person, @event, url, minDurationMs,
            hasConsoleErrors, minRageClicks, minDeadClicks);
        if (query is null) return error!;
        if (http.ProjectGrant().ProjectId is not { } projectId)
            return ApiErrors.NotFound("project_not_found", "You are not a member of any project.");

        if (query.Event is { } name && !await performed.FiredAsync(projectId, name, ct)) return TypedResults.Ok(new ReplayFeedPage([], null));
        var keep = Both(query.Event is null ? null : performed.For(projectId, query.Event),
            query.FiltersClicks ? clicks.AtLeast(projectId, query.MinRageClicks ?? 0, query.MinDeadClicks ?? 0) : null);
        return TypedResults.Ok(await replays.FeedAsync(projectId, query, keep, ct));
    }

    /// <summary>Rows both filters keep; either may be absent.</summary>
    private static ReplayRowFilter? Both(ReplayRowFilter? first, ReplayRowFilter? second)
    {
        if (first is null || second is null) return first ?? second;
        return async (rows, ct) =>
        {
            var kept = new HashSet<string>(await first(rows, ct), StringComparer.Ordinal);
            kept.IntersectWith(await second(rows, ct));
            return kept;
        };
    }

    /// <summary>The replay's tracked events, named and stitched, for the player's timeline.</summary>
    private static async Task<Results<Ok<ReplayEventList>, JsonHttpResult<ApiError>>> GetEventsAsync(
        HttpContext http, ReplayStore replays, ReplayEvents events, string replayId, CancellationToken ct)
    {
        var summary = await replays.FindAsync(http.ProjectGrant().ProjectIds, replayId, ct);
        if (summary is null) return ReplayNotFound(replayId);
        return TypedResults.Ok(await events.ListAsync(summary, ct));
    }

    private static async Task<Results<Ok<ReplayDetail>, JsonHttpResult<ApiError>>> GetReplayAsync(
        HttpContext http, ReplayStore replays, AccessLogStore accessLog, string replayId, CancellationToken ct)
    {
        var summary = await replays.FindAsync(http.ProjectGrant().ProjectIds, replayId, ct);
        if (summary is null) return ReplayNotFound(replayId);
        // The player asks for the detail once per opening: that is the line, not each chunk it then reads.
        await accessLog.RecordAsync(http.User, summary.ProjectId, AccessActions.ReplayOpened, summary.ReplayId);
        var chunks = await replays.ChunksAsync(summary.ProjectId, summary.ReplayId, ChunkListQuery.Detail, ct);
        return TypedResults.Ok(new ReplayDetail(summary, chunks));
    }

    private static async Task<Results<Ok<ReplayChunkPage>, JsonHttpResult<ApiError>>> GetChunkListAsync(
        HttpContext http, ReplayStore replays, string replayId, string? after, string? limit, CancellationToken ct)
    {
        var (query, invalid) = ChunkListQuery.Parse(after, limit);
        if (query is null) return invalid!;
        var projectId = await replays.FindProjectAsync(http.ProjectGrant().ProjectIds, replayId, ct);
        if (projectId is null) return ReplayNotFound(replayId);
        return TypedResults.Ok(await replays.ChunksAsync(projectId.Value, replayId, query, ct));
    }

    /// <summary>The stored bytes as they are: a gzip JSON array the browser inflates itself.</summary>
    private static async Task<Results<FileStreamHttpResult, JsonHttpResult<ApiError>>> GetChunkAsync(
        HttpContext http, ReplayStore replays, IBlobStore blobs, string replayId, string seq, CancellationToken ct)
    {
        if (!int.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var seqNumber))
            return ApiErrors.BadRequest("invalid_seq", "seq must be a non-negative integer.");

        // One query finds the replay and its chunk: a player asks for hundreds of chunks of a long replay.
        var (replayFound, chunk) = await replays.FindChunkAsync(http.ProjectGrant().ProjectIds, replayId, seqNumber, ct);
        if (!replayFound) return ReplayNotFound(replayId);
        var stream = chunk is null ? null : await blobs.OpenReadAsync(chunk.BlobLocator, ct);
        if (stream is null) return ApiErrors.NotFound("chunk_not_found", $"Replay {replayId} has no chunk {seqNumber}.");

        http.Response.Headers.ContentEncoding = "gzip";
        // private: replays are personal data, no shared cache may keep them; no-cache: revalidate by ETag,
        // since a retried batch can replace a chunk.
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Stream(stream, "application/json", entityTag: new EntityTagHeaderValue($"\"{chunk!.Sha256[..32]}\""));
    }

    private static JsonHttpResult<ApiError> ReplayNotFound(string replayId) =>
        ApiErrors.NotFound("replay_not_found", $"There is no replay {replayId}.");
}
