namespace Hindsight.Server.Ingest;

/// <summary>
/// Reads a request body up to a limit. Content-Length is only a hint: a client may send more than it
/// announced (chunked bodies announce nothing), so the bytes themselves are counted.
/// </summary>
public static class BoundedBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        // Kestrel's own limit (30 MB) would otherwise answer a larger configured limit with a bare 413.
        var sizeFeature = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = (long)maxBytes + 1;

        using var buffer = new MemoryStream(capacity: (int)Math.Min(request.ContentLength ?? 64 * 1024, maxBytes));
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
