using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Replays.Transfer;

/// <summary>What an import made: the new replay, and how many chunks and events it holds.</summary>
public sealed record ReplayImported(string ReplayId, long ChunkCount, long EventCount);

/// <summary>
/// POST /api/projects/{id}/replays/import (admins): a JSON array of rrweb events — an export, or any rrweb
/// recording — stored as a new replay. The body, plain or gzip, is held to /record's bounds (as sent and once
/// inflated), then checked exactly as /record checks a batch (<see cref="BatchParser"/>) with the array's own
/// event numbers in the errors; only a body that passes is written, cut into chunks of
/// <see cref="EventsPerChunk"/> events, all through /record's writer (ChunkWriteQueue). A refused import has
/// written nothing.
/// </summary>
public static class ReplayImport
{
    public const int EventsPerChunk = 1_000, MaxEvents = 1_000_000;

    public static async Task<Results<Created<ReplayImported>, JsonHttpResult<ApiError>>> HandleAsync(
        HttpRequest request, long id, ChunkWriteQueue writer, AccessLogStore accessLog, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var limits = options.Value;
        var body = await BoundedBody.ReadAsync(request, limits.MaxRecordBodyBytes, ct);
        if (body is not { } bytes) return Refused(RecordRejection.TooLarge("body_too_large", $"The body is larger than {limits.MaxRecordBodyBytes} bytes."));
        var json = bytes;
        if (GzipInflater.LooksLikeGzip(bytes.Span))
        {
            var (inflated, rejection) = GzipInflater.Inflate(bytes, limits.MaxInflatedBytes);
            if (rejection is not null) return Refused(rejection);
            json = inflated;
        }
        else if (bytes.Length > limits.MaxInflatedBytes)
        {
            return Refused(RecordRejection.TooLarge("inflated_too_large", $"The replay is larger than {limits.MaxInflatedBytes} bytes."));
        }

        // The whole array first, so an error names the event's place in the file and nothing is written.
        var (_, invalid) = BatchParser.Parse(json.Span, MaxEvents, limits.MaxRecordJsonDepth);
        if (invalid is not null) return Refused(invalid);

        var replayId = $"import-{Guid.NewGuid():N}";
        var writes = Chunks(json, limits).Select((events, seq) => Write(id, replayId, seq, events, limits)).ToList();
        try
        {
            // Queued together, they are stored as one group.
            await Task.WhenAll(writes.Select(w => writer.StoreAsync(w, ct)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiErrors.Create(500, "storage_failed", "The replay could not be stored; nothing of it is listed as complete. Try again.");
        }
        await accessLog.RecordAsync(request.HttpContext.User, id, AccessActions.ReplayImported, replayId, $"{writes.Count} chunks");
        return TypedResults.Created($"/api/replays/{replayId}?project={id}",
            new ReplayImported(replayId, writes.Count, writes.Sum(w => (long)w.Batch.EventCount)));
    }

    private static JsonHttpResult<ApiError> Refused(RecordRejection rejection) => ApiErrors.Create(rejection.Status, rejection.Error, rejection.Message);

    /// <summary>The array's events, <see cref="EventsPerChunk"/> at a time, each group as a JSON array of its own.</summary>
    private static IEnumerable<byte[]> Chunks(ReadOnlyMemory<byte> json, IngestOptions limits)
    {
        var ranges = new List<Range>();
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = limits.MaxRecordJsonDepth });
        reader.Read(); // the array, checked above
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            ranges.Add(start..(int)reader.BytesConsumed);
        }
        var chunks = new List<byte[]>();
        foreach (var group in ranges.Chunk(EventsPerChunk))
        {
            using var chunk = new MemoryStream();
            chunk.WriteByte((byte)'[');
            for (var i = 0; i < group.Length; i++)
            {
                if (i > 0) chunk.WriteByte((byte)',');
                chunk.Write(json.Span[group[i]]);
            }
            chunk.WriteByte((byte)']');
            chunks.Add(chunk.ToArray());
        }
        return chunks;
    }

    private static ChunkWrite Write(long projectId, string replayId, int seq, byte[] events, IngestOptions limits)
    {
        var (summary, _) = BatchParser.Parse(events, EventsPerChunk, limits.MaxRecordJsonDepth);
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true)) compressor.Write(events);
        var stored = gzip.ToArray();
        var query = new RecordQuery(replayId, seq, BatchFormat.Gzip, null, null, null, null, null);
        return new ChunkWrite(projectId, query, summary!, new UserAgentInfo(null, null, null),
            BlobKeys.ReplayChunk(projectId, replayId, seq), Convert.ToHexStringLower(SHA256.HashData(stored)), stored);
    }
}
