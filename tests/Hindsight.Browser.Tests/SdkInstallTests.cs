using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>Both ways a site installs the SDK: the copy-paste snippet and an ESM import, from another origin.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class SdkInstallTests(BrowserSuite suite)
{
    [Fact]
    public async Task The_install_snippet_delivers_calls_made_before_the_sdk_loaded_and_records_the_visit()
    {
        using var http = new HttpClient();
        var snippet = (await http.GetStringAsync($"{suite.Server.Url}/sdk/snippet.html"))
            .Replace("{{API_HOST}}", suite.Server.Url).Replace("{{TOKEN}}", suite.Server.Token);
        var page = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Snippet site</title>
            {{snippet}}
            <script>
              hindsight.identify("snippet-user@example.com");
              hindsight.people.set({ $name: "Snippet Person", $email: "snippet-user@example.com" });
              hindsight.track("Queued before load", { step: 1 });
            </script>
            </head><body><h1>Installed by snippet</h1><button>Go</button></body></html>
            """);
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(page);
        await site.WaitForFunctionAsync("() => window.hindsight?.get_session_recording_properties?.().$mp_replay_id");
        var replayId = await site.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id");
        await site.Locator("button").ClickAsync();

        var events = await StoredData.WaitForEventsAsync(suite.Server, "snippet-user@example.com",
            e => e.Any(x => x.Name == "Queued before load"));
        Assert.Contains(events, e => e.Name == "Queued before load");

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await site.CloseAsync(new() { RunBeforeUnload = true });
        var replay = await api.WaitForReplayAsync("Snippet Person", r => (string?)r["replayId"] == replayId);
        Assert.Equal("snippet-user@example.com", (string?)replay["userEmail"]);
    }

    [Fact]
    public async Task An_esm_import_from_the_server_tracks_and_records()
    {
        var page = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>ESM site</title>
            <script type="module">
              import hindsight from "{{suite.Server.Url}}/sdk/hindsight.mjs";
              hindsight.init("{{suite.Server.Token}}", { api_host: "{{suite.Server.Url}}", record_sessions_percent: 100,
                batch_flush_interval_ms: 500 });
              hindsight.track("Imported as a module");
              window.sdk = hindsight;
            </script>
            </head><body><h1>Installed as a module</h1></body></html>
            """);
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(page);
        await site.WaitForFunctionAsync("() => window.sdk?.get_session_recording_properties().$mp_replay_id");
        var replayId = await site.EvaluateAsync<string>("() => sdk.get_session_recording_properties().$mp_replay_id");
        var distinctId = await site.EvaluateAsync<string>("() => sdk.get_distinct_id()");

        var events = await StoredData.WaitForEventsAsync(suite.Server, distinctId, e => e.Any(x => x.Name == "Imported as a module"));
        Assert.Equal(replayId, events.Single(e => e.Name == "Imported as a module").ReplayId);
        Assert.Contains(events, e => e.Name == "$mp_session_record" && e.ReplayId == replayId);

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await site.CloseAsync(new() { RunBeforeUnload = true });
        await api.WaitForReplayAsync(distinctId, r => (string?)r["replayId"] == replayId);
    }
}
