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

        // Read straight into one buffer of the announced size, grown only if the client sends more.
        var buffer = new byte[(int)(request.ContentLength ?? 16 * 1024)];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                // Full: one more byte tells whether the body is complete, without a larger buffer.
                var probe = new byte[1];
                if (await request.Body.ReadAsync(probe, ct) == 0) break;
                if (filled + 1 > maxBytes) return null;
                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 16 * 1024), maxBytes + 1L));
                buffer[filled++] = probe[0];
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0) break;
            filled += read;
            if (filled > maxBytes) return null;
        }
        return new ReadOnlyMemory<byte>(buffer, 0, filled);
    }
}
