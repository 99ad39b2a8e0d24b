using System.Text;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Tests;

/// <summary>The folder store: groups appended to segment files, blobs read and freed by their locators.</summary>
public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hindsight-blobs-").FullName;
    private readonly List<FileBlobStore> stores = [];
    private FileBlobStore store;

    public FileBlobStoreTests() => store = Start();

    /// <summary>A store on the test's data folder, as a process start makes one.</summary>
    private FileBlobStore Start(long maxSegmentBytes = FileBlobStore.DefaultMaxSegmentBytes)
    {
        var started = new FileBlobStore(new DataFolder(Options.Create(new HindsightOptions { DataPath = root })), maxSegmentBytes);
        stores.Add(started);
        return started;
    }

    public void Dispose()
    {
        foreach (var started in stores) started.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private string SegmentFolder => Path.Combine(root, "blobs", "segments");
    private string[] SegmentFiles() => Directory.Exists(SegmentFolder) ? Directory.GetFiles(SegmentFolder).Select(p => Path.GetFileName(p)).Order().ToArray() : [];

    private async Task<IReadOnlyList<string>> PutGroupAsync(params string[] texts)
    {
        var outcomes = await store.PutManyAsync(texts.Select((t, i) => new BlobWrite($"replays/1/r/{i:D6}.json.gz", Encoding.UTF8.GetBytes(t))).ToList(),
            CancellationToken.None);
        Assert.All(outcomes, o => Assert.Null(o.Failure));
        return outcomes.Select(o => o.Locator!).ToList();
    }

    private Task<string> PutAsync(string text) =>
        store.PutAsync("replays/1/r/000000.json.gz", new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private async Task<string?> ReadAsync(string locator)
    {
        await using var stream = await store.OpenReadAsync(locator, CancellationToken.None);
        return stream is null ? null : await new StreamReader(stream).ReadToEndAsync();
    }

    [Fact]
    public async Task A_group_is_appended_to_one_segment_file_and_each_locator_reads_exactly_its_blob()
    {
        var large = new string('x', 10_000);
        var locators = await PutGroupAsync("first", large, "", "last");

        Assert.Equal(["000000000001.seg"], SegmentFiles());
        Assert.All(locators, l => Assert.StartsWith("segments/000000000001.seg@", l));
        Assert.Equal(new string?[] { "first", large, "", "last" }, await Task.WhenAll(locators.Select(ReadAsync)));
        await using var stream = (await store.OpenReadAsync(locators[1], CancellationToken.None))!;
        Assert.True(stream.CanSeek);
        Assert.Equal(10_000, stream.Length); // what an HTTP reply announces as its Content-Length
    }

    [Fact]
    public async Task Blobs_are_packed_one_after_another_each_between_two_separators()
    {
        var locators = await PutGroupAsync("a", new string('b', 5_000), "c");

        Assert.Equal(["segments/000000000001.seg@1+1", "segments/000000000001.seg@4+5000", "segments/000000000001.seg@5006+1"], locators);
        var segment = await File.ReadAllBytesAsync(Path.Combine(SegmentFolder, "000000000001.seg"));
        Assert.Equal(5_008, segment.Length);
        Assert.Equal("\u001ea\u001e\u001e", Encoding.ASCII.GetString(segment, 0, 4));
        Assert.Equal("\u001e\u001ec\u001e", Encoding.ASCII.GetString(segment, 5_004, 4));
    }

    [Fact]
    public async Task A_key_put_again_gets_a_new_locator_and_the_old_one_reads_its_bytes_until_freed()
    {
        var first = await PutAsync("first version");
        var second = await PutAsync("second version");

        Assert.NotEqual(first, second);
        Assert.Equal("first version", await ReadAsync(first));
        Assert.Equal("second version", await ReadAsync(second));

        await store.DeleteAsync(first, CancellationToken.None);
        await store.DeleteAsync(first, CancellationToken.None);
        Assert.Equal("second version", await ReadAsync(second));
    }

    [Fact]
    public async Task Freeing_a_blob_punches_a_hole_where_it_was_and_leaves_its_neighbours()
    {
        var locators = await PutGroupAsync("before", new string('f', 9_000), "after");

        await store.DeleteAsync(locators[1], CancellationToken.None);

        Assert.Equal(new string('\0', 9_000), await ReadAsync(locators[1]));
        Assert.Equal("before", await ReadAsync(locators[0]));
        Assert.Equal("after", await ReadAsync(locators[2]));
        Assert.Equal(["000000000001.seg"], SegmentFiles());
    }

    [Fact]
    public async Task A_segment_passing_its_size_is_followed_by_a_new_one_and_deleted_once_all_its_blobs_are_freed()
    {
        store = Start(maxSegmentBytes: 4_096);
        var firstGroup = await PutGroupAsync(new string('1', 5_000), "one");
        var secondGroup = await PutGroupAsync("two");

        Assert.All(firstGroup, l => Assert.StartsWith("segments/000000000001.seg@", l));
        Assert.Equal("segments/000000000002.seg@1+3", secondGroup[0]);

        await store.DeleteAsync(firstGroup[0], CancellationToken.None);
        Assert.Equal(["000000000001.seg", "000000000002.seg"], SegmentFiles());
        Assert.Equal("one", await ReadAsync(firstGroup[1]));
        await store.DeleteAsync(firstGroup[1], CancellationToken.None);
        Assert.Equal(["000000000002.seg"], SegmentFiles());
        Assert.Null(await ReadAsync(firstGroup[1]));
        Assert.Equal("two", await ReadAsync(secondGroup[0]));
    }

    [Fact]
    public async Task Small_blobs_sharing_a_block_give_it_back_once_all_of_them_are_freed()
    {
        var locators = await PutGroupAsync("x", "y", "z");
        store.Dispose();
        store = Start();
        var segment = Path.Combine(SegmentFolder, "000000000001.seg");

        await store.DeleteAsync(locators[0], CancellationToken.None);
        await store.DeleteAsync(locators[2], CancellationToken.None);
        Assert.Equal("y", await ReadAsync(locators[1]));
        // The block is still allocated: y lives in it.
        Assert.Equal(0L, Assert.Single(AllocatedRanges(segment)!).Item1);

        await store.DeleteAsync(locators[1], CancellationToken.None);
        Assert.False(File.Exists(segment));
    }

    [Fact]
    public async Task A_range_that_is_not_a_record_is_not_freed()
    {
        var locators = await PutGroupAsync("kept", "also kept");

        await Assert.ThrowsAsync<InvalidDataException>(() => store.DeleteAsync("segments/000000000001.seg@2+3", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => store.DeleteAsync("segments/000000000001.seg@1+3", CancellationToken.None));

        Assert.Equal("kept", await ReadAsync(locators[0]));
        Assert.Equal("also kept", await ReadAsync(locators[1]));
    }

    private static List<(long, long)>? AllocatedRanges(string path)
    {
        using var file = File.OpenHandle(path);
        return FileHoles.DataRegions(file)?.Select(r => (r.Start, r.End)).ToList();
    }

    [Fact]
    public async Task The_segment_being_appended_to_stays_even_with_all_its_blobs_freed()
    {
        var locators = await PutGroupAsync("only");
        await store.DeleteAsync(locators[0], CancellationToken.None);

        var next = await PutGroupAsync("next");

        Assert.Equal("segments/000000000001.seg@7+4", next[0]);
        Assert.Equal("next", await ReadAsync(next[0]));
    }

    [Fact]
    public async Task A_restart_appends_to_a_new_segment_never_after_what_the_last_process_left()
    {
        var before = await PutGroupAsync("before restart");
        // A torn write the crash left at the end of the segment: nothing points to it.
        await File.AppendAllTextAsync(Path.Combine(SegmentFolder, "000000000001.seg"), "torn");
        store.Dispose();

        store = Start();
        var after = await PutGroupAsync("after restart");

        Assert.Equal("segments/000000000002.seg@1+13", after[0]);
        Assert.Equal("before restart", await ReadAsync(before[0]));
        Assert.Equal("after restart", await ReadAsync(after[0]));
    }

    [Fact]
    public async Task Blobs_stored_as_files_by_earlier_versions_still_read_and_delete_by_their_key()
    {
        const string key = "replays/1/0190a1b2-c3d4.e5f6:7890_ab/000003.json.gz";
        var path = Path.Combine(root, "blobs", "replays", "1", "0190a1b2-c3d4.e5f6:7890_ab", "000003.json.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "stored as a file");

        Assert.Equal("stored as a file", await ReadAsync(key));
        await store.DeleteAsync(key, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);
        Assert.False(File.Exists(path));
        Assert.Null(await ReadAsync(key));
    }

    [Fact]
    public async Task A_reader_keeps_reading_while_more_groups_are_appended()
    {
        var locators = await PutGroupAsync(new string('r', 100_000));
        await using var reading = (await store.OpenReadAsync(locators[0], CancellationToken.None))!;
        var start = new byte[10];
        await reading.ReadExactlyAsync(start);

        await PutGroupAsync("appended");

        Assert.Equal(new string('r', 99_990), await new StreamReader(reading).ReadToEndAsync());
    }

    [Fact]
    public async Task A_locator_past_the_end_of_its_segment_is_an_error_and_one_in_a_missing_segment_reads_as_null()
    {
        await PutGroupAsync("short");

        await Assert.ThrowsAsync<InvalidDataException>(() => store.OpenReadAsync("segments/000000000001.seg@0+5000", CancellationToken.None));
        Assert.Null(await ReadAsync("segments/000000000099.seg@0+5"));
    }

    [Theory]
    [InlineData("segments/000000000001.seg")]
    [InlineData("segments/1.seg@0+5")]
    [InlineData("segments/000000000001.seg@-1+5")]
    [InlineData("segments/000000000001.seg@01+5")]
    [InlineData("segments/000000000001.seg@0+5\n")]
    [InlineData("segments/000000000001.seg@0+5/../../x")]
    [InlineData("segments/../000000000001.seg@0+5")]
    [InlineData("segments/000000000001.seg@9223372036854775807+1")]
    [InlineData("segments/000000000001.seg@99999999999999999999+1")]
    [InlineData("segments")]
    [InlineData("replays/1/../../escape")]
    [InlineData("replays/1/./x")]
    [InlineData("/absolute")]
    [InlineData("replays//x")]
    [InlineData("replays/1/a b")]
    public async Task A_malformed_locator_is_refused_and_never_becomes_a_path(string locator)
    {
        await PutGroupAsync("kept");

        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(locator, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(locator, CancellationToken.None));
        Assert.Equal("kept", await ReadAsync("segments/000000000001.seg@1+4"));
    }
}
