using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// A customer's site on a second origin (http://localhost:port, while Hindsight is on 127.0.0.1), so that
/// every SDK request is cross-site exactly as in production: CORS and credentials included.
/// Tests add pages to it; it also serves mixpanel-browser's published files and the customer data platforms'
/// browser builds from node_modules, and the built Hindsight SDK under /vendor/hindsight. A caller with pages of its own (the benchmarks' shop) maps
/// them through <c>routes</c> before the site starts.
/// </summary>
public sealed class SiteHost : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, string> pages;
    readonly WebApplication app;

    SiteHost(WebApplication app, string url, ConcurrentDictionary<string, string> pages)
    {
        this.app = app;
        this.pages = pages;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Where the site serves each CDP's browser build (one that needs no CDN), and its folder in node_modules.</summary>
    static readonly (string RequestPath, string Folder)[] CdpBuilds =
    [
        ("/vendor/segment", Path.Combine("@segment", "analytics-next", "dist", "umd")),
        ("/vendor/mparticle", Path.Combine("@mparticle", "web-sdk", "dist")),
        // The "bundled" build carries its plugins (device mode destinations among them) instead of fetching them.
        ("/vendor/rudderstack", Path.Combine("@rudderstack", "analytics-js", "dist", "npm", "modern", "bundled", "umd")),
    ];

    public static async Task<SiteHost> StartAsync(Action<WebApplication>? routes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var mixpanelDist = Path.Combine(RepoPaths.NodeModules, "mixpanel-browser", "dist");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(mixpanelDist),
            RequestPath = "/vendor/mixpanel",
        });
        // The SDK's own files, as a site that hosts them itself serves them: they load while Hindsight is down.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(RepoPaths.ServerProject, "wwwroot", "sdk")),
            RequestPath = "/vendor/hindsight",
        });
        // The customer data platforms' published browser builds, as a site that bundles them serves them.
        foreach (var (requestPath, folder) in CdpBuilds)
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.Combine(RepoPaths.NodeModules, folder)),
                RequestPath = requestPath,
            });
        var pages = new ConcurrentDictionary<string, string>();
        app.MapGet("/pages/{name}", (string name) => pages.TryGetValue(name, out var html)
            ? Results.Content(html, "text/html; charset=utf-8")
            : Results.NotFound());
        MapEcho(app);
        routes?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SiteHost(app, $"http://localhost:{new Uri(address).Port}", pages);
    }

    /// <summary>
    /// The site's own API for the network capture tests: answers with the status asked for, the body sent (or
    /// the X-Corpus-Answer header's value, a response body the request never held), a Set-Cookie made of the
    /// X-Corpus-Set-Cookie header's value, and an X-Corpus header.
    /// </summary>
    static void MapEcho(WebApplication app) =>
        app.MapMethods("/echo/{status:int:range(200,599)}", ["GET", "POST", "PUT"], async (int status, HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var answer = http.Request.Headers["X-Corpus-Answer"].ToString() is { Length: > 0 } given ? given : body;
            if (http.Request.Headers["X-Corpus-Set-Cookie"].ToString() is { Length: > 0 } cookie)
                http.Response.Headers.SetCookie = $"corpus_set={cookie}; Path=/";
            http.Response.Headers["X-Corpus"] = "echoed";
            return Results.Text(answer, "text/plain", statusCode: status);
        });

    /// <summary>Publishes a page and returns its address.</summary>
    public string AddPage(string html)
    {
        var name = $"{Guid.NewGuid():N}.html";
        pages[name] = html;
        return $"{Url}/pages/{name}";
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
