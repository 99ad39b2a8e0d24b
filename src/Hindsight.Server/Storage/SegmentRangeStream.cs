using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// A read-only, seekable view of one range of a segment file: one blob, whose Length is the range's, so an
/// HTTP reply can announce its Content-Length. It owns the file handle. Reads are positional (pread), so
/// they never disturb the writer appending to the same file.
/// </summary>
internal sealed class SegmentRangeStream(SafeFileHandle file, long offset, long length) : Stream
{
    private long position;

    public override bool CanRead => !file.IsClosed;
    public override bool CanSeek => !file.IsClosed;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(file, buffer[..Within(buffer.Length)], offset + position);
        position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await RandomAccess.ReadAsync(file, buffer[..Within(buffer.Length)], offset + position, cancellationToken);
        position += read;
        return read;
    }

    /// <summary>How much of a buffer of this size stays within the range.</summary>
    private int Within(int size) => (int)Math.Min(size, Math.Max(0, length - position));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        SeekOrigin.End => length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) file.Dispose();
        base.Dispose(disposing);
    }
}
