using Hindsight.Server.Ingest;
using Hindsight.Server.Ingest.Record;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Benchmark;

/// <summary>
/// POST /bench/discard: reads a body as /record does, then throws it away and answers as /record does.
/// It is the ceiling the ingestion benchmark holds /record against — the same host, Kestrel, routing and
/// body reading, without authentication, parsing or storage. Mapped only when
/// Hindsight:Benchmark:CeilingEndpoint is true; a server that is not being benchmarked never has it.
/// </summary>
public static class CeilingEndpoint
{
    public static WebApplication MapBenchmarkCeiling(this WebApplication app)
    {
        var options = app.Configuration.GetSection(BenchmarkOptions.Section).Get<BenchmarkOptions>() ?? new();
        if (options.CeilingEndpoint) app.MapPost("/bench/discard", DiscardAsync);
        return app;
    }

    private static async Task<JsonHttpResult<RecordReply>> DiscardAsync(
        HttpRequest request, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxRecordBodyBytes;
        return await BoundedBody.ReadAsync(request, limit, ct) is null
            ? RecordRejection.TooLarge("body_too_large", $"The body is larger than {limit} bytes.").AsReply()
            : RecordReply.Ok();
    }
}
