using System.Text.Json;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Ingest.Record;

/// <summary>A checked body of POST /record/dropped (types/src/index.ts DroppedDataReport).</summary>
public sealed record DroppedDataReport(long Batches, long Events);

/// <summary>
/// POST /record/dropped?replay_id=…: the SDK had to give up batches of a replay (its local budget was
/// full, or the server refused them) and says how many, so the player can tell the replay is incomplete.
/// </summary>
public static class DroppedDataEndpoint
{
    public const int MaxBodyBytes = 4 * 1024;
    public const long MaxCount = 1_000_000;

    public static async Task<JsonHttpResult<RecordReply>> HandleAsync(
        HttpRequest request, ProjectStore projects, DroppedDataCounter counter, CancellationToken ct)
    {
        var (project, unauthorized) = await BasicTokenAuth.AuthenticateAsync(request, projects, ct);
        if (project is null) return unauthorized!.AsReply();
        var (replayId, queryRejection) = RecordQuery.ParseReplayId(request.Query);
        if (replayId is null) return queryRejection!.AsReply();

        var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, ct);
        if (body is not { } bytes) return RecordRejection.TooLarge("body_too_large", $"The body is larger than {MaxBodyBytes} bytes.").AsReply();
        var (report, rejection) = Parse(bytes);
        if (report is null) return rejection!.AsReply();

        await counter.AddAsync(project.Id, replayId, report, CancellationToken.None);
        return RecordReply.Ok();
    }

    /// <summary>`{"batches": n, "events": n}`, each an integer from 0 to a million; other keys are ignored.</summary>
    public static (DroppedDataReport? Report, RecordRejection? Rejection) Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return Invalid("invalid_json", $"The body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("not_an_object", """The body must be a JSON object {"batches": <count>, "events": <count>}.""");
            var (batches, batchesProblem) = Count(document.RootElement, "batches", "missing_batches", "invalid_batches");
            if (batchesProblem is not null) return (null, batchesProblem);
            var (events, eventsProblem) = Count(document.RootElement, "events", "missing_events", "invalid_events");
            if (eventsProblem is not null) return (null, eventsProblem);
            return (new DroppedDataReport(batches, events), null);
        }
    }

    /// <summary>The codes are spelled out, not built from the name, so docs/PROTOCOL.md's test finds them.</summary>
    private static (long, RecordRejection?) Count(JsonElement body, string name, string missing, string invalid)
    {
        if (!body.TryGetProperty(name, out var value)) return (0, Rejection(missing, $"\"{name}\" is missing."));
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count is >= 0 and <= MaxCount
            ? (count, null)
            : (0, Rejection(invalid, $"\"{name}\" must be an integer from 0 to {MaxCount}."));
    }

    private static RecordRejection Rejection(string error, string message) => RecordRejection.BadRequest(error, message);

    private static (DroppedDataReport?, RecordRejection?) Invalid(string error, string message) => (null, Rejection(error, message));
}
