using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// One Chromium, one Hindsight server and one customer site shared by every browser test in the run:
/// starting them once keeps the suite fast. Tests isolate themselves by their own visitors and replays.
/// </summary>
public sealed class BrowserSuite : IAsyncLifetime
{
    public HindsightServer Server { get; private set; } = null!;
    public SiteHost Site { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = HindsightServer.StartAsync();
        var site = SiteHost.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(Playwright);
        Server = await server;
        Site = await site;
    }

    /// <summary>A fresh browser profile: a new visitor, or a teammate who is not logged in yet.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        // Nothing leaves this machine: a request to any other host fails at once instead of timing out.
        await context.RouteAsync(url => !IsLoopback(url), route => route.AbortAsync());
        return context;
    }

    /// <summary>Whether a request stays on this machine (anything not http or https does).</summary>
    public static bool IsLoopback(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsLoopback;

    public async Task DisposeAsync()
    {
        // Null-safe: a failed start leaves some parts unset, and their failure is the message worth reading.
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (Site is not null) await Site.DisposeAsync();
    }
}

[CollectionDefinition(nameof(BrowserSuite))]
public sealed class BrowserSuiteCollection : ICollectionFixture<BrowserSuite>;
