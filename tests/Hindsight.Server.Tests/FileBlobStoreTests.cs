using System.Text;
using Hindsight.Server.Hosting;
using Hindsight.Server.Storage;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Tests;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hindsight-blobs-").FullName;
    private readonly FileBlobStore store;

    public FileBlobStoreTests() => store = new FileBlobStore(new DataFolder(Options.Create(new HindsightOptions { DataPath = root })));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private Task PutAsync(string key, string text) => store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private async Task<string?> ReadAsync(string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        return stream is null ? null : await new StreamReader(stream).ReadToEndAsync();
    }

    [Fact]
    public async Task A_blob_put_twice_reads_back_the_second_version()
    {
        await PutAsync("replays/1/r/000000.json.gz", "first");
        await PutAsync("replays/1/r/000000.json.gz", "second");

        Assert.Equal("second", await ReadAsync("replays/1/r/000000.json.gz"));
    }

    [Fact]
    public async Task A_deleted_or_absent_blob_reads_as_null_and_deleting_twice_is_fine()
    {
        await PutAsync("replays/1/r/000001.json.gz", "bytes");
        await store.DeleteAsync("replays/1/r/000001.json.gz", CancellationToken.None);
        await store.DeleteAsync("replays/1/r/000001.json.gz", CancellationToken.None);

        Assert.Null(await ReadAsync("replays/1/r/000001.json.gz"));
        Assert.Null(await ReadAsync("replays/9/none/000000.json.gz"));
    }

    [Fact]
    public async Task A_reader_keeps_its_bytes_while_the_blob_is_replaced()
    {
        await PutAsync("replays/1/open/000000.json.gz", "old bytes");
        await using var reading = (await store.OpenReadAsync("replays/1/open/000000.json.gz", CancellationToken.None))!;

        await PutAsync("replays/1/open/000000.json.gz", "new bytes");

        Assert.Equal("old bytes", await new StreamReader(reading).ReadToEndAsync());
        Assert.Equal("new bytes", await ReadAsync("replays/1/open/000000.json.gz"));
    }

    [Fact]
    public async Task A_group_put_stores_new_and_replaced_blobs_and_keeps_the_last_of_a_repeated_key()
    {
        await PutAsync("replays/1/g/000000.json.gz", "old");

        var outcomes = await store.PutManyAsync([Blob("replays/1/g/000000.json.gz", "replaced"), Blob("replays/1/g/000001.json.gz", "first"),
            Blob("replays/1/h/000000.json.gz", "new folder"), Blob("replays/1/g/000001.json.gz", "second")], CancellationToken.None);

        Assert.All(outcomes, Assert.Null);
        Assert.Equal("replaced", await ReadAsync("replays/1/g/000000.json.gz"));
        Assert.Equal("second", await ReadAsync("replays/1/g/000001.json.gz"));
        Assert.Equal("new folder", await ReadAsync("replays/1/h/000000.json.gz"));
        Assert.Equal(["000000.json.gz", "000001.json.gz"], Directory.GetFiles(Path.Combine(root, "blobs", "replays", "1", "g")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_blob_of_a_group_that_cannot_be_written_leaves_the_others_stored()
    {
        // A file where the folder of the second blob should be.
        await PutAsync("replays/2/blocked", "a file");

        var outcomes = await store.PutManyAsync([Blob("replays/2/ok/000000.json.gz", "stored"), Blob("replays/2/blocked/000000.json.gz", "lost"),
            Blob("replays/2/unsafe/../x", "refused"), Blob("replays/2/ok/000001.json.gz", "stored too")], CancellationToken.None);

        Assert.Null(outcomes[0]);
        Assert.IsAssignableFrom<IOException>(outcomes[1]);
        Assert.IsType<ArgumentException>(outcomes[2]);
        Assert.Null(outcomes[3]);
        Assert.Equal("stored", await ReadAsync("replays/2/ok/000000.json.gz"));
        Assert.Equal("stored too", await ReadAsync("replays/2/ok/000001.json.gz"));
    }

    private static BlobWrite Blob(string key, string text) => new(key, Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("replays/1/../../escape")]
    [InlineData("replays/1/./x")]
    [InlineData("/absolute")]
    [InlineData("replays//x")]
    [InlineData("replays/1/a b")]
    public async Task Keys_that_could_leave_the_blob_folder_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(key, "x"));
    }
}
