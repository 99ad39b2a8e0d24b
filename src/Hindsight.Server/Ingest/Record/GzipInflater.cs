using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Hindsight.Server.Ingest.Record;

/// <summary>Inflates a gzip body with a hard bound on the output, so a small gzip bomb cannot fill memory.</summary>
public static class GzipInflater
{
    public static bool LooksLikeGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    public static (ReadOnlyMemory<byte> Inflated, RecordRejection? Rejection) Inflate(ReadOnlyMemory<byte> gzip, int maxBytes)
    {
        if (!LooksLikeGzip(gzip.Span)) return (default, InvalidGzip("the body does not start with the gzip header"));
        try
        {
            using var input = new GZipStream(AsStream(gzip), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (output.Length + read > maxBytes)
                    return (default, RecordRejection.TooLarge("inflated_too_large",
                        $"The batch inflates to more than {maxBytes} bytes."));
                output.Write(chunk, 0, read);
            }
            return (new ReadOnlyMemory<byte>(output.GetBuffer(), 0, (int)output.Length), null);
        }
        catch (InvalidDataException e)
        {
            return (default, InvalidGzip(e.Message));
        }
    }

    private static RecordRejection InvalidGzip(string why) =>
        RecordRejection.BadRequest("invalid_gzip", $"The body is not valid gzip: {why}");


    /// <summary>A stream over the bytes already held, so inflating copies nothing.</summary>
    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
