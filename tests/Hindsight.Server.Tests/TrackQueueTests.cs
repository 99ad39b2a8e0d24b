using System.Net;
using System.Text.Json;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>/track answers only once its events are stored, and refuses at once when the writer is too far behind.</summary>
public sealed class TrackQueueTests(HeldWritesFactory factory) : IClassFixture<HeldWritesFactory>
{
    private static HttpContent Batch(string prefix, int count) => Sdk.Form(JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => new
    {
        @event = "Queued",
        properties = new Dictionary<string, object>
        {
            ["token"] = HindsightFactory.Token, ["distinct_id"] = "queue-visitor", ["time"] = 1_700_000_000 + i, ["$insert_id"] = $"{prefix}-{i}",
        },
    })));

    private Task<long> StoredAsync(string prefix) =>
        factory.QueryAnalyticsSingleAsync<long>("SELECT COUNT(*) FROM events WHERE insert_id LIKE $pattern", new { pattern = prefix + "-%" });

    [Fact]
    public async Task A_batch_is_answered_after_it_is_stored_and_one_beyond_the_queue_bound_is_refused_with_503()
    {
        var http = factory.CreateClient();
        var first = http.PostAsync("/track/?verbose=1", Batch("held", 50));
        await factory.WriteHeld;

        // Short wait before asserting nothing happened: the reply must not come while the write is held.
        await Task.Delay(300);
        Assert.False(first.IsCompleted, "/track answered before its events were stored.");

        using var refused = await http.PostAsync("/track/?verbose=1", Batch("refused", 50));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("again", (string?)(await refused.ErrorAsync())["error"]);
        using var refusedPlain = await http.PostAsync("/track/", Batch("refused", 50));
        Assert.Equal("0", await refusedPlain.Content.ReadAsStringAsync());

        factory.Release();
        using (var reply = await first) Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(50, await StoredAsync("held"));
        Assert.Equal(0, await StoredAsync("refused"));

        // With the writer caught up, the same batch goes through.
        using var retried = await http.PostAsync("/track/?verbose=1", Batch("refused", 50));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(50, await StoredAsync("refused"));
    }
}
