using System.Globalization;
using Hindsight.Server.Accounts;
using Hindsight.Server.Hosting;
using Hindsight.Server.Projects;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Hindsight.Server.Replays;

/// <summary>
/// GET /api/replays (the feed), /api/replays/{replayId} (the detail), /api/replays/{replayId}/chunks (the rest
/// of a long replay's chunk list), /api/replays/{replayId}/chunks/{seq} (a chunk's events).
/// </summary>
public static class ReplaysApi
{
    public static IServiceCollection AddReplays(this IServiceCollection services) => services.AddSingleton<ReplayStore>();

    public static RouteGroupBuilder MapReplays(this RouteGroupBuilder api)
    {
        var replays = api.MapGroup("/replays");
        replays.MapGet("", GetFeedAsync);
        replays.MapGet("/{replayId}", GetReplayAsync);
        replays.MapGet("/{replayId}/chunks", GetChunkListAsync);
        replays.MapGet("/{replayId}/chunks/{seq}", GetChunkAsync);
        return api;
    }

    private static async Task<Results<Ok<ReplayFeedPage>, JsonHttpResult<ApiError>>> GetFeedAsync(
        HttpContext http, ProjectStore projects, ReplayStore replays,
        string? project, string? q, string? from, string? to, string? cursor, string? limit, CancellationToken ct)
    {
        var (query, error) = FeedQuery.Parse(q, from, to, cursor, limit);
        if (query is null) return error!;
        var access = await projects.CheckAccessAsync(http.User.UserId(), project, ct);
        if (access.Error is { } denied) return denied;

        var page = await replays.FeedAsync(access.ProjectId, query, ct);
        // One row more than asked for tells whether another page exists.
        var next = page.Count > query.Limit ? new FeedCursor(page[query.Limit - 1].StartedAt, page[query.Limit - 1].ReplayId).Encode() : null;
        return TypedResults.Ok(new ReplayFeedPage(page.Take(query.Limit).ToList(), next));
    }

    private static async Task<Results<Ok<ReplayDetail>, JsonHttpResult<ApiError>>> GetReplayAsync(
        HttpContext http, ProjectStore projects, ReplayStore replays, string replayId, string? project, CancellationToken ct)
    {
        var (summary, error) = await FindReplayAsync(http, projects, replays, replayId, project, ct);
        if (summary is null) return error!;
        var chunks = await replays.ChunksAsync(summary.ProjectId, summary.ReplayId, ChunkListQuery.Detail, ct);
        return TypedResults.Ok(new ReplayDetail(summary, chunks));
    }

    private static async Task<Results<Ok<ReplayChunkPage>, JsonHttpResult<ApiError>>> GetChunkListAsync(
        HttpContext http, ProjectStore projects, ReplayStore replays, string replayId, string? project, string? after, string? limit,
        CancellationToken ct)
    {
        var (query, invalid) = ChunkListQuery.Parse(after, limit);
        if (query is null) return invalid!;
        var (projectIds, denied) = await ReadableProjectsAsync(http, projects, project, ct);
        if (projectIds is null) return denied!;
        var projectId = await replays.FindProjectAsync(projectIds, replayId, ct);
        if (projectId is null) return ReplayNotFound(replayId);
        return TypedResults.Ok(await replays.ChunksAsync(projectId.Value, replayId, query, ct));
    }

    /// <summary>The stored bytes as they are: a gzip JSON array the browser inflates itself.</summary>
    private static async Task<Results<FileStreamHttpResult, JsonHttpResult<ApiError>>> GetChunkAsync(
        HttpContext http, ProjectStore projects, ReplayStore replays, IBlobStore blobs,
        string replayId, string seq, string? project, CancellationToken ct)
    {
        if (!int.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var seqNumber))
            return ApiErrors.BadRequest("invalid_seq", "seq must be a non-negative integer.");
        var (projectIds, denied) = await ReadableProjectsAsync(http, projects, project, ct);
        if (projectIds is null) return denied!;

        // One query finds the replay and its chunk: a player asks for hundreds of chunks of a long replay.
        var (replayFound, chunk) = await replays.FindChunkAsync(projectIds, replayId, seqNumber, ct);
        if (!replayFound) return ReplayNotFound(replayId);
        var stream = chunk is null ? null : await blobs.OpenReadAsync(chunk.BlobLocator, ct);
        if (stream is null) return ApiErrors.NotFound("chunk_not_found", $"Replay {replayId} has no chunk {seqNumber}.");

        http.Response.Headers.ContentEncoding = "gzip";
        // private: replays are personal data, no shared cache may keep them; no-cache: revalidate by ETag,
        // since a retried batch can replace a chunk.
        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Stream(stream, "application/json", entityTag: new EntityTagHeaderValue($"\"{chunk!.Sha256[..32]}\""));
    }

    /// <summary>A replay in the given project (checked for membership), or in any of the caller's projects.</summary>
    private static async Task<(ReplaySummary?, JsonHttpResult<ApiError>?)> FindReplayAsync(
        HttpContext http, ProjectStore projects, ReplayStore replays, string replayId, string? project, CancellationToken ct)
    {
        var (projectIds, denied) = await ReadableProjectsAsync(http, projects, project, ct);
        if (projectIds is null) return (null, denied);
        var summary = await replays.FindAsync(projectIds, replayId, ct);
        return summary is null ? (null, ReplayNotFound(replayId)) : (summary, null);
    }

    /// <summary>
    /// Where to look for a replay: the given project, checked for membership, or else every project of the
    /// caller (the SDK's replay links name no project).
    /// </summary>
    private static async Task<(IReadOnlyList<long>?, JsonHttpResult<ApiError>?)> ReadableProjectsAsync(
        HttpContext http, ProjectStore projects, string? project, CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (string.IsNullOrEmpty(project))
            return ((await projects.ListForUserAsync(userId, ct)).Select(m => m.Project.Id).ToList(), null);
        var access = await projects.CheckAccessAsync(userId, project, ct);
        return access.Error is { } denied ? (null, denied) : ([access.ProjectId], null);
    }

    private static JsonHttpResult<ApiError> ReplayNotFound(string replayId) =>
        ApiErrors.NotFound("replay_not_found", $"There is no replay {replayId}.");
}
