using Hindsight.Server.Hosting;

namespace Hindsight.Server.Storage;

/// <summary>Blobs as files under &lt;data&gt;/blobs, written with temp file + fsync + atomic rename.</summary>
public sealed class FileBlobStore(DataFolder data) : IBlobStore
{
    private readonly string root = data.BlobsPath;

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        var directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory);

        // The temp file sits beside the target so the rename never crosses file systems; readers see the
        // old bytes or the new ones, never a half-written file.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 64 * 1024, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            DirectorySync.Flush(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.Delete lets a replacing Put rename over the file while a download is running.
            Stream stream = new FileStream(PathFor(key), FileMode.Open, FileAccess.Read,
                FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (File.Exists(path))
        {
            File.Delete(path);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
        return Task.CompletedTask;
    }

    /// <summary>Creates missing folders and flushes each new entry's parent, so a new folder survives a crash too.</summary>
    private void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        var parent = Path.GetDirectoryName(directory)!;
        if (directory != root) EnsureDirectory(parent);
        Directory.CreateDirectory(directory);
        DirectorySync.Flush(parent);
    }

    /// <summary>Keys come from <see cref="BlobKeys"/>, but a key is still checked before it becomes a path.</summary>
    private string PathFor(string key)
    {
        var segments = key.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or ".." || segment.Any(c => !IsSafe(c)))
                throw new ArgumentException($"Blob key '{key}' has an unsafe segment.", nameof(key));
        }
        return Path.Combine([root, .. segments]);
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':';
}
