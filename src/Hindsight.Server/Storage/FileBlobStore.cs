using System.Runtime.ExceptionServices;
using Hindsight.Server.Hosting;

namespace Hindsight.Server.Storage;

/// <summary>
/// Blobs as files under &lt;data&gt;/blobs. A group of blobs is made durable together: new blobs are written
/// in their place and replacements to temp files beside their targets; one flush; the replacements renamed
/// over their targets; one flush again. On Linux a flush is one syncfs(2) of the data folder's file system,
/// elsewhere an fsync of every file and touched folder. Files are written one after another: creating
/// files from several threads at once costs the kernel more, in all, than one thread does.
/// </summary>
public sealed class FileBlobStore(DataFolder data) : IBlobStore
{
    private readonly string root = data.BlobsPath;
    private readonly Lazy<bool> syncfs = new(() => FileSync.TryFileSystem(data.Root));

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var outcomes = await PutManyAsync([new BlobWrite(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length))], cancellationToken);
        if (outcomes[0] is { } failure) ExceptionDispatchInfo.Throw(failure);
    }

    public Task<IReadOnlyList<Exception?>> PutManyAsync(IReadOnlyList<BlobWrite> blobs, CancellationToken cancellationToken)
    {
        var outcomes = new Exception?[blobs.Count];
        var written = new List<WrittenBlob>(blobs.Count);
        for (var i = 0; i < blobs.Count; i++)
        {
            try
            {
                written.Add(Write(i, blobs[i]));
            }
            catch (Exception e)
            {
                outcomes[i] = e;
            }
        }

        // New blobs, their folders and the replacements' bytes; then the replacements' renames.
        Flush(written, outcomes);
        var renamed = new List<WrittenBlob>();
        foreach (var blob in written.Where(b => b.Temp is not null && outcomes[b.Index] is null))
        {
            try
            {
                File.Move(blob.Temp!, blob.Path, overwrite: true);
                renamed.Add(blob);
            }
            catch (Exception e)
            {
                outcomes[blob.Index] = e;
                File.Delete(blob.Temp!);
            }
        }
        Flush(renamed, outcomes);
        return Task.FromResult<IReadOnlyList<Exception?>>(outcomes);
    }

    /// <summary>Where a blob of the group went (its temp file when it replaces one), and the folders whose entries changed.</summary>
    private sealed record WrittenBlob(int Index, string Path, string? Temp, List<string> ChangedFolders);

    private WrittenBlob Write(int index, BlobWrite blob)
    {
        var path = PathFor(blob.Key);
        var directory = Path.GetDirectoryName(path)!;
        var changedFolders = new List<string> { directory };
        EnsureDirectory(directory, changedFolders);
        // A new blob goes straight to its place: nothing points to it before the group is durable. A
        // replacement goes to a temp file beside its target (the rename never crosses file systems), so
        // readers see the old bytes or the new ones, never a half-written file.
        var replacing = File.Exists(path);
        var target = replacing ? Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp") : path;
        var created = false;
        try
        {
            using var handle = File.OpenHandle(target, FileMode.CreateNew, FileAccess.Write);
            created = true;
            RandomAccess.Write(handle, blob.Content.Span, 0);
            // With syncfs, one call makes the whole group durable; without it, each file now.
            if (!syncfs.Value) RandomAccess.FlushToDisk(handle);
        }
        catch
        {
            if (created) File.Delete(target);
            throw;
        }
        return new WrittenBlob(index, path, replacing ? target : null, changedFolders);
    }

    /// <summary>Makes what was written durable; if that fails, so does every blob it was for.</summary>
    private void Flush(List<WrittenBlob> written, Exception?[] outcomes)
    {
        if (!written.Any(w => outcomes[w.Index] is null)) return;
        try
        {
            if (!syncfs.Value)
                foreach (var folder in written.SelectMany(w => w.ChangedFolders).Distinct(StringComparer.Ordinal)) FileSync.Directory(folder);
            else if (!FileSync.TryFileSystem(root))
                throw new IOException("syncfs answered that it is not supported, after it worked.");
        }
        catch (Exception e)
        {
            foreach (var blob in written.Where(b => outcomes[b.Index] is null))
            {
                outcomes[blob.Index] = e;
                if (blob.Temp is not null) File.Delete(blob.Temp);
            }
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
            FileSync.Directory(Path.GetDirectoryName(path)!);
        }
        return Task.CompletedTask;
    }

    /// <summary>Creates missing folders, noting each new entry's parent so a flush makes the folder durable too.</summary>
    private void EnsureDirectory(string directory, List<string> folders)
    {
        if (Directory.Exists(directory)) return;
        var parent = Path.GetDirectoryName(directory)!;
        if (directory != root) EnsureDirectory(parent, folders);
        Directory.CreateDirectory(directory);
        folders.Add(parent);
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
