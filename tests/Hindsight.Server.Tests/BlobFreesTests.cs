using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hindsight.Server.Tests;

/// <summary>A server whose clock runs ahead of the real one: a later start, once a grace period is over.</summary>
public sealed class ClockAheadFactory(string? root, TimeSpan ahead) : HindsightFactory(root)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new AheadClock(ahead)));
    }

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}

/// <summary>
/// Replaced chunks' old bytes are freed through the database (Storage/BlobFrees.cs): scheduled with the
/// rows that replace them, freed by a background drain once the grace period is over — after a restart too.
/// </summary>
public sealed class BlobFreesTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    [Fact]
    public async Task Old_bytes_of_a_replaced_chunk_are_freed_after_the_grace_even_when_the_server_restarted_before_it_ended()
    {
        string root, old;
        byte[] oldBytes, newBytes;
        await using (var first = new ClockAheadFactory(null, TimeSpan.Zero) { KeepFolder = true })
        {
            root = first.Root;
            var http = first.CreateClient();
            await RecordAsync(http, "restarted", 0, Rrweb.Start(Rrweb.T0, "https://shop.example/"));
            await RecordAsync(http, "restarted", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 1_000)));
            old = await first.LocatorAsync("restarted", 1);
            oldBytes = (await first.BlobAsync(old))!;

            await RecordAsync(http, "restarted", 1, Rrweb.Batch(Rrweb.Click(Rrweb.T0 + 1_000), Rrweb.Click(Rrweb.T0 + 1_200)));

            newBytes = await first.StoredChunkAsync("restarted", 1);
            // Stopped before the grace period ends: the old bytes are still readable, their free only pending.
            Assert.Equal(oldBytes, await first.BlobAsync(old));
        }

        await using var second = new ClockAheadFactory(root, TimeSpan.FromHours(1));
        second.CreateClient();

        // The drain frees the bytes, then deletes the free's row: wait for both, not the first alone.
        await WaitUntilAsync(async () => (await second.BlobAsync(old))!.All(b => b == 0)
            && await second.QuerySingleAsync<long>("SELECT COUNT(*) FROM blob_frees") == 0, "the old bytes to be freed and their free done");
        Assert.Contains(oldBytes, b => b != 0);
        Assert.Equal(newBytes, await second.StoredChunkAsync("restarted", 1));
    }

    [Fact]
    public async Task A_free_is_not_done_before_it_is_due_and_two_drains_at_once_free_it_once()
    {
        var (kept, freed) = await TwoBlobsAsync();
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync([freed], now + TimeSpan.FromMinutes(2));

        Assert.Equal(0, await Drain().FreeDueAsync(now, CancellationToken.None));
        Assert.Contains((await factory.BlobAsync(freed))!, b => b != 0);

        var later = now + TimeSpan.FromMinutes(3);
        var counts = await Task.WhenAll(Task.Run(() => Drain().FreeDueAsync(later, CancellationToken.None)),
                                        Task.Run(() => Drain().FreeDueAsync(later, CancellationToken.None)));

        Assert.InRange(counts.Sum(), 1, 2); // each drain that found the entry freed it; freeing twice is harmless
        Assert.All((await factory.BlobAsync(freed))!, b => Assert.Equal(0, b));
        Assert.Equal("kept", System.Text.Encoding.UTF8.GetString((await factory.BlobAsync(kept))!));
        Assert.Empty(await factory.QueryAsync<string>("SELECT blob_locator FROM blob_frees WHERE blob_locator = @freed", new { freed }));
    }

    [Fact]
    public async Task A_free_that_fails_stays_scheduled_and_does_not_hold_up_the_others()
    {
        var (_, freed) = await TwoBlobsAsync();
        const string broken = "segments/not-a-locator";
        var now = DateTimeOffset.UtcNow;
        await ScheduleAsync([broken], now - TimeSpan.FromMinutes(1));
        await ScheduleAsync([freed], now);

        Assert.Equal(1, await Drain().FreeDueAsync(now, CancellationToken.None));

        Assert.All((await factory.BlobAsync(freed))!, b => Assert.Equal(0, b));
        var retry = await factory.QuerySingleAsync<long>("SELECT due_at FROM blob_frees WHERE blob_locator = @broken", new { broken });
        Assert.True(retry > now.ToUnixTimeMilliseconds(), "the failed free is tried again at a later round");
    }

    private BlobFreeDrain Drain() => factory.Get<BlobFreeDrain>();

    /// <summary>Two blobs stored together, side by side in one segment.</summary>
    private async Task<(string Kept, string Freed)> TwoBlobsAsync()
    {
        var stored = await factory.Get<IBlobStore>().PutManyAsync(
            [new BlobWrite("tests/kept", "kept"u8.ToArray()), new BlobWrite("tests/freed", "freed"u8.ToArray())], CancellationToken.None);
        return (stored[0].Locator!, stored[1].Locator!);
    }

    private async Task ScheduleAsync(IReadOnlyList<string> locators, DateTimeOffset due)
    {
        var database = factory.Get<IDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await BlobFrees.ScheduleAsync(connection, transaction, locators, due, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task RecordAsync(HttpClient http, string replayId, int seq, string json)
    {
        using var reply = await http.RecordAsync(replayId, seq, json);
        reply.EnsureSuccessStatusCode();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Waited 30 s for {what}.");
            await Task.Delay(50);
        }
    }
}
