using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>One request a recorder's page sent, as the browser sent it.</summary>
public sealed record SentRequest(Traffic Kind, string Url, string? ContentType, byte[] Body, long HeaderBytes)
{
    /// <summary>The path and query, to send the same request to another server.</summary>
    public string PathAndQuery => new Uri(Url).PathAndQuery;
}

/// <summary>
/// Watches a browser context's requests through Playwright and sorts them with the recorder's
/// <see cref="Recorder.Classify"/>: recording uploads and analytics requests, their bodies as sent (from
/// <see cref="SentBodies"/> when given: Playwright does not see a Blob body) and the size of their request
/// headers, and how many are still in flight. CORS preflights are not reported by the browser and are not
/// counted.
/// </summary>
public sealed class TrafficMeter
{
    /// <summary>
    /// A request sent as its page went away (keepalive, sendBeacon) may never be reported finished; after
    /// this long it no longer counts as in flight. Its bytes still count: they are taken when it starts.
    /// </summary>
    static readonly TimeSpan Unreported = TimeSpan.FromSeconds(10);

    readonly Recorder recorder;
    readonly SentBodies? bodies;
    readonly ConcurrentDictionary<IRequest, Entry> entries = new();
    int recordingStarted;

    sealed class Entry(Traffic kind, IRequest request)
    {
        public Traffic Kind { get; } = kind;
        public IRequest Request { get; } = request;
        public DateTime Started { get; } = DateTime.UtcNow;
        public byte[] Body { get; } = request.PostDataBuffer ?? [];
        /// <summary>The headers' size as sent, once the request has finished.</summary>
        public Task<long>? HeaderBytes { get; set; }
    }

    public TrafficMeter(IBrowserContext context, Recorder recorder, SentBodies? bodies = null)
    {
        this.recorder = recorder;
        this.bodies = bodies;
        context.Request += (_, request) =>
        {
            var kind = Classify(request);
            if (kind == Traffic.Other) return;
            entries[request] = new Entry(kind, request);
            if (kind == Traffic.Recording) Interlocked.Increment(ref recordingStarted);
        };
        context.RequestFinished += (_, request) =>
        {
            if (entries.TryGetValue(request, out var entry)) entry.HeaderBytes = SizesAsync(request);
        };
        context.RequestFailed += (_, request) => entries.TryRemove(request, out Entry? _);
    }

    /// <summary>Recording uploads started so far.</summary>
    public int RecordingUploadsStarted => Volatile.Read(ref recordingStarted);

    /// <summary>Nothing this meter counts is in flight (or has gone unreported too long to wait for).</summary>
    public bool Idle => entries.Values.All(e => e.HeaderBytes is not null || DateTime.UtcNow - e.Started > Unreported);

    /// <summary>Every recording upload and analytics request, in the order they started.</summary>
    public async Task<IReadOnlyList<SentRequest>> SentAsync()
    {
        var sent = new List<SentRequest>();
        foreach (var e in entries.Values.OrderBy(e => e.Started))
        {
            var headers = e.HeaderBytes is { } finished ? await finished : EstimatedHeaderBytes(e.Request);
            sent.Add(new SentRequest(e.Kind, e.Request.Url, e.Request.Headers.GetValueOrDefault("content-type"), e.Body, headers));
        }
        if (bodies is null) return sent;
        // The bodies as the page handed them over, each matched to the request with its URL for the headers.
        var unmatched = sent.ToList();
        return bodies.All
            .Select(b => (b, Kind: Uri.TryCreate(b.Url, UriKind.Absolute, out var url) ? recorder.Classify(url) : Traffic.Other))
            .Where(x => x.Kind != Traffic.Other)
            .Select(x =>
            {
                var request = unmatched.FirstOrDefault(r => r.Url == x.b.Url);
                if (request is not null) unmatched.Remove(request);
                return new SentRequest(x.Kind, x.b.Url, request?.ContentType, x.b.Body, request?.HeaderBytes ?? 0);
            })
            .ToList();
    }

    /// <summary>
    /// Waits until more recording uploads than <paramref name="after"/> have started and nothing this
    /// meter counts is in flight — what a recorder has handed to the network has arrived.
    /// </summary>
    public async Task<bool> WaitForUploadsAsync(int after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (RecordingUploadsStarted > after && Idle) return true;
            await Task.Delay(25);
        }
        return false;
    }

    /// <summary>
    /// After a recorder was told to upload what it holds: waits until an upload started after
    /// <paramref name="after"/> has arrived, or — when it had nothing left — until <paramref name="quiet"/>
    /// passed with nothing in flight.
    /// </summary>
    public async Task SettleAsync(int after, TimeSpan quiet)
    {
        var start = DateTime.UtcNow;
        while (!(Idle && (RecordingUploadsStarted > after || DateTime.UtcNow - start >= quiet)))
            await Task.Delay(25);
    }

    Traffic Classify(IRequest request) =>
        request.Method == "POST" && Uri.TryCreate(request.Url, UriKind.Absolute, out var url) ? recorder.Classify(url) : Traffic.Other;

    static async Task<long> SizesAsync(IRequest request) => (await request.SizesAsync()).RequestHeadersSize;

    /// <summary>For a request never reported finished: its request line and the headers the page gave it.</summary>
    static long EstimatedHeaderBytes(IRequest request) =>
        $"POST {new Uri(request.Url).PathAndQuery} HTTP/1.1\r\n".Length
        + request.Headers.Sum(h => h.Key.Length + 2 + h.Value.Length + 2) + 2;
}
