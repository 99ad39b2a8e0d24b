using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// Freeing blobs inside a segment file, and telling when nothing in it is alive. A segment holds records
/// packed one after another, each a blob between two <see cref="Separator"/> bytes, so a live record always
/// has a byte that is not zero at both ends, and a freed one is zeros (a punched hole reads as zeros):
/// <list type="bullet">
/// <item>Freeing punches the record; a block it shares with a neighbour is given back too when the
/// neighbour's part of it is all zeros — freed already, or past the end of a segment no longer appended
/// to — since any live record reaching into that part would put a separator there.</item>
/// <item>A segment whose allocated bytes are all zeros holds no record, and can be deleted.</item>
/// </list>
/// Packing rather than aligning each blob to a block keeps small chunks (most are under 1 kB) from taking a
/// 4 KiB block each.
/// </summary>
internal static class SegmentSpace
{
    public const byte Separator = 0x1E; // ASCII record separator: anything but zero would do

    /// <summary>
    /// Punches the blob's record, widened to whole blocks where its neighbours allow.
    /// <paramref name="appendedUpTo"/> is the segment's length while blobs are still appended to it (bytes
    /// after it are to come), null once no more are. Returns false where holes cannot be punched. A record
    /// freed already is left alone; a range that is not a record is an error, and nothing is punched.
    /// </summary>
    public static bool TryFree(SafeFileHandle file, SegmentLocator blob, long? appendedUpTo)
    {
        if (blob.Offset == 0) throw new InvalidDataException($"{blob} does not name a record: nothing precedes a blob's separator.");
        var start = blob.Offset - 1;
        var end = blob.End + 1;
        var separators = new byte[1];
        var before = RandomAccess.Read(file, separators, start) == 1 ? separators[0] : -1;
        var after = RandomAccess.Read(file, separators, blob.End) == 1 ? separators[0] : -1;
        if (before == 0 && after == 0) return true;
        if (before != Separator || after != Separator) throw new InvalidDataException($"{blob} does not name a record of its segment.");

        var blockStart = start / FileHoles.BlockSize * FileHoles.BlockSize;
        if (blockStart < start && IsZero(file, blockStart, start)) start = blockStart;
        var blockEnd = end > long.MaxValue - FileHoles.BlockSize ? end : (end + FileHoles.BlockSize - 1) / FileHoles.BlockSize * FileHoles.BlockSize;
        if (blockEnd > end && (appendedUpTo is null || blockEnd <= appendedUpTo) && IsZero(file, end, blockEnd)) end = blockEnd;
        return FileHoles.TryPunch(file, start, end - start);
    }

    /// <summary>Whether no record is left: every allocated byte is zero. False where that cannot be told.</summary>
    public static bool HoldsNothing(SafeFileHandle file) =>
        FileHoles.DataRegions(file) is { } regions && regions.All(r => IsZero(file, r.Start, r.End));

    /// <summary>Whether the bytes of the range are all zeros; bytes past the end of the file count as zeros.</summary>
    private static bool IsZero(SafeFileHandle file, long start, long end)
    {
        var buffer = new byte[(int)Math.Min(64 * 1024, end - start)];
        for (var position = start; position < end;)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - position)), position);
            if (read == 0) return true;
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0)) return false;
            position += read;
        }
        return true;
    }
}
