using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// What the SDK keeps in the visitor's browser for a page's origin, read from inside the page: the IndexedDB
/// database (replay registry and waiting batches, bodies decompressed), localStorage and sessionStorage.
/// </summary>
public static class BrowserStorage
{
    /// <summary>Opens the SDK's database only if it exists: opening a missing one would create it without its stores.</summary>
    const string OpenDatabase = """
        async function openSdkDatabase() {
          const names = (await indexedDB.databases()).map((d) => d.name);
          if (!names.includes('hindsight')) return null;
          return new Promise((resolve, reject) => {
            const open = indexedDB.open('hindsight');
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
        }
        function request(req) {
          return new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
        }
        """;

    /// <summary>How many replay records and waiting batches the SDK's database holds.</summary>
    public static async Task<(int Replays, int Batches)> CountsAsync(IPage page)
    {
        var counts = await page.EvaluateAsync<int[]>($$"""
            async () => {
              {{OpenDatabase}}
              const db = await openSdkDatabase();
              if (!db) return [0, 0];
              const tx = db.transaction(['replays', 'batches']);
              const counts = [await request(tx.objectStore('replays').count()), await request(tx.objectStore('batches').count())];
              db.close();
              return counts;
            }
            """);
        return (counts[0], counts[1]);
    }

    /// <summary>Polls the counts until they satisfy the condition or the time is up; returns the last counts.</summary>
    public static async Task<(int Replays, int Batches)> WaitForCountsAsync(IPage page, Func<(int Replays, int Batches), bool> until,
        TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var counts = await CountsAsync(page);
        while (!until(counts) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            counts = await CountsAsync(page);
        }
        return counts;
    }

    /// <summary>
    /// Waits until nothing of the page's replays is left in the browser: every batch acknowledged by the server and
    /// every ended replay forgotten. After stop_session_recording() this is when the server has the whole replay.
    /// </summary>
    public static async Task WaitUntilDeliveredAsync(IPage page, TimeSpan? timeout = null)
    {
        var counts = await WaitForCountsAsync(page, c => c == (0, 0), timeout);
        if (counts != (0, 0))
            throw new TimeoutException($"Still waiting in the browser: {counts.Replays} replays, {counts.Batches} batches");
    }

    /// <summary>Everything the origin stores, as text: storage entries, replay records, batch parameters and bodies.</summary>
    public static Task<string> EverythingAsync(IPage page) => page.EvaluateAsync<string>($$"""
        async () => {
          {{OpenDatabase}}
          const parts = [];
          for (const store of [localStorage, sessionStorage])
            for (let i = 0; i < store.length; i++) parts.push(store.key(i) + '=' + store.getItem(store.key(i)));
          const db = await openSdkDatabase();
          if (db) {
            const tx = db.transaction(['replays', 'batches']);
            const replays = await request(tx.objectStore('replays').getAll());
            const batches = await request(tx.objectStore('batches').getAll());
            db.close();
            parts.push(JSON.stringify(replays));
            for (const batch of batches) {
              parts.push(JSON.stringify(batch.params));
              parts.push(typeof batch.body === 'string' ? batch.body
                : await new Response(new Blob([batch.body]).stream().pipeThrough(new DecompressionStream('gzip'))).text());
            }
          }
          return parts.join('\n');
        }
        """);

    /// <summary>The rrweb events of every batch waiting in the SDK's database, batch by batch (bodies decompressed).</summary>
    public static async Task<List<JsonArray>> WaitingBatchesAsync(IPage page)
    {
        var bodies = await page.EvaluateAsync<string[]>($$"""
            async () => {
              {{OpenDatabase}}
              const db = await openSdkDatabase();
              if (!db) return [];
              const batches = await request(db.transaction(['batches']).objectStore('batches').getAll());
              db.close();
              const bodies = [];
              for (const batch of batches)
                bodies.push(typeof batch.body === 'string' ? batch.body
                  : await new Response(new Blob([batch.body]).stream().pipeThrough(new DecompressionStream('gzip'))).text());
              return bodies;
            }
            """);
        return bodies.Select(body => JsonNode.Parse(body)!.AsArray()).ToList();
    }

    /// <summary>Polls until a batch waiting in the SDK's database holds an event that satisfies the condition.</summary>
    public static async Task WaitForWaitingEventAsync(IPage page, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var batches = await WaitingBatchesAsync(page);
            if (batches.Any(events => events.Any(e => e is not null && until(e)))) return;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"No batch waiting in the browser held the event; {batches.Count} batches wait");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls until the stored text satisfies the condition; returns it.</summary>
    public static async Task<string> WaitForAsync(IPage page, Func<string, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = await EverythingAsync(page);
            if (until(text)) return text;
            await Task.Delay(200);
        }
        return text;
    }
}
