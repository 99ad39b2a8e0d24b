using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Hindsight.Server.Ingest.Record;

/// <summary>Inflates a gzip body with a hard bound on the output, so a small gzip bomb cannot fill memory.</summary>
public static class GzipInflater
{
    /// <summary>Deflate's best ratio: no honest body inflates to more than this many times its size.</summary>
    private const int MaxRatio = 1032;

    public static bool LooksLikeGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    public static (ReadOnlyMemory<byte> Inflated, RecordRejection? Rejection) Inflate(ReadOnlyMemory<byte> gzip, int maxBytes)
    {
        if (!LooksLikeGzip(gzip.Span)) return (default, InvalidGzip("the body does not start with the gzip header"));
        try
        {
            using var input = new GZipStream(AsStream(gzip), CompressionMode.Decompress);
            var output = new byte[SizeHint(gzip.Span, maxBytes)];
            var filled = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (filled == output.Length)
                {
                    // Full: one more byte tells whether the batch is complete, without a larger buffer.
                    if (input.Read(probe) == 0) break;
                    if (filled + 1 > maxBytes) return TooLarge(maxBytes);
                    Array.Resize(ref output, (int)Math.Min(Math.Max(output.Length * 2L, 64 * 1024), maxBytes));
                    output[filled++] = probe[0];
                }
                var read = input.Read(output.AsSpan(filled));
                if (read == 0) break;
                filled += read;
            }
            return (new ReadOnlyMemory<byte>(output, 0, filled), null);
        }
        catch (InvalidDataException e)
        {
            return (default, InvalidGzip(e.Message));
        }
    }

    /// <summary>
    /// The inflated size the gzip trailer announces (its last four bytes), to size the buffer once. Only a
    /// hint, never trusted beyond the limit or beyond what deflate can make of this many bytes.
    /// </summary>
    private static int SizeHint(ReadOnlySpan<byte> gzip, int maxBytes)
    {
        if (gzip.Length < 18) return 0;
        var announced = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]);
        return (int)Math.Min(announced, Math.Min(maxBytes, (long)gzip.Length * MaxRatio));
    }

    private static (ReadOnlyMemory<byte>, RecordRejection?) TooLarge(int maxBytes) =>
        (default, RecordRejection.TooLarge("inflated_too_large", $"The batch inflates to more than {maxBytes} bytes."));

    private static RecordRejection InvalidGzip(string why) =>
        RecordRejection.BadRequest("invalid_gzip", $"The body is not valid gzip: {why}");

    /// <summary>A stream over the bytes already held, so inflating copies nothing.</summary>
    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
