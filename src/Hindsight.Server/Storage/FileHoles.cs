using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// Giving a range of a file's blocks back to the file system without moving anything after it: Linux's
/// fallocate(2) with FALLOC_FL_PUNCH_HOLE (ext4, XFS, btrfs, tmpfs), and lseek(2)'s SEEK_DATA / SEEK_HOLE
/// to find what is still allocated. .NET offers neither. Where they are missing the bytes simply stay.
/// </summary>
internal static class FileHoles
{
    public const int BlockSize = 4096;

    private const int FallocFlKeepSize = 0x01, FallocFlPunchHole = 0x02;
    private const int SeekData = 3, SeekHole = 4;
    private const int Enxio = 6, Enosys = 38, Eopnotsupp = 95;

    /// <summary>
    /// Zeroes the range and frees the whole blocks inside it (a partial block at either end stays allocated,
    /// zeroed); the file's size does not change. Returns false where the platform or the file system
    /// cannot punch holes: the bytes are then left as they were.
    /// </summary>
    public static bool TryPunch(SafeFileHandle file, long offset, long length)
    {
        if (!Supported || length <= 0) return false;
        try
        {
            if (FileSync.WithDescriptor(file, fd => Fallocate(fd, FallocFlPunchHole | FallocFlKeepSize, offset, length)) == 0) return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno is Eopnotsupp or Enosys) return false;
        throw new IOException($"Punching a hole of {length} bytes at {offset} failed (errno {errno}).");
    }

    /// <summary>
    /// The allocated ranges of the file, in order (a file system that cannot tell answers the whole file), or
    /// null where this cannot be asked.
    /// </summary>
    public static List<(long Start, long End)>? DataRegions(SafeFileHandle file)
    {
        if (!Supported) return null;
        try
        {
            var regions = new List<(long, long)>();
            for (long position = 0; ;)
            {
                var start = FileSync.WithDescriptor(file, fd => Lseek(fd, position, SeekData));
                if (start < 0) return Marshal.GetLastPInvokeError() == Enxio ? regions : null;
                var end = FileSync.WithDescriptor(file, fd => Lseek(fd, start, SeekHole));
                if (end < 0) return null;
                regions.Add((start, end));
                position = end;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    // off_t is 64 bits only in a 64-bit process (the P/Invokes below declare it as long).
    private static bool Supported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static extern int Fallocate(int fd, int mode, long offset, long length);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long Lseek(int fd, long offset, int whence);
}
