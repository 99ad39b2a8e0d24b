using System.Runtime.InteropServices;

namespace Hindsight.Server.Storage;

/// <summary>
/// fsync on a directory. A rename is only durable once its directory entry is on disk, and .NET offers no
/// way to open a directory, so this asks libc directly.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        // Windows makes renames durable through the file system journal; nothing to do there.
        if (OperatingSystem.IsWindows()) return;

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
