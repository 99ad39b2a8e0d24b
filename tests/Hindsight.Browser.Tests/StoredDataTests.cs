using Hindsight.Browser.Tests.Harness;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The privacy tests search <see cref="StoredData.EverythingAsync"/> for secrets: it must read every
/// chunk the server keeps, though many share one segment file.
/// </summary>
public sealed class StoredDataTests
{
    [Fact]
    public async Task Every_chunk_in_a_segment_file_is_searched_the_replacement_of_a_seq_too()
    {
        await using var server = await HindsightServer.StartAsync();
        using var api = new ServerApi(server);
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var replayId = $"searched-{Guid.NewGuid():N}";
        for (var seq = 0; seq < 5; seq++)
            Assert.Equal(200, (int)(await api.RecordAsync(replayId, seq, PlainPage(t0 + seq * 1000, $"page-{seq}-of-{replayId}").ToJsonString())).StatusCode);
        // Sent again: appended after the others (the first version is freed minutes later).
        Assert.Equal(200, (int)(await api.RecordAsync(replayId, 2, PlainPage(t0 + 2000, $"page-2-again-of-{replayId}").ToJsonString())).StatusCode);

        var stored = await StoredData.EverythingAsync(server);

        foreach (var seq in new[] { 0, 1, 3, 4 }) Assert.Contains($"page-{seq}-of-{replayId}", stored);
        Assert.Contains($"page-2-again-of-{replayId}", stored);
        Assert.Single(Directory.GetFiles(Path.Combine(server.DataPath, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Tracked_events_in_the_analytics_store_are_searched_too_and_the_server_runs_on_after()
    {
        await using var server = await HindsightServer.StartAsync();
        using var api = new ServerApi(server);
        var insertId = $"searched-event-{Guid.NewGuid():N}";
        Assert.Equal(200, (int)(await api.TrackAsync("searched", "searched-visitor", insertId)).StatusCode);

        var stored = await StoredData.EverythingAsync(server);

        Assert.Contains(insertId, stored);
        Assert.Equal(200, (int)(await api.TrackAsync("after", "searched-visitor", $"{insertId}-after")).StatusCode);
    }
}
