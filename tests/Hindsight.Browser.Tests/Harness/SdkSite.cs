using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Pages of a customer's site with the Hindsight SDK installed from a given server, for the lifecycle tests:
/// <c>window.sdkReady</c> resolves once the SDK is ready (its <c>loaded</c> callback), and every tracked
/// event goes out within half a second.
/// </summary>
public static class SdkSite
{
    /// <summary>
    /// Publishes a page on the site; <paramref name="options"/> are merged into the init options.
    /// <paramref name="selfHosted"/>: the SDK and its recorder come from the site, not from Hindsight.
    /// </summary>
    public static string AddPage(SiteHost site, HindsightServer server, string bodyHtml, JsonObject? options = null,
        bool selfHosted = false)
    {
        var sdkBase = selfHosted ? $"{site.Url}/vendor/hindsight" : $"{server.Url}/sdk";
        var init = new JsonObject
        {
            ["api_host"] = server.Url, ["batch_flush_interval_ms"] = 500, ["recorder_src"] = $"{sdkBase}/hindsight-recorder.js",
        };
        foreach (var (key, value) in options ?? []) init[key] = value?.DeepClone();
        return site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Lifecycle</title>
            <script src="{{sdkBase}}/hindsight.js"></script>
            <script>
              window.sdkReady = new Promise(function (resolve) {
                var options = {{init.ToJsonString()}};
                options.loaded = resolve;
                hindsight.init({{JsonSerializer.Serialize(server.Token)}}, options);
              });
            </script>
            </head><body>{{bodyHtml}}</body></html>
            """);
    }

    /// <summary>Waits until the SDK is ready; returns the replay id it records into, or null.</summary>
    public static async Task<string?> ReadyAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.sdkReady");
        return await page.EvaluateAsync<string?>(
            "async () => { await window.sdkReady; return hindsight.get_session_recording_properties().$mp_replay_id || null; }");
    }

    public static Task<string> DistinctIdAsync(IPage page) => page.EvaluateAsync<string>("() => hindsight.get_distinct_id()");

    /// <summary>Every /record request the page makes, as they are made.</summary>
    public static List<IRequest> WatchRecordRequests(IPage page)
    {
        var requests = new List<IRequest>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/record/") lock (requests) requests.Add(request);
        };
        return requests;
    }
}
