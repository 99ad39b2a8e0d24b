using System.IO.Compression;
using System.Security.Cryptography;
using Hindsight.Server.Projects;
using Hindsight.Server.Quotas;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// POST /record: authenticate, check the query and the capture status, read and check the batch — and
/// only when all of that passed, hand it to the writer (ChunkWriteQueue), which stores the blob, then the
/// rows, together with the batches of other requests. A refused request has written nothing; the 200 goes
/// out only once blob and rows are durable.
/// </summary>
public static class RecordEndpoint
{
    public static async Task<JsonHttpResult<RecordReply>> HandleAsync(
        HttpRequest request, ProjectStore projects, ReplayChunkWriter rows, ChunkWriteQueue writer, QuotaStore quotas,
        IOptions<IngestOptions> options, CancellationToken ct)
    {
        var (project, unauthorized) = await BasicTokenAuth.AuthenticateAsync(request, projects, ct);
        if (project is null) return unauthorized!.AsReply();

        var (query, queryRejection) = RecordQuery.Parse(request.Query);
        if (query is null) return queryRejection!.AsReply();
        // While capture is paused no new replay starts, but a visit already recording finishes.
        // So does a project that reached its quota (Quotas/): only the first batch of a replay is checked.
        var paused = project.ReplaySettings().CaptureStatus == CaptureStatus.Paused;
        if ((paused || await quotas.FindAsync(project.Id, ct) != ReplayQuota.None) && !await rows.HasReplayAsync(project.Id, query.ReplayId, ct))
        {
            if (paused) return RecordRejection.CapturePaused.AsReply();
            if (await quotas.RefusalForNewReplayAsync(project.Id, query.TabId, ct) is { } usage)
                return RecordRejection.QuotaExceeded(usage.BlockMessage!).AsReply();
        }

        var (batch, rejection) = await ReadBatchAsync(request, query, options.Value, ct);
        if (batch is null) return rejection!.AsReply();

        return await StoreAsync(project.Id, query, batch, UserAgentParser.Parse(request.Headers.UserAgent), writer, ct);
    }

    /// <summary>A checked batch: the bytes to store (gzip) and what they hold.</summary>
    private sealed record AcceptedBatch(ReadOnlyMemory<byte> Gzip, BatchSummary Summary);

    private static async Task<(AcceptedBatch?, RecordRejection?)> ReadBatchAsync(
        HttpRequest request, RecordQuery query, IngestOptions options, CancellationToken ct)
    {
        var body = await BoundedBody.ReadAsync(request, options.MaxRecordBodyBytes, ct);
        if (body is not { } bytes)
            return (null, RecordRejection.TooLarge("body_too_large", $"The body is larger than {options.MaxRecordBodyBytes} bytes."));

        var isGzip = query.Format switch
        {
            BatchFormat.Gzip => true,
            BatchFormat.Body => false,
            _ => GzipInflater.LooksLikeGzip(bytes.Span),
        };
        var json = bytes;
        if (isGzip)
        {
            var (inflated, inflateRejection) = GzipInflater.Inflate(bytes, options.MaxInflatedBytes);
            if (inflateRejection is not null) return (null, inflateRejection);
            json = inflated;
        }
        else if (bytes.Length > options.MaxInflatedBytes)
        {
            return (null, RecordRejection.TooLarge("inflated_too_large", $"The batch is larger than {options.MaxInflatedBytes} bytes."));
        }

        var (summary, parseRejection) = BatchParser.Parse(json.Span, options.MaxEventsPerBatch, options.MaxRecordJsonDepth);
        if (summary is null) return (null, parseRejection);
        // Stored as the browser compressed it; a plain body is compressed once, here, never again.
        return (new AcceptedBatch(isGzip ? bytes : Compress(json), summary), null);
    }

    private static async Task<JsonHttpResult<RecordReply>> StoreAsync(
        long projectId, RecordQuery query, AcceptedBatch batch, UserAgentInfo agent, ChunkWriteQueue writer, CancellationToken ct)
    {
        var write = new ChunkWrite(projectId, query, batch.Summary, agent,
            BlobKeys.ReplayChunk(projectId, query.ReplayId, query.Seq), Sha256(batch.Gzip), batch.Gzip);
        try
        {
            await writer.StoreAsync(write, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The writer logged why. The SDK keeps the batch and sends it again after a 5xx.
            return RecordRejection.StorageFailed.AsReply();
        }
        return RecordReply.Ok();
    }

    private static string Sha256(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes.Span));

    private static ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(json.Span);
        return output.ToArray();
    }
}
