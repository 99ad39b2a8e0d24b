using System.Text;
using System.Text.Json;
using Hindsight.Browser.Tests.Harness;
using Hindsight.Browser.Tests.Privacy;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// What is masked never leaves the visitor's browser: the leak corpus (Privacy/corpus.html) is visited in real
/// Chromium under each privacy configuration, recorded to the server, and everything the server stored is
/// searched for every secret.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class PrivacyLeakTests(BrowserSuite suite)
{
    public static TheoryData<string> Configurations => new(PrivacyConfiguration.All.Select(c => c.Name));

    /// <summary>Elements measured on the recorded page, to compare with their placeholders in the player.</summary>
    static readonly string[] BlockedElements = [".mp-block", ".ph-no-capture", "#photo", "#clip"];

    sealed record Visit(LeakCorpus Corpus, string Visitor, string ReplayId, string ReplayText, Dictionary<string, double[]> Sizes);

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task No_masked_secret_reaches_the_server_and_what_should_show_is_recorded(string configuration)
    {
        var config = PrivacyConfiguration.Named(configuration);
        var visit = await VisitAsync(config);
        var stored = await StoredData.EverythingAsync(suite.Server);

        // Not vacuous: the replay holds the page, and the visitor's event and profile were stored.
        Assert.Contains("\"type\":2", visit.ReplayText);
        Assert.Contains("corpus-heading", visit.ReplayText);
        Assert.Contains(visit.Visitor, stored);
        // The page's console was recorded, scrubbed (its secrets are among those searched for below).
        Assert.Contains("rrweb/console@1", visit.ReplayText);
        Assert.Contains("[email]", visit.ReplayText);
        Assert.Contains("[card]", visit.ReplayText);
        // The page's requests were recorded, with what recordHeaders and recordBodyUrls allow.
        Assert.Contains("rrweb/network@1.mp", visit.ReplayText);
        Assert.Contains("\"x-corpus\":\"echoed\"", visit.ReplayText);
        Assert.Contains("\"responseBody\":\"listed body\"", visit.ReplayText);
        // The page's unblocked canvas was recorded, as pictures (canvas mutations, source 9).
        Assert.Contains("\"source\":9", visit.ReplayText);
        // The visitor's clicks were tracked for heatmaps (record_heatmap_data), on masked text and a mailto link too.
        Assert.Contains("$mp_click", stored);

        var leaked = visit.Corpus.Secrets.Where(s => !config.Visible(s) && stored.Contains(s.Value, StringComparison.Ordinal));
        Assert.True(!leaked.Any(), $"Secrets that reached the server under '{configuration}': {Describe(leaked)}");
        var missing = visit.Corpus.Secrets.Where(s => config.Visible(s) && !visit.ReplayText.Contains(s.Value, StringComparison.Ordinal));
        Assert.True(!missing.Any(), $"Secrets that '{configuration}' should have recorded in the clear: {Describe(missing)}");
    }

    [Fact]
    public async Task In_the_player_masked_text_shows_as_asterisks_and_blocked_elements_as_same_size_placeholders()
    {
        var visit = await VisitAsync(PrivacyConfiguration.Named("default"));

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(visit.Visitor, visit.ReplayId)).ClickAsync();
        await dashboard.WaitForStateAsync("ended", 30_000);

        var heading = $"Corpus heading {visit.Corpus["text-heading"]}";
        await Assertions.Expect(dashboard.Stage.Locator("#corpus-heading")).ToHaveTextAsync(Masked(heading));
        await Assertions.Expect(dashboard.Stage.Locator("#plain")).ToHaveTextAsync(Masked($"Plain {visit.Corpus["text-plain"]}"));
        foreach (var selector in BlockedElements)
        {
            // A blocked element keeps only its class (ids are dropped), so media are found by their tag.
            var placeholder = dashboard.Stage.Locator(selector switch { "#photo" => "img", "#clip" => "video", _ => selector });
            await Assertions.Expect(placeholder).ToHaveCountAsync(1);
            Assert.Equal(0, await placeholder.EvaluateAsync<int>("e => e.childNodes.length"));
            var size = await placeholder.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }");
            Assert.True(Math.Abs(size[0] - visit.Sizes[selector][0]) < 0.5 && Math.Abs(size[1] - visit.Sizes[selector][1]) < 0.5,
                $"{selector}: {size[0]}×{size[1]} in the player, {visit.Sizes[selector][0]}×{visit.Sizes[selector][1]} on the page");
        }
    }

    [Fact]
    public async Task Masked_secrets_are_never_written_unmasked_to_the_browser_s_own_storage_while_they_wait_to_be_sent()
    {
        // A server of its own, stopped once the recorder has loaded, and replays held until 8 s long: the whole
        // visit then waits in IndexedDB, where this test reads it.
        await using var server = await HindsightServer.StartAsync();
        var config = PrivacyConfiguration.Named("selective-unmask");
        var corpus = LeakCorpus.Create();
        var options = $"Object.assign({{ record_min_ms: 8000 }}, {config.Options})";
        var url = corpus.Publish(suite.Site, LeakCorpus.Hindsight(server, options), $"corpus-visitor-{corpus.Run}");

        await using var context = await suite.NewContextAsync();
        var page = await context.NewPageAsync();
        var recorder = page.WaitForResponseAsync(r => r.Url.EndsWith("/sdk/hindsight-recorder.js"), new() { Timeout = 20_000 });
        // The console part comes after the recorder: without it the console's secrets would not be put to the test.
        var consolePart = page.WaitForResponseAsync(r => r.Url.EndsWith("/sdk/hindsight-recorder-console.js"), new() { Timeout = 20_000 });
        await page.GotoAsync(url);
        await recorder;
        await consolePart;
        server.Kill();
        await corpus.InteractAsync(page);
        await PageTurns.SettledAsync(page); // the observers have reported it all
        await page.EvaluateAsync("() => sdk.pause_session_recording()"); // seals what was collected into IndexedDB

        // Not vacuous: the page's snapshot and everything the visitor did are there, and what #public shows is in the clear.
        var visible = corpus.Secrets.Where(config.Visible).ToList();
        var stored = await BrowserStorage.WaitForAsync(page, text => visible.All(s => text.Contains(s.Value, StringComparison.Ordinal)));
        Assert.Contains("corpus-heading", stored);
        var missing = visible.Where(s => !stored.Contains(s.Value, StringComparison.Ordinal));
        Assert.True(!missing.Any(), $"Secrets that should wait in the browser in the clear: {Describe(missing)}");
        var leaked = corpus.Secrets.Where(s => !config.Visible(s) && stored.Contains(s.Value, StringComparison.Ordinal));
        Assert.True(!leaked.Any(), $"Secrets stored unmasked in the visitor's browser: {Describe(leaked)}");
    }

    [Fact]
    public async Task Stopping_before_a_sensitive_area_and_starting_after_it_records_nothing_in_between_in_a_new_replay()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var visitor = $"sensitive-area-{run}";
        var page = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Sensitive area</title>
            <script src="{{suite.Server.Url}}/sdk/hindsight.js"></script>
            <script>
              hindsight.init("{{suite.Server.Token}}", { api_host: "{{suite.Server.Url}}", record_sessions_percent: 100,
                batch_flush_interval_ms: 200, record_mask_all_text: false, record_mask_all_inputs: false });
              hindsight.identify("{{visitor}}");
              function enterArea() {
                hindsight.stop_session_recording();
                document.getElementById('area').innerHTML = '<p>Statement {{run}}-shown-in-area</p><input id="secret">';
              }
              function leaveArea() {
                document.getElementById('area').innerHTML = '';
                document.getElementById('status').textContent = 'After {{run}}';
                hindsight.start_session_recording();
              }
            </script>
            </head><body>
            <p id="status">Before {{run}}</p><input id="note">
            <div id="area"></div>
            </body></html>
            """);
        await using var context = await suite.NewContextAsync();
        var traffic = ServerTraffic.Watch(context, suite.Server);
        var site = await context.NewPageAsync();
        var firstBatch = site.WaitForResponseAsync(r => r.Url.StartsWith($"{suite.Server.Url}/record/"), new() { Timeout = 20_000 });
        await site.GotoAsync(page);
        await firstBatch;
        var firstReplay = await site.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id");
        await site.Locator("#note").PressSequentiallyAsync($"{run}-typed-before");

        await site.EvaluateAsync("() => enterArea()");
        Assert.Null(await site.EvaluateAsync<string?>("() => hindsight.get_session_recording_properties().$mp_replay_id"));
        await site.Locator("#secret").PressSequentiallyAsync($"{run}-typed-in-area");
        await site.EvaluateAsync($"() => document.getElementById('status').textContent = '{run}-changed-in-area'");
        await site.EvaluateAsync("() => leaveArea()");
        var secondReplay = await site.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id");
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        // A started replay records once its registry entry is written and the recorder attached, which a busy
        // machine can take a while over: typing is recorded from the new replay's first snapshot on.
        await api.WaitForStoredEventsAsync(secondReplay, events => events.Any(e => (int)e["type"]! == 2));
        await site.Locator("#note").PressSequentiallyAsync($"-{run}-typed-after");
        await PageTurns.SettledAsync(site); // the observers have reported the typing
        await site.EvaluateAsync("() => hindsight.stop_session_recording()");
        // The new replay was started a moment ago: the browser's queue may be empty only because its last batch
        // is still being stored there. The server holding what was typed after the area is the sign it went.
        await api.WaitForStoredEventsAsync(secondReplay, events =>
            string.Concat(events.Select(e => e.ToJsonString())).Contains($"{run}-typed-after"));
        await BrowserStorage.WaitUntilDeliveredAsync(site);
        await traffic.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));

        // mixpanel-browser's behaviour: start after stop begins a new replay.
        Assert.NotEqual(firstReplay, secondReplay);
        var stored = await StoredData.EverythingAsync(suite.Server);
        foreach (var inArea in new[] { "shown-in-area", "typed-in-area", "changed-in-area" })
            Assert.False(stored.Contains($"{run}-{inArea}"), $"'{inArea}' was recorded while recording was stopped");
        Assert.Contains($"{run}-typed-before", await ReplayTextAsync(api, firstReplay));
        var second = await ReplayTextAsync(api, secondReplay);
        Assert.Contains($"After {run}", second);
        Assert.Contains($"{run}-typed-after", second);
    }

    static async Task<string> ReplayTextAsync(ServerApi api, string replayId)
    {
        var text = new StringBuilder();
        foreach (var chunk in (await api.ReplayAsync(replayId))["chunks"]!.AsArray())
            text.Append((await api.ChunkEventsAsync(replayId, (int)chunk!["seq"]!)).ToJsonString());
        return text.ToString();
    }

    /// <summary>A visitor's whole visit of the corpus, recorded under this configuration until the server has all of it.</summary>
    async Task<Visit> VisitAsync(PrivacyConfiguration config)
    {
        var corpus = LeakCorpus.Create();
        var visitor = $"corpus-visitor-{corpus.Run}";
        var url = corpus.Publish(suite.Site, LeakCorpus.Hindsight(suite.Server, config.Options), visitor);

        await using var context = await suite.NewContextAsync();
        var sizes = new Dictionary<string, double[]>();
        var replayId = await corpus.VisitAsync(context, suite.Server, url, async page =>
        {
            foreach (var selector in BlockedElements)
                sizes[selector] = await page.Locator(selector).EvaluateAsync<double[]>(
                    "e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }");
        });

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        return new Visit(corpus, visitor, replayId, await ReplayTextAsync(api, replayId), sizes);
    }

    /// <summary>Masking as the SDK does it: each visible character becomes an asterisk, whitespace stays.</summary>
    static string Masked(string text) => string.Concat(text.Select(c => char.IsWhiteSpace(c) ? c : '*'));

    static string Describe(IEnumerable<Secret> secrets) =>
        JsonSerializer.Serialize(secrets.Select(s => $"{s.Name} ({s.Kind}, {s.Region})"));
}
