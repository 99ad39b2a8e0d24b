using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// Making files and folders durable. .NET can fsync an open file but offers no way to open a directory,
/// nor fdatasync, so this asks libc directly.
/// </summary>
internal static class FileSync
{
    /// <summary>fsync on a directory: a new or renamed entry is only durable once its directory is on disk.</summary>
    public static void Directory(string directory)
    {
        // Windows makes renames durable through the file system journal; nothing to do there.
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Cannot open {directory} for fsync (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Makes a file's written bytes durable, with what is needed to read them back (its size, its blocks),
    /// but not its timestamps: fdatasync(2) on Linux, a full fsync elsewhere. Appending to a file changes
    /// its size, so both cost a journal commit; fdatasync spares only the timestamp update.
    /// </summary>
    public static void Data(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(file);
            return;
        }
        if (WithDescriptor(file, fd => Fdatasync(fd)) != 0)
            throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>Calls libc with the handle's descriptor, which stays open (not closed by another thread) meanwhile.</summary>
    public static long WithDescriptor(SafeFileHandle file, Func<int, long> call)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle());
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static extern int Fdatasync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
