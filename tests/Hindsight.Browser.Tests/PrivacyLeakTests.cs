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

    /// <summary>A visitor's whole visit of the corpus, recorded under this configuration until the server has all of it.</summary>
    async Task<Visit> VisitAsync(PrivacyConfiguration config)
    {
        var corpus = LeakCorpus.Create();
        var visitor = $"corpus-visitor-{corpus.Run}";
        var url = corpus.Publish(suite.Site, suite.Server, config.Options, visitor);

        await using var context = await suite.NewContextAsync();
        var traffic = ServerTraffic.Watch(context, suite.Server);
        var page = await context.NewPageAsync();
        var firstBatch = page.WaitForResponseAsync(r => r.Url.StartsWith($"{suite.Server.Url}/record/"), new() { Timeout = 20_000 });
        await page.GotoAsync(url);
        await firstBatch;
        var replayId = await page.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id");

        await corpus.InteractAsync(page);
        var sizes = new Dictionary<string, double[]>();
        foreach (var selector in BlockedElements)
            sizes[selector] = await page.Locator(selector).EvaluateAsync<double[]>(
                "e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }");
        // Let the mutation observers report, then end the replay: its last batch goes out at once.
        await page.WaitForTimeoutAsync(300);
        await page.EvaluateAsync("() => hindsight.stop_session_recording()");
        await traffic.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var chunks = (await api.ReplayAsync(replayId))["chunks"]!.AsArray();
        var replayText = new StringBuilder();
        foreach (var chunk in chunks) replayText.Append((await api.ChunkEventsAsync(replayId, (int)chunk!["seq"]!)).ToJsonString());
        return new Visit(corpus, visitor, replayId, replayText.ToString(), sizes);
    }

    /// <summary>Masking as the SDK does it: each visible character becomes an asterisk, whitespace stays.</summary>
    static string Masked(string text) => string.Concat(text.Select(c => char.IsWhiteSpace(c) ? c : '*'));

    static string Describe(IEnumerable<Secret> secrets) =>
        JsonSerializer.Serialize(secrets.Select(s => $"{s.Name} ({s.Kind}, {s.Region})"));
}
