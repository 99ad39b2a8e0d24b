using System.Runtime.ExceptionServices;
using Hindsight.Server.Hosting;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// Blobs under &lt;data&gt;/blobs, appended group by group to segment files (<see cref="SegmentFiles"/>):
/// a blob's locator names its segment, offset and length (<see cref="SegmentLocator"/>). Freeing a blob
/// punches a hole where it was; a segment that no longer takes blobs and holds nothing is deleted. Data
/// folders written before segments keep one file per blob (<c>replays/…/000000.json.gz</c>, the key as
/// locator): those still read and delete as files.
/// </summary>
public sealed class FileBlobStore : IBlobStore, IDisposable
{
    public const long DefaultMaxSegmentBytes = 64L << 20;

    private readonly string root;
    private readonly SegmentFiles segments;

    /// <param name="maxSegmentBytes">Once the current segment has grown past this, the next group starts a new one.</param>
    public FileBlobStore(DataFolder data, long maxSegmentBytes = DefaultMaxSegmentBytes)
    {
        root = data.BlobsPath;
        segments = new SegmentFiles(root, maxSegmentBytes);
    }

    public async Task<string> PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var outcome = (await PutManyAsync([new BlobWrite(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length))], cancellationToken))[0];
        if (outcome.Failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return outcome.Locator!;
    }

    /// <summary>
    /// One write and one flush for the whole group, so the group is stored or fails as one. Keys name
    /// nothing here: the rows keep the locators.
    /// </summary>
    public Task<IReadOnlyList<BlobOutcome>> PutManyAsync(IReadOnlyList<BlobWrite> blobs, CancellationToken cancellationToken)
    {
        IReadOnlyList<BlobOutcome> outcomes;
        try
        {
            outcomes = segments.Append(blobs.Select(b => b.Content).ToList()).Select(l => BlobOutcome.Stored(l.ToString())).ToList();
        }
        catch (Exception e)
        {
            outcomes = blobs.Select(_ => BlobOutcome.Failed(e)).ToList();
        }
        return Task.FromResult(outcomes);
    }

    public Task<Stream?> OpenReadAsync(string locator, CancellationToken cancellationToken) =>
        Task.FromResult(SegmentLocator.IsSegment(locator) ? OpenRange(SegmentLocator.Parse(locator)) : OpenFile(PathOfFileKey(locator)));

    private Stream? OpenRange(SegmentLocator blob)
    {
        // A segment with no data left is deleted, and an empty blob has none.
        if (blob.Length == 0) return new MemoryStream([], writable: false);
        SafeFileHandle file;
        try
        {
            // The writer has the file open: share writing (and deleting) with it.
            file = File.OpenHandle(SegmentPath(blob), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (RandomAccess.GetLength(file) < blob.End)
        {
            file.Dispose();
            throw new InvalidDataException($"Segment {blob.FileName} is shorter than blob {blob} needs.");
        }
        return new SegmentRangeStream(file, blob.Offset, blob.Length);
    }

    private static Stream? OpenFile(string path)
    {
        try
        {
            // FileShare.Delete: a blob file may be deleted (its chunk replaced) while a download is running.
            return new FileStream(path, FileMode.Open, FileAccess.Read,
                FileShare.Read | FileShare.Delete, bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string locator, CancellationToken cancellationToken)
    {
        // Where holes cannot be punched (not Linux, or a file system without them) the bytes stay where they
        // are, unreferenced, for as long as their segment: nothing moves live blobs out of a segment, and one
        // is deleted only once it reads as all holes.
        if (SegmentLocator.IsSegment(locator)) segments.Free(SegmentLocator.Parse(locator));
        else DeleteFile(PathOfFileKey(locator));
        return Task.CompletedTask;
    }

    private static void DeleteFile(string path)
    {
        if (!File.Exists(path)) return;
        File.Delete(path);
        FileSync.Directory(Path.GetDirectoryName(path)!);
    }

    private string SegmentPath(SegmentLocator blob) => Path.Combine(segments.Folder, blob.FileName);

    /// <summary>
    /// A key of a blob stored as its own file (before segments), checked before it becomes a path: it must
    /// stay under the blob folder and outside the segment folder.
    /// </summary>
    private string PathOfFileKey(string key)
    {
        var parts = key.Split('/');
        if (parts[0] == SegmentLocator.Folder || parts.Any(p => p is "" or "." or ".." || p.Any(c => !IsSafe(c))))
            throw new ArgumentException($"Blob key '{key}' is neither a segment locator nor a safe file key.", nameof(key));
        return Path.Combine([root, .. parts]);
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':';

    public void Dispose() => segments.Dispose();
}
