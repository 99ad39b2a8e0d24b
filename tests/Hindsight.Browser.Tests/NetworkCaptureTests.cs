using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The network part in real Chromium: a page's fetch and XMLHttpRequest calls — a success, a server error and a
/// network error of each — are stored with the replay as mixpanel-browser 2.83's network plugin records them.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class NetworkCaptureTests(BrowserSuite suite)
{
    const string Plugin = "rrweb/network@1.mp";

    [Fact]
    public async Task Fetch_and_XHR_calls_are_stored_with_their_status_and_timing_and_the_page_gets_its_answers()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var refused = $"http://127.0.0.1:1/refused-{run}";
        var url = SdkSite.AddPage(suite.Site, suite.Server, $$"""
            <p>Network {{run}}</p>
            <script>
              function xhr(method, url, body) {
                return new Promise(function (resolve) {
                  var request = new XMLHttpRequest();
                  request.open(method, url);
                  request.onload = function () { resolve(request.status + ':' + request.responseText); };
                  request.onerror = function () { resolve('error'); };
                  request.send(body);
                });
              }
              window.calls = function () {
                return Promise.all([
                  fetch('/echo/200?fetch-ok={{run}}&listed=1', { method: 'POST', body: 'fetch-body-{{run}}' })
                    .then(function (r) { return r.status + ':' + r.headers.get('x-corpus') + ':'; }).then(function (head) { return head; }),
                  fetch('/echo/500?fetch-fail={{run}}').then(function (r) { return r.text().then(function (t) { return r.status + ':' + t; }); }),
                  fetch('{{refused}}/fetch').then(function () { return 'resolved'; }, function (e) { return e.name; }),
                  xhr('POST', '/echo/200?xhr-ok={{run}}', 'xhr-body-{{run}}'),
                  xhr('GET', '/echo/500?xhr-fail={{run}}'),
                  xhr('GET', '{{refused}}/xhr'),
                ]);
              };
            </script>
            """, new JsonObject
        {
            ["record_sessions_percent"] = 100,
            ["record_network"] = true,
            ["record_network_options"] = new JsonObject
            {
                ["recordBodyUrls"] = new JsonObject { ["request"] = new JsonArray("listed=1"), ["response"] = new JsonArray("listed=1") },
            },
        });
        await using var context = await suite.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        var replayId = await SdkSite.ReadyAsync(page);
        Assert.NotNull(replayId);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        // The network part runs from the first snapshot on: calls made after it are recorded.
        await api.WaitForStoredEventsAsync(replayId!, events => events.Any(e => (int)e["type"]! == 2));

        var answers = await page.EvaluateAsync<string[]>("() => calls()");

        Assert.Equal(["200:echoed:", "500:", "TypeError", "200:xhr-body-" + run, "500:", "error"], answers);
        var requests = new List<JsonNode>();
        await api.WaitForStoredEventsAsync(replayId!, events =>
        {
            requests = events.Where(e => (int)e["type"]! == 6 && (string?)e["data"]!["plugin"] == Plugin)
                .SelectMany(e => e["data"]!["payload"]!["requests"]!.AsArray()).Select(r => r!).ToList();
            return requests.Count(r => ((string)r["url"]!).Contains(run)) >= 6;
        });
        JsonNode Request(string part) => requests.Single(r => ((string)r["url"]!).Contains(part));
        var expected = new (string Part, string Method, string Initiator, int Status)[]
        {
            ($"fetch-ok={run}", "POST", "fetch", 200), ($"fetch-fail={run}", "GET", "fetch", 500), ($"refused-{run}/fetch", "GET", "fetch", 0),
            ($"xhr-ok={run}", "POST", "xmlhttprequest", 200), ($"xhr-fail={run}", "GET", "xmlhttprequest", 500),
            ($"refused-{run}/xhr", "GET", "xmlhttprequest", 0),
        };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (part, method, initiator, status) in expected)
        {
            var request = Request(part);
            Assert.Equal(method, (string)request["method"]!);
            Assert.Equal(initiator, (string)request["initiatorType"]!);
            Assert.Equal(status, (int)request["status"]!);
            var (start, end, origin) = ((double)request["startTime"]!, (double)request["endTime"]!, (double)request["timeOrigin"]!);
            Assert.True(start > 0 && end >= start, $"{part}: {start}..{end}");
            Assert.InRange(origin + end, now - 120_000, now + 1000);
        }
        // Bodies only where recordBodyUrls lists the URL.
        Assert.Equal($"fetch-body-{run}", (string?)Request($"fetch-ok={run}")["requestBody"]);
        Assert.Equal($"fetch-body-{run}", (string?)Request($"fetch-ok={run}")["responseBody"]);
        Assert.Null(Request($"xhr-ok={run}")["requestBody"]);
        Assert.Null(Request($"xhr-ok={run}")["responseBody"]);
        // Resources are recorded from their timing entries; Hindsight's own requests never.
        Assert.DoesNotContain(requests, r => ((string)r["url"]!).StartsWith(suite.Server.Url));
    }
}
