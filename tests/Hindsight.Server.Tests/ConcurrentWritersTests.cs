using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hindsight.Server.Ingest;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Ingest.Track;
using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// The writers that read rows, work out new values and write them back (IDatabase's read-modify-write
/// transactions), run at the same time on one replay or one profile: every update lands, none is lost
/// or refused. The writers are called directly, past the /record queue that would line them up.
/// </summary>
public sealed class ConcurrentWritersTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const int Writers = 16;

    [Fact]
    public async Task Concurrent_writers_of_one_replay_count_every_chunk()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        var writer = factory.Get<ReplayChunkWriter>();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(seq => Task.Run(() =>
            writer.SaveAsync([Write(projectId, "concurrent-replay", seq)], CancellationToken.None))));

        var row = await factory.QuerySingleAsync<(long ChunkCount, long ClickCount)>(
            "SELECT chunk_count, click_count FROM replays WHERE replay_id = 'concurrent-replay'");
        Assert.Equal(Writers, row.ChunkCount);
        Assert.Equal(Writers, row.ClickCount);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_profile_all_apply()
    {
        var projectId = await factory.DefaultProjectIdAsync();
        var writer = factory.Get<ProfileWriter>();
        var add = JsonDocument.Parse("""{"visits": 1}""").RootElement;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => writer.SaveAsync(
            [(projectId, new ProfileUpdate(HindsightFactory.Token, "concurrent-person", null, [new ProfileOperation("$add", add)]))],
            CancellationToken.None))));

        var properties = await factory.QuerySingleAsync<string>(
            "SELECT properties FROM people WHERE distinct_id = 'concurrent-person'");
        Assert.Equal(Writers, JsonDocument.Parse(properties).RootElement.GetProperty("visits").GetInt32());
    }

    /// <summary>Batch <paramref name="seq"/> of a replay, one click, its blob said to be stored (rows only are written here).</summary>
    private static ChunkWrite Write(long projectId, string replayId, int seq)
    {
        var t = Rrweb.T0 + seq * 1_000;
        var json = Rrweb.Batch(Rrweb.Click(t));
        var (summary, _) = BatchParser.Parse(Encoding.UTF8.GetBytes(json), 10_000, 2048);
        var gzip = Sdk.Gzip(json);
        var key = BlobKeys.ReplayChunk(projectId, replayId, seq);
        return new ChunkWrite(projectId, new RecordQuery(replayId, seq, BatchFormat.Gzip, null, null, null, null, null), summary!,
            UserAgentInfo.Unknown, key, Convert.ToHexStringLower(SHA256.HashData(gzip)), gzip) { BlobLocator = key };
    }
}
