using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The recorder's console part on a real page: what the page logs, throws and leaves unhandled is stored in the
/// replay as mixpanel-browser's `rrweb/console@1` events, scrubbed in the browser.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class ConsoleCaptureTests(BrowserSuite suite)
{
    const string Body = """
        <script>
          function checkoutStep(email) {
            console.log('cart loaded', { items: 3, email: email });
            console.warn('slow response for ' + email);
            console.error('payment failed', { card: '4111 1111 1111 1111', token: 'tok-abc-123' });
          }
        </script>
        <p>Console</p>
        """;

    [Fact]
    public async Task Console_messages_uncaught_errors_and_rejections_are_stored_in_the_replay_scrubbed()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var url = SdkSite.AddPage(suite.Site, suite.Server, Body, new JsonObject { ["record_sessions_percent"] = 100 });
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayId = (await SdkSite.ReadyAsync(site))!;
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        // The console is recorded from the replay's first snapshot on, once the part has loaded with rrweb.
        await api.WaitForSnapshotsAsync(replayId, 1);

        await site.EvaluateAsync($"() => checkoutStep('ada-{run}@example.com')");
        await site.EvaluateAsync($"() => {{ setTimeout(() => {{ throw new Error('uncaught {run} for ada-{run}@example.com'); }}); }}");
        await site.EvaluateAsync($"() => {{ Promise.reject(new TypeError('rejected {run} password=hunter2-{run}')); }}");

        var events = await api.WaitForStoredEventsAsync(replayId, all => Console(all).Count(m => (string)m["level"]! == "error") >= 3);
        var messages = Console(events);
        var text = string.Concat(messages.Select(m => m.ToJsonString()));
        Assert.DoesNotContain($"ada-{run}@example.com", text);
        Assert.DoesNotContain("4111 1111 1111 1111", text);
        Assert.DoesNotContain("tok-abc-123", text);
        Assert.DoesNotContain($"hunter2-{run}", text);

        var log = messages.First(m => (string)m["level"]! == "log");
        Assert.Equal(["\"cart loaded\"", "{\"items\":3,\"email\":\"[email]\"}"], log["payload"]!.AsArray().Select(p => (string)p!));
        Assert.Contains(log["trace"]!.AsArray(), frame => ((string)frame!).StartsWith("checkoutStep ("));
        Assert.Contains(messages, m => (string)m["level"]! == "warn" && (string)m["payload"]![0]! == "\"slow response for [email]\"");
        Assert.Contains(messages, m => (string)m["payload"]![0]! == "\"payment failed\"" && (string)m["payload"]![1]! == "{\"card\":\"[card]\",\"token\":\"[secret]\"}");
        var uncaught = messages.Single(m => ((string)m["payload"]![0]!).Contains($"uncaught {run}"));
        Assert.Equal($"\"Uncaught Error: uncaught {run} for [email]\"", (string)uncaught["payload"]![0]!);
        Assert.NotEmpty(uncaught["trace"]!.AsArray());
        var rejected = messages.Single(m => ((string)m["payload"]![0]!).Contains($"rejected {run}"));
        Assert.Equal($"\"Uncaught (in promise) TypeError: rejected {run} password=[secret]\"", (string)rejected["payload"]![0]!);
    }

    /// <summary>The console messages of a replay's stored events: their `{ level, trace, payload }`.</summary>
    static List<JsonNode> Console(List<JsonNode> events) =>
        events.Where(e => (int)e["type"]! == 6 && (string?)e["data"]?["plugin"] == "rrweb/console@1")
            .Select(e => e["data"]!["payload"]!).ToList();
}
