using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Import;

/// <summary>
/// POST /import: Mixpanel's import endpoint, for events a backend or a warehouse sends, with their own
/// (historical) times (docs/PROTOCOL.md). Unlike /track, a request is not all or nothing: each item is
/// checked alone, the valid ones are imported, and strict mode (the default, <c>strict=1</c>) answers 400
/// naming every item that was not. A request that cannot be read or authenticated stores nothing.
/// </summary>
public static class ImportEndpoint
{
    public static async Task<Results<JsonHttpResult<ImportReply>, JsonHttpResult<RecordReply>>> HandleAsync(
        HttpRequest request, ImportSecrets secrets, ProjectStore projects, EventWriteQueue writer, TimeProvider clock,
        IOptions<IngestOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var (projectId, refused) = await ImportAuth.AuthenticateAsync(request, secrets, projects, ct);
        if (projectId is null) return refused!.AsReply();
        var (items, unreadable) = await ImportBody.ReadAsync(request, options.Value, ct);
        if (items is null) return unreadable!.AsReply();
        using var _ = items;

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var events = new List<AnalyticsEvent>();
        var links = new List<AnalyticsIdentity>();
        var failed = new List<FailedRecord>();
        for (var i = 0; i < items.Items.Count; i++)
        {
            var item = items.Items[i];
            if (item.Json is not { } json)
            {
                failed.Add(new FailedRecord(i, null, item.Unreadable!.Field, item.Unreadable.Message));
                continue;
            }
            var (stored, link, problem) = ImportedEvent.Parse(json, projectId.Value, now, options.Value.MaxPropertiesPerItem);
            if (stored is null)
            {
                failed.Add(new FailedRecord(i, ImportedEvent.InsertIdOf(json), problem!.Field, problem.Message));
                continue;
            }
            events.Add(stored);
            if (link is not null) links.Add(new AnalyticsIdentity(projectId.Value, link.AnonId, link.DistinctId, now));
        }

        if (events.Count > 0)
        {
            try
            {
                if (!await writer.TryStoreAsync(new EventWrite(events, links)))
                    return new RecordRejection(503, "queue_full", "The server is storing too many events; send this batch again in a moment.").AsReply();
            }
            catch (Exception e)
            {
                loggers.CreateLogger(typeof(ImportEndpoint)).LogError(e, "An /import batch of {Count} events for project {ProjectId} was not stored.", events.Count, projectId);
                return RecordRejection.StorageFailed.AsReply();
            }
        }

        var strict = request.Query["strict"].ToString() != "0";
        if (failed.Count == 0 || !strict) return TypedResults.Json(new ImportReply(200, events.Count, "OK"));
        return TypedResults.Json(new ImportReply(400, events.Count, "Bad Request", "some data points in the request failed validation", failed),
            statusCode: 400);
    }
}
