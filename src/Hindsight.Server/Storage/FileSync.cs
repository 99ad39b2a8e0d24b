using System.Runtime.InteropServices;

namespace Hindsight.Server.Storage;

/// <summary>
/// Making files and folders durable. .NET can fsync an open file but offers no way to open a directory,
/// nor Linux's syncfs(2), so this asks libc directly.
/// </summary>
internal static class FileSync
{
    /// <summary>fsync on a directory: a new or renamed entry is only durable once its directory is on disk.</summary>
    public static void Directory(string directory)
    {
        // Windows makes renames durable through the file system journal; nothing to do there.
        if (OperatingSystem.IsWindows()) return;
        WithDescriptor(directory, Fsync, "fsync of directory");
    }

    /// <summary>
    /// Linux's syncfs(2) on the file system holding <paramref name="anyPath"/>: every write made before it
    /// (data, new files, renames, new folders) is on disk when it returns — one call for a whole group of
    /// files, far cheaper than an fsync per file. Since Linux 5.8 it also reports a write that failed in the
    /// background. Returns false where there is no syncfs (not Linux, or a kernel without it).
    /// </summary>
    public static bool TryFileSystem(string anyPath)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            WithDescriptor(anyPath, Syncfs, "syncfs on");
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (SyncException e) when (e.Errno == Enosys)
        {
            return false;
        }
    }

    private const int Enosys = 38;

    private sealed class SyncException(string message, int errno) : IOException(message)
    {
        public int Errno { get; } = errno;
    }

    private static void WithDescriptor(string path, Func<int, int> call, string what)
    {
        var fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Cannot open {path} for {what} (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (call(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new SyncException($"{what} {path} failed (errno {errno}).", errno);
            }
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

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int Syncfs(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
