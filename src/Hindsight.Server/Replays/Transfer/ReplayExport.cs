using System.IO.Compression;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Replays.Transfer;

/// <summary>
/// GET /api/replays/{replayId}/export: the replay as one JSON array of rrweb events, every chunk's in seq
/// order — what rrweb's own tools play (<c>new Replayer(events)</c>) and what the import takes back. Each
/// stored chunk is a checked, non-empty JSON array, so its elements are copied as they are, chunk by chunk:
/// memory holds one chunk at a time, never the whole replay.
/// </summary>
public static class ReplayExport
{
    public static async Task<Results<EmptyHttpResult, JsonHttpResult<ApiError>>> HandleAsync(
        HttpContext http, ReplayStore replays, IBlobStore blobs, AccessLogStore accessLog, string replayId, CancellationToken ct)
    {
        var projectId = await replays.FindProjectAsync(http.ProjectGrant().ProjectIds, replayId, ct);
        if (projectId is null) return ApiErrors.NotFound("replay_not_found", $"There is no replay {replayId}.");
        await accessLog.RecordAsync(http.User, projectId.Value, AccessActions.ReplayExported, replayId);

        http.Response.ContentType = "application/json";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"replay-{replayId}.json\"";
        http.Response.Headers.CacheControl = "private, no-store";
        var body = http.Response.Body;
        await body.WriteAsync("["u8.ToArray(), ct);
        var first = true;
        for (var after = -1L; ;)
        {
            var page = await replays.ChunksAsync(projectId.Value, replayId, new ChunkListQuery(after, ChunkListQuery.MaxLimit), ct);
            foreach (var chunk in page.Chunks)
            {
                var elements = await ElementsAsync(blobs, projectId.Value, replayId, (int)chunk.Seq, replays, ct);
                if (elements.IsEmpty) continue;
                if (!first) await body.WriteAsync(","u8.ToArray(), ct);
                await body.WriteAsync(elements, ct);
                first = false;
            }
            if (!page.MoreChunks || page.Chunks.Count == 0) break;
            after = page.Chunks[^1].Seq;
        }
        await body.WriteAsync("]"u8.ToArray(), ct);
        return TypedResults.Empty;
    }

    /// <summary>A chunk's events without the array's brackets ("{…},{…}"), or nothing if it is gone.</summary>
    private static async Task<ReadOnlyMemory<byte>> ElementsAsync(IBlobStore blobs, long projectId, string replayId, int seq, ReplayStore replays, CancellationToken ct)
    {
        var (_, located) = await replays.FindChunkAsync([projectId], replayId, seq, ct);
        if (located is null) return ReadOnlyMemory<byte>.Empty;
        await using var stored = await blobs.OpenReadAsync(located.BlobLocator, ct);
        if (stored is null) return ReadOnlyMemory<byte>.Empty;
        using var json = new MemoryStream();
        await using (var gzip = new GZipStream(stored, CompressionMode.Decompress)) await gzip.CopyToAsync(json, ct);
        var bytes = json.GetBuffer().AsMemory(0, (int)json.Length);
        var span = bytes.Span;
        int start = span.IndexOf((byte)'['), end = span.LastIndexOf((byte)']');
        if (start < 0 || end <= start) return ReadOnlyMemory<byte>.Empty;
        var inner = bytes[(start + 1)..end];
        return inner.Span.Trim(" \t\r\n"u8).IsEmpty ? ReadOnlyMemory<byte>.Empty : inner;
    }
}
