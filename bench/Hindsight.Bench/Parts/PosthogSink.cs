using System.Collections.Concurrent;
using System.Text.Json;
using Hindsight.Browser.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hindsight.Bench.Parts;

/// <summary>
/// Stands in for PostHog's cloud on 127.0.0.1, answering exactly what posthog-js needs to record and send
/// (read in its source): its asset host (/static/*.js, including the lazily loaded recorder), the remote
/// config that switches session replay on (/array/&lt;token&gt;/config.js), /flags, and the capture
/// endpoints — /s/ for recording snapshots, /e/ and /i/v0/e/ for events — which read and discard.
/// </summary>
public sealed class PosthogSink : IAsyncDisposable
{
    public const string Token = "phc_hindsight_bench";

    readonly WebApplication app;

    PosthogSink(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    /// <summary>Paths posthog-js asked for that the sink does not know: a sign the remote config drifted.</summary>
    public ConcurrentBag<string> UnknownRequests { get; } = [];

    /// <summary>
    /// Project settings as PostHog serves them: replay on for every session (no sampleRate, no triggers,
    /// no minimum duration), snapshots to /s/, gzip accepted; console and network capture, autocapture,
    /// heatmaps, surveys and feature flags off.
    /// </summary>
    static readonly object RemoteConfig = new
    {
        token = Token,
        supportedCompression = new[] { "gzip", "gzip-js" },
        hasFeatureFlags = false,
        autocapture_opt_out = true,
        autocaptureExceptions = false,
        captureDeadClicks = false,
        capturePerformance = false,
        heatmaps = false,
        surveys = false,
        productTours = false,
        defaultIdentifiedOnly = true,
        elementsChainAsString = true,
        siteApps = Array.Empty<object>(),
        sessionRecording = new
        {
            endpoint = "/s/",
            consoleLogRecordingEnabled = false,
            recordCanvas = false,
            sampleRate = (string?)null,
            minimumDurationMilliseconds = (int?)null,
            linkedFlag = (string?)null,
            urlTriggers = Array.Empty<object>(),
            urlBlocklist = Array.Empty<object>(),
            eventTriggers = Array.Empty<object>(),
        },
    };

    public static async Task<PosthogSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.SetIsOriginAllowed(_ => true).AllowCredentials().AllowAnyHeader().AllowAnyMethod()));
        var app = builder.Build();
        app.UseCors();
        var sink = new PosthogSink(app);
        var dist = Path.Combine(RepoPaths.NodeModules, "posthog-js", "dist");
        var config = JsonSerializer.Serialize(RemoteConfig);

        // posthog-js asks for /static/<version>/<file>.js first and falls back to /static/<file>.js.
        app.MapGet("/static/{**path}", (string path) => Path.GetFileName(path) is var file && file.EndsWith(".js") && File.Exists(Path.Combine(dist, file))
            ? Results.File(Path.Combine(dist, file), "text/javascript")
            : Results.NotFound());
        app.MapGet("/array/{token}/config.js", (string token) => Results.Text(
            $"(window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {{}})[{JsonSerializer.Serialize(token)}] = {{ config: {config}, siteApps: [] }};",
            "text/javascript"));
        app.MapGet("/array/{token}/config", () => Results.Text(config, "application/json"));
        app.MapMethods("/flags", ["GET", "POST"], async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Json(new { flags = new { }, featureFlags = new { }, errorsWhileComputingFlags = false });
        });
        foreach (var capture in new[] { "/s", "/e", "/i/v0/e", "/batch" })
        {
            app.MapPost(capture, async (HttpRequest request) =>
            {
                await request.Body.CopyToAsync(Stream.Null);
                return Results.Json(new { status = 1 });
            });
        }
        app.MapFallback((HttpRequest request) =>
        {
            sink.UnknownRequests.Add($"{request.Method} {request.Path}");
            return Results.NotFound();
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = address;
        return sink;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
