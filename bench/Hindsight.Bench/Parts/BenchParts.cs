using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>
/// Everything the benchmarks run against, started once: a Hindsight server process on the embedded
/// default (SQLite + folder, as shipped, plus the bench-only ceiling endpoint), the PostHog sink, the
/// customer's site on a second origin, Chromium, and a teammate's logged-in API client.
/// </summary>
public sealed class BenchParts : IAsyncDisposable
{
    public HindsightServer Server { get; private init; } = null!;
    public PosthogSink Sink { get; private init; } = null!;
    public SiteHost Site { get; private init; } = null!;
    public IPlaywright Playwright { get; private init; } = null!;
    public IBrowser Browser { get; private init; } = null!;
    public ServerApi Api { get; private init; } = null!;
    public IReadOnlyList<Recorder> Recorders { get; private init; } = [];
    /// <summary>Item 11's: Hindsight and mixpanel-browser with console and network capture on.</summary>
    public IReadOnlyList<Recorder> CaptureRecorders { get; private init; } = [];
    public string ChromiumVersion => Browser.Version;

    public static async Task<BenchParts> StartAsync()
    {
        var server = await HindsightServer.StartAsync(environment: new Dictionary<string, string>
        {
            ["Hindsight__Benchmark__CeilingEndpoint"] = "true",
        });
        var sink = await PosthogSink.StartAsync();
        var recorders = Parts.Recorders.All(server, sink);
        var captureRecorders = Parts.Recorders.WithCapture(server);
        var site = await SiteHost.StartAsync(BenchSite.Routes([.. recorders, .. captureRecorders]));
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Only loopback exists for this browser: every other host fails to resolve, with no per-request
        // interception (which would add a round trip through the driver to every request measured).
        var browser = await Chromium.LaunchAsync(playwright, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
        var api = new ServerApi(server);
        await api.LoginAsync();
        return new BenchParts
        {
            Server = server, Sink = sink, Site = site, Playwright = playwright, Browser = browser, Api = api, Recorders = recorders,
            CaptureRecorders = captureRecorders,
        };
    }

    /// <summary>How much the server holds now, in words for the report.</summary>
    public async Task<string> StoreSizeAsync()
    {
        await using var db = Server.OpenDatabase(readOnly: true);
        var replays = await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM replays");
        var chunks = await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM replay_chunks");
        return $"{replays:N0} replays, {chunks:N0} chunks";
    }

    public Recorder Recorder(string key) => Recorders.Concat(CaptureRecorders).Single(r => r.Key == key);

    /// <summary>A page of bench/site/ with the recorder installed.</summary>
    public string PageUrl(Recorder recorder, string file) => $"{Site.Url}/r/{recorder.Key}/{file}";

    /// <summary>A fresh browser profile: a first-time visitor.</summary>
    public Task<IBrowserContext> NewVisitorAsync() =>
        Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Site is not null) await Site.DisposeAsync();
        if (Sink is not null) await Sink.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}
