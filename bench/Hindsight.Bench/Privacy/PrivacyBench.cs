using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;
using Hindsight.Browser.Tests.Harness;
using Hindsight.Browser.Tests.Privacy;

namespace Hindsight.Bench.Privacy;

/// <summary>
/// Item 8: the browser tests' leak corpus recorded by Hindsight's SDK and by the unmodified mixpanel-browser,
/// both to the bench's server, under the two configurations a Mixpanel site would have: how many of the
/// secrets that configuration should mask reach the server's storage.
/// </summary>
public static class PrivacyBench
{
    sealed record Leaks(string Recorder, PrivacyConfiguration Config, int Masked, List<Secret> Leaked);

    static readonly (string Name, Func<HindsightServer, string, string> Install)[] Sdks =
        [("Hindsight", LeakCorpus.Hindsight), ($"mixpanel-browser {Versions.OfPackage("mixpanel-browser")}", LeakCorpus.Mixpanel)];

    public static async Task<Section> RunAsync(BenchParts parts)
    {
        var results = new List<Leaks>();
        foreach (var config in new[] { "default", "mask-user-input-mode" }.Select(PrivacyConfiguration.Named))
            foreach (var (name, install) in Sdks)
            {
                var corpus = LeakCorpus.Create();
                var url = corpus.Publish(parts.Site, install(parts.Server, config.Options), $"corpus-visitor-{corpus.Run}");
                string replayId;
                await using (var context = await parts.NewVisitorAsync()) replayId = await corpus.VisitAsync(context, parts.Server, url);
                if ((await parts.Api.ReplayAsync(replayId))["chunks"]!.AsArray().Count == 0)
                    throw new InvalidOperationException($"{name}'s recording of the corpus never reached the server.");
                // The browser tests' search: every row and every blob the server holds, inflated.
                var stored = await StoredData.EverythingAsync(parts.Server);
                var masked = corpus.Secrets.Where(s => !config.Visible(s)).ToList();
                var leaked = masked.Where(s => stored.Contains(s.Value, StringComparison.Ordinal)).ToList();
                results.Add(new Leaks(name, config, masked.Count, leaked));
                Console.Error.WriteLine($"  privacy: {name}, '{config.Name}': {leaked.Count} of {masked.Count} secrets reached the server" +
                    (leaked.Count > 0 ? $" ({string.Join(", ", leaked.Select(s => s.Name))})" : ""));
            }

        var rows = results.Select(r => (IReadOnlyList<string>)[r.Recorder, $"`{r.Config.Name}`", $"{r.Leaked.Count} of {r.Masked}", Kinds(r.Leaked)]);
        var details = results.Where(r => r.Leaked.Count > 0).Select(r =>
            $"- **{r.Recorder}, `{r.Config.Name}`:** {string.Join(", ", r.Leaked.OrderBy(s => s.Kind).ThenBy(s => s.Name).Select(s => $"`{s.Name}`"))}");
        return new Section(8, "Privacy: what each recorder lets reach the server", $"""
            **Goal:** Hindsight sends none of the secrets a configuration masks; the peer is measured for comparison.

            **How:** the browser tests' leak corpus (`tests/Hindsight.Browser.Tests/Privacy/`: {results[0].Masked} secrets in
            page text, attributes, fields, password and card fields, mask and block classes, shadow roots, iframes, media
            and text changed later) is published with each recorder installed as a site would, with these options:
            `default` (nothing passed: everything masked) and `mask-user-input-mode` (`record_mask_text_selector: ''`,
            Mixpanel's older form: page text in the clear, fields masked). A visitor types into every field and the page's
            scripts change it; the replay is ended and, once every upload is answered, everything the server stored
            (every row of every table and every blob, inflated) is searched for each secret that configuration should
            mask. Each secret holds a value unique to the visit. Hindsight's own figure is also asserted by the browser
            test `PrivacyLeakTests.No_masked_secret_reaches_the_server_and_what_should_show_is_recorded`. posthog-js is not
            in this item: it uploads to the bench's PostHog stand-in, not to Hindsight's storage.

            {Md.Table(["recorded by", "configuration", "masked secrets that reached the server", "of kinds"], rows)}

            {string.Join("\n", details)}
            """);
    }

    static string Kinds(List<Secret> leaked) => leaked.Count == 0 ? "–" :
        string.Join(", ", leaked.GroupBy(s => s.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
}
