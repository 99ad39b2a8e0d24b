using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Every request a browser context makes to the Hindsight server, as it happens (frames and beacons included):
/// for "nothing reaches the server" checks, and for waiting until a page's uploads have all been answered.
/// </summary>
public sealed class ServerTraffic
{
    readonly string serverUrl;
    readonly ConcurrentQueue<string> paths = new();
    readonly object gate = new();
    int inFlight;
    DateTime lastChange = DateTime.UtcNow;

    ServerTraffic(string serverUrl) => this.serverUrl = serverUrl;

    public static ServerTraffic Watch(IBrowserContext context, HindsightServer server)
    {
        var traffic = new ServerTraffic(server.Url);
        context.Request += (_, request) => traffic.Started(request);
        context.RequestFinished += (_, request) => traffic.Ended(request);
        context.RequestFailed += (_, request) => traffic.Ended(request);
        return traffic;
    }

    /// <summary>The path of every request made to the server so far, in order (query strings left out).</summary>
    public IReadOnlyList<string> Paths => paths.ToArray();

    bool ToServer(IRequest request) => request.Url.StartsWith(serverUrl + "/", StringComparison.Ordinal);

    void Started(IRequest request)
    {
        if (!ToServer(request)) return;
        paths.Enqueue(new Uri(request.Url).AbsolutePath);
        lock (gate) { inFlight++; lastChange = DateTime.UtcNow; }
    }

    void Ended(IRequest request)
    {
        if (!ToServer(request)) return;
        lock (gate) { inFlight--; lastChange = DateTime.UtcNow; }
    }

    /// <summary>Waits until no request to the server is in flight and none has started or ended for <paramref name="quiet"/>.</summary>
    public async Task WaitUntilQuietAsync(TimeSpan quiet, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            lock (gate)
                if (inFlight <= 0 && DateTime.UtcNow - lastChange >= quiet) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Requests to the server never settled: {string.Join(", ", Paths)}");
    }
}
