using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Hindsight.Server.Ingest.Track;

/// <summary>The items of a /track, /engage or /groups request, parsed and bounded.</summary>
public sealed class TrackItems(JsonDocument document, IReadOnlyList<JsonElement> items) : IDisposable
{
    public IReadOnlyList<JsonElement> Items => items;
    public void Dispose() => document.Dispose();
}

/// <summary>
/// Finds the `data` field wherever the SDKs put it — a form body, a text/plain beacon carrying the same
/// form text, the query (GET, img mode), or a raw JSON body — and decodes it: base64 (standard or
/// URL-safe) of CESU-8 JSON, or JSON as is; an array of items or a single one.
/// </summary>
public static class TrackPayload
{
    public static async Task<(TrackItems? Items, TrackRejection? Rejection)> ReadAsync(
        HttpRequest request, IngestOptions options, CancellationToken ct)
    {
        string? data = null;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var body = await BoundedBody.ReadAsync(request, options.MaxTrackBodyBytes, ct);
            if (body is not { } bytes) return (null, new TrackRejection(413, $"The body is larger than {options.MaxTrackBodyBytes} bytes."));
            data = DataFromBody(Cesu8.Decode(bytes.Span).Trim());
        }
        data ??= NonEmpty(request.Query["data"].ToString());
        if (data is null) return (null, TrackRejection.BadRequest("The 'data' field is missing."));

        var json = DecodeData(data);
        if (json is null) return (null, TrackRejection.BadRequest("'data' is neither JSON nor base64-encoded JSON."));
        return Parse(json, options);
    }

    private static string? DataFromBody(string text)
    {
        if (text.Length == 0) return null;
        if (text[0] is '[' or '{') return text; // a raw JSON body
        return NonEmpty(QueryHelpers.ParseQuery(text).GetValueOrDefault("data").ToString());
    }

    /// <summary>The JSON text inside `data`, or null when it is neither JSON nor base64.</summary>
    public static string? DecodeData(string data)
    {
        data = data.Trim();
        if (data.Length > 0 && data[0] is '[' or '{') return data;

        // URL-safe letters back to standard ones; a '+' that was not percent-encoded arrives as a space.
        var normalized = new string(data.Where(c => c is not ('\r' or '\n' or '\t')).Select(c => c switch
        {
            '-' => '+',
            '_' => '/',
            ' ' => '+',
            _ => c,
        }).ToArray()).TrimEnd('=');
        normalized = normalized.PadRight(normalized.Length + (4 - normalized.Length % 4) % 4, '=');

        var bytes = new byte[normalized.Length * 3 / 4];
        return Convert.TryFromBase64String(normalized, bytes, out var written)
            ? Cesu8.Decode(bytes.AsSpan(0, written))
            : null;
    }

    private static (TrackItems?, TrackRejection?) Parse(string json, IngestOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(LoneSurrogates.Replace(json), new JsonDocumentOptions { MaxDepth = options.MaxTrackJsonDepth });
        }
        catch (JsonException e)
        {
            return (null, TrackRejection.BadRequest($"'data' is not valid JSON: {e.Message}"));
        }

        var root = document.RootElement;
        IReadOnlyList<JsonElement> items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => [],
        };
        var problem = Check(root, items, options);
        if (problem is null) return (new TrackItems(document, items), null);
        document.Dispose();
        return (null, problem);
    }

    private static TrackRejection? Check(JsonElement root, IReadOnlyList<JsonElement> items, IngestOptions options)
    {
        if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            return TrackRejection.BadRequest("'data' must be a JSON object or an array of objects.");
        if (items.Count == 0) return TrackRejection.BadRequest("'data' holds no items.");
        // 413 makes the SDK halve its batch and try again.
        if (items.Count > options.MaxTrackItems) return new TrackRejection(413, $"A request may hold at most {options.MaxTrackItems} items.");
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.Object) return TrackRejection.BadRequest($"Item {i} is not a JSON object.");
        }
        return null;
    }

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}
