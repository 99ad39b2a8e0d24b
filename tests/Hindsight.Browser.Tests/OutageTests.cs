using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>Delivery that loses nothing: batches wait in IndexedDB while the server is down and arrive once, in order.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class OutageTests(BrowserSuite suite)
{
    [Fact]
    public async Task While_the_server_is_down_the_visit_is_kept_and_every_batch_arrives_once_when_it_is_back()
    {
        // A server of its own: this test kills it.
        await using var server = await HindsightServer.StartAsync();
        // The site hosts the SDK itself, so a reload during the outage still loads it.
        var url = SdkSite.AddPage(suite.Site, server, """
            <div id="content"></div><input id="note" placeholder="Note"><button id="go">Go</button>
            <script>
              var n = +(sessionStorage.getItem('visits') || 0) + 1;
              sessionStorage.setItem('visits', n);
              document.getElementById('content').innerHTML = '<h1 id="page-' + n + '">Page ' + n + '</h1>';
            </script>
            """, new JsonObject { ["record_sessions_percent"] = 100 }, selfHosted: true);
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayId = (await SdkSite.ReadyAsync(site))!;
        using (var api = new ServerApi(server))
        {
            await api.LoginAsync();
            await api.WaitForChunksAsync(replayId, chunks => chunks.Count >= 1); // seq 0 arrived before the outage
        }

        server.Kill();
        var downAt = await site.EvaluateAsync<long>("() => Date.now()");
        await site.Locator("#go").ClickAsync();
        await site.Locator("#note").PressSequentiallyAsync("typed while the server was down", new() { Delay = 40 });
        // The reload's page hide seals what was typed and stashes it for the reloaded page.
        await site.ReloadAsync();
        Assert.Equal(replayId, await SdkSite.ReadyAsync(site));
        await site.Locator("#page-2").WaitForAsync();
        await site.Mouse.MoveAsync(300, 200, new() { Steps = 10 });
        await site.Locator("#note").PressSequentiallyAsync("after the reload", new() { Delay = 40 });
        var clickAt = await site.EvaluateAsync<long>("() => Date.now()");
        await site.Locator("#go").ClickAsync();
        // The next 10 s flush seals the batch holding that click: it waits in IndexedDB. (Not the batch count:
        // the batches sealed before the click would satisfy it while the click is still unsealed.)
        await BrowserStorage.WaitForWaitingEventAsync(site, e =>
            (int)e["type"]! == 3 && (int)e["data"]!["source"]! == 2 && (long)e["timestamp"]! >= clickAt);
        var upAt = await site.EvaluateAsync<long>("() => Date.now()");

        await server.StartProcessAsync();
        await site.Mouse.MoveAsync(100, 100, new() { Steps = 4 });
        using var after = new ServerApi(server);
        await after.LoginAsync();
        // The SDK retries with a capped exponential backoff (2, 4, 8, 16 s…) and seals the next batch 10 s on:
        // well within a minute. That batch may begin before upAt (what the page emitted between the seal and
        // the restart), so what is waited for is a batch that ends after it, not one that starts after it.
        var detail = await after.WaitForChunksAsync(replayId, chunks =>
            chunks.Any(c => (long)c!["lastTimestamp"]! > upAt), TimeSpan.FromSeconds(60));

        var seqs = detail["chunks"]!.AsArray().Select(c => (int)c!["seq"]!).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count), seqs); // every batch, no gap
        var events = (await after.AllChunkEventsAsync(replayId)).SelectMany(c => c).Select(e => e!).ToList();
        var texts = events.Select(e => e.ToJsonString()).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count()); // none twice
        var timestamps = events.Select(e => (long)e["timestamp"]!).ToList();
        Assert.Equal(timestamps.OrderBy(t => t), timestamps); // and in playback order
        var duringOutage = events.Where(e => (long)e["timestamp"]! > downAt && (long)e["timestamp"]! < upAt).ToList();
        Assert.Contains(duringOutage, e => (int)e["type"]! == 2); // the reloaded page's snapshot
        Assert.Contains(duringOutage, e => (int)e["type"]! == 3 && (int)e["data"]!["source"]! == 5); // typing
        Assert.Contains(duringOutage, e => (int)e["type"]! == 3 && (int)e["data"]!["source"]! == 2); // clicks
    }
}
