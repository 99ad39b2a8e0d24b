using System.Text;
using System.Text.Json;
using Hindsight.Server.Ingest.Record;
using Microsoft.Net.Http.Headers;

namespace Hindsight.Server.Ingest.Import;

/// <summary>One item of an /import body: its JSON, or why its NDJSON line could not be read.</summary>
public sealed record ImportItem(JsonElement? Json, ImportProblem? Unreadable);

/// <summary>The items of an /import body, parsed and bounded.</summary>
public sealed class ImportItems(IReadOnlyList<JsonDocument> documents, IReadOnlyList<ImportItem> items) : IDisposable
{
    public IReadOnlyList<ImportItem> Items => items;

    public void Dispose()
    {
        foreach (var document in documents) document.Dispose();
    }
}

/// <summary>
/// Reads an /import body: a JSON array of events (or one event), or NDJSON (one event a line) when the
/// Content-Type is <c>application/x-ndjson</c>; gzip when the Content-Encoding says so, inflated with a
/// bound. In NDJSON a line that is not JSON fails alone, as one item; a JSON body that is not JSON fails whole.
/// </summary>
public static class ImportBody
{
    private const int MaxDepth = 32;

    public static async Task<(ImportItems? Items, RecordRejection? Rejection)> ReadAsync(HttpRequest request, IngestOptions options, CancellationToken ct)
    {
        var max = options.MaxImportBytes;
        if (await BoundedBody.ReadAsync(request, max, ct) is not { } body)
            return (null, RecordRejection.TooLarge("body_too_large", $"The body is larger than {max} bytes."));

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            var (inflated, rejection) = GzipInflater.Inflate(body, max);
            if (rejection is not null) return (null, rejection);
            body = inflated;
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RecordRejection(415, "unsupported_encoding", $"Content-Encoding '{encoding}' is not supported: send gzip or nothing."));
        }

        var ndjson = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase);
        return ndjson ? ReadLines(body, options) : ReadJson(body, options);
    }

    private static (ImportItems?, RecordRejection?) ReadJson(ReadOnlyMemory<byte> body, IngestOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return (null, RecordRejection.BadRequest("invalid_json", $"The body is not valid JSON ({e.Message}); send an array of events, or NDJSON with Content-Type application/x-ndjson."));
        }
        var root = document.RootElement;
        IReadOnlyList<JsonElement> elements = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => [],
        };
        var problem = Check(elements.Count, options, root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object));
        if (problem is not null)
        {
            document.Dispose();
            return (null, problem);
        }
        return (new ImportItems([document], elements.Select(e => new ImportItem(e, null)).ToList()), null);
    }

    private static (ImportItems?, RecordRejection?) ReadLines(ReadOnlyMemory<byte> body, IngestOptions options)
    {
        var lines = Encoding.UTF8.GetString(body.Span).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var problem = Check(lines.Count, options, notEvents: false);
        if (problem is not null) return (null, problem);

        var documents = new List<JsonDocument>(lines.Count);
        var items = new List<ImportItem>(lines.Count);
        foreach (var line in lines)
        {
            try
            {
                var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = MaxDepth });
                documents.Add(document);
                items.Add(new ImportItem(document.RootElement, null));
            }
            catch (JsonException e)
            {
                items.Add(new ImportItem(null, new ImportProblem(null, $"the line is not valid JSON: {e.Message}")));
            }
        }
        return (new ImportItems(documents, items), null);
    }

    private static RecordRejection? Check(int count, IngestOptions options, bool notEvents)
    {
        if (notEvents) return RecordRejection.BadRequest("invalid_body", "The body must be a JSON array of events, one event, or NDJSON.");
        if (count == 0) return RecordRejection.BadRequest("no_events", "The body holds no events.");
        if (count > options.MaxImportItems)
            return RecordRejection.TooLarge("too_many_events", $"A request may hold at most {options.MaxImportItems} events; this one holds {count}.");
        return null;
    }
}
