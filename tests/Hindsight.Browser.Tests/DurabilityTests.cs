using Hindsight.Browser.Tests.Harness;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>An acknowledged batch is durable: the reply is sent only after the blob and its row are written.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Batches_acknowledged_with_200_survive_a_SIGKILL_right_after_the_reply()
    {
        await using var server = await HindsightServer.StartAsync();
        var replayId = $"durable-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        const int batches = 20;
        using (var api = new ServerApi(server))
        {
            for (var seq = 0; seq < batches; seq++)
            {
                var events = seq == 0 ? PlainPage(t0, "Durable") : Activity(t0 + seq * 1000, t0 + seq * 1000 + 900);
                var reply = await api.RecordAsync(replayId, seq, events.ToJsonString());
                Assert.Equal(200, (int)reply.StatusCode);
            }
        }
        server.Kill(); // at once after the last 200: no graceful shutdown, no chance to flush anything late

        await server.StartProcessAsync();
        using var after = new ServerApi(server);
        await after.LoginAsync();
        var replay = await after.ReplayAsync(replayId);
        Assert.Equal(batches, replay["chunks"]!.AsArray().Count);
        for (var seq = 0; seq < batches; seq++)
        {
            var events = await after.ChunkEventsAsync(replayId, seq);
            var expected = seq == 0 ? PlainPage(t0, "Durable") : Activity(t0 + seq * 1000, t0 + seq * 1000 + 900);
            Assert.Equal(expected.ToJsonString(), events.ToJsonString());
        }
    }
}
