using Microsoft.Win32.SafeHandles;

namespace Hindsight.Server.Storage;

/// <summary>
/// The folder store's segment files: the current one, to which each group of blobs is appended with one
/// positional write and made durable with one fdatasync, and freeing blobs in any of them. A file per blob
/// cost the kernel 120-250 µs to create on ext4, and making a group of new files durable at once took
/// syncfs(2), which flushes every process's dirty data on the file system; appending to one file costs
/// neither. Blobs are packed as records (<see cref="SegmentSpace"/>): a separator byte, the blob, another.
/// <para>
/// A new segment starts with each process (the tail of the last one may be torn by a crash: nothing points
/// there, and nothing is ever appended after it), once the current one passes its size, and after a write
/// or flush that failed (the file's tail is then unknown, and after a failed fsync even a later one that
/// succeeds does not vouch for the pages it lost). A segment no longer appended to that holds nothing is
/// deleted. One lock covers appending and freeing: freeing looks at a record's neighbours, which must not
/// change meanwhile, and replaced chunks, the only ones freed, are few.
/// </para>
/// </summary>
internal sealed class SegmentFiles(string blobsFolder, long maxSegmentBytes) : IDisposable
{
    /// <summary>pwritev takes at most IOV_MAX (1,024 on Linux) buffers per call.</summary>
    private const int BuffersPerWrite = 1024;

    private static readonly ReadOnlyMemory<byte> OneSeparator = new[] { SegmentSpace.Separator };
    private static readonly ReadOnlyMemory<byte> TwoSeparators = new[] { SegmentSpace.Separator, SegmentSpace.Separator };

    private readonly Lock gate = new();
    private readonly string folder = Path.Combine(blobsFolder, SegmentLocator.Folder);
    private OpenSegment? current;
    private long? nextNumber;

    private sealed class OpenSegment(long number, SafeFileHandle handle)
    {
        public long Number { get; } = number;
        public SafeFileHandle Handle { get; } = handle;
        public long Length { get; set; }
    }

    public string Folder => folder;

    /// <summary>Appends the blobs in order; returns where each went once all of them are durable.</summary>
    public SegmentLocator[] Append(IReadOnlyList<ReadOnlyMemory<byte>> blobs)
    {
        if (blobs.Count == 0) return [];
        lock (gate)
        {
            var segment = current is { } open && open.Length < maxSegmentBytes ? open : StartNext();
            var (locators, buffers, end) = Layout(segment, blobs);
            try
            {
                var offset = segment.Length;
                foreach (var part in buffers.Chunk(BuffersPerWrite))
                {
                    RandomAccess.Write(segment.Handle, part, offset);
                    offset += part.Sum(b => (long)b.Length);
                }
                FileSync.Data(segment.Handle);
            }
            catch
            {
                Retire();
                throw;
            }
            segment.Length = end;
            return locators;
        }
    }

    /// <summary>Where each blob goes after the segment's end, the buffers to write (blobs and separators), and the new end.</summary>
    private static (SegmentLocator[], List<ReadOnlyMemory<byte>>, long End) Layout(OpenSegment segment, IReadOnlyList<ReadOnlyMemory<byte>> blobs)
    {
        var locators = new SegmentLocator[blobs.Count];
        var buffers = new List<ReadOnlyMemory<byte>>(blobs.Count * 2 + 1) { OneSeparator };
        var end = segment.Length + 1;
        for (var i = 0; i < blobs.Count; i++)
        {
            // One record's closing separator and the next one's opening separator go in one buffer.
            locators[i] = new SegmentLocator(segment.Number, end, blobs[i].Length);
            buffers.Add(blobs[i]);
            buffers.Add(i == blobs.Count - 1 ? OneSeparator : TwoSeparators);
            end += blobs[i].Length + 2;
        }
        return (locators, buffers, end - 1);
    }

    /// <summary>
    /// Frees a blob's record; deletes its segment when that leaves nothing in a segment no longer appended
    /// to. Does nothing where the segment is gone, or holes cannot be punched (the bytes stay).
    /// </summary>
    public void Free(SegmentLocator blob)
    {
        lock (gate)
        {
            bool empty;
            try
            {
                using var file = File.OpenHandle(Path.Combine(folder, blob.FileName), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                var appendedUpTo = current?.Number == blob.Segment ? current.Length : (long?)null;
                if (!SegmentSpace.TryFree(file, blob, appendedUpTo)) return;
                empty = appendedUpTo is null && SegmentSpace.HoldsNothing(file);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return;
            }
            if (empty) DeleteSegment(blob.Segment);
        }
    }

    private OpenSegment StartNext()
    {
        Retire();
        var created = new List<string>();
        CreateFolder(folder, created);
        nextNumber ??= (Directory.EnumerateFiles(folder).Select(p => SegmentLocator.SegmentOfFile(Path.GetFileName(p))).Max() ?? 0) + 1;
        while (true)
        {
            var number = nextNumber.Value;
            nextNumber = number + 1;
            var path = Path.Combine(folder, SegmentLocator.FileNameOf(number));
            SafeFileHandle handle;
            try
            {
                // CreateNew: never append to a file another process (or an earlier start) left.
                // Read access too: retiring it reads whether anything is left in it.
                handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }
            try
            {
                // The new entry, and any folder made for it, durable before a locator can name the file.
                foreach (var parent in created.Prepend(folder)) FileSync.Directory(parent);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            return current = new OpenSegment(number, handle);
        }
    }

    /// <summary>Creates missing folders, noting the parent of each new one, whose entry must be made durable.</summary>
    private static void CreateFolder(string path, List<string> parents)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(path)!;
        CreateFolder(parent, parents);
        Directory.CreateDirectory(path);
        parents.Add(parent);
    }

    /// <summary>Stops appending to the current segment; deletes it if every blob in it was freed meanwhile.</summary>
    private void Retire()
    {
        if (current is not { } segment) return;
        current = null;
        try
        {
            if (SegmentSpace.HoldsNothing(segment.Handle))
            {
                segment.Handle.Dispose();
                DeleteSegment(segment.Number);
            }
        }
        catch (IOException)
        {
            // Only tidying: a segment left behind holds nothing any row points to.
        }
        finally
        {
            segment.Handle.Dispose();
        }
    }

    /// <summary>Deletes a segment file no blob lives in any more.</summary>
    private void DeleteSegment(long number)
    {
        File.Delete(Path.Combine(folder, SegmentLocator.FileNameOf(number)));
        FileSync.Directory(folder);
    }

    public void Dispose()
    {
        lock (gate) Retire();
    }
}
