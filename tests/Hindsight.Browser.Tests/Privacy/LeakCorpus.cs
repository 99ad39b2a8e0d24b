using System.Text.RegularExpressions;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Privacy;

/// <summary>Where a secret sits on the corpus page, which decides whether a configuration may record it.</summary>
public enum SecretKind
{
    /// <summary>Page text: text nodes, nested, changed or added later, in shadow roots and the iframe.</summary>
    Text,
    /// <summary>Text-bearing attributes of page elements: title, aria-*, a mailto link, a button's value.</summary>
    TextAttribute,
    /// <summary>Fields: input values (typed and set by script), placeholders, textarea, select options, contenteditable.</summary>
    Field,
    /// <summary>Fields masked whatever the options: password, email, tel, hidden, personal autocomplete, card/CVV/SSN names.</summary>
    AlwaysMasked,
    /// <summary>Inside an element with one of the common mask classes.</summary>
    MaskClass,
    /// <summary>Inside an element with one of the common block classes: a blocked shadow host and iframe included.</summary>
    BlockClass,
    /// <summary>Image, video and audio sources, srcset, poster, alt and track labels (blocked by the default selector).</summary>
    Media,
    /// <summary>An element blocked only when the blocking configuration names it (by class and by selector).</summary>
    CustomBlock,
    /// <summary>Comments, scripts and head metadata: never part of a snapshot.</summary>
    NeverRecorded,
    /// <summary>What the page's scripts log, throw or leave unhandled: an email, a card number, tokens and secrets, scrubbed by the console part.</summary>
    Console,
    /// <summary>
    /// The page's own requests, recorded by the network part: bodies sent to and answered by URLs recordBodyUrls
    /// does not list, and Authorization, Cookie and Set-Cookie headers, though recordHeaders lists them.
    /// </summary>
    Network,
    /// <summary>Text drawn on canvases with record_canvas on: pictures only, never drawing calls; a blocked canvas not at all.</summary>
    Canvas,
}

/// <summary>The corpus's two regions for selective options: #public is unmasked, #private masked.</summary>
public enum Region { Page, Public, Private }

public sealed record Secret(string Name, SecretKind Kind, Region Region, string Value);

/// <summary>
/// The leak corpus: corpus.html and frame.html (kept as files next to this one) filled with secrets unique to this
/// run, the list of every secret with its place, and what a visitor does on the page.
/// </summary>
public sealed class LeakCorpus
{
    static readonly (string Name, SecretKind Kind, Region Region)[] Catalog =
    [
        .. Each(SecretKind.Text, "text-title", "text-heading", "text-plain", "text-nested", "text-mutated", "text-characterdata",
            "text-later", "shadow-text", "shadow-direct-text", "shadow-later"),
        .. Each(SecretKind.TextAttribute, "attr-title", "attr-aria-label", "attr-aria-description", "attr-aria-roledescription",
            "attr-aria-valuetext", "attr-aria-placeholder", "attr-mailto", "attr-submit-value", "attr-button-value", "attr-reset-value",
            "attr-datetime", "attr-later", "attr-later-set", "shadow-attr"),
        .. Each(SecretKind.Field, "field-initial-value", "field-placeholder", "field-typed-text", "field-typed-search", "field-typed-url",
            "field-number", "field-date", "field-datetime", "field-month", "field-week", "field-color", "field-checkbox-value",
            "field-radio-value", "field-script-property", "field-script-attribute", "field-aria-label", "field-textarea-placeholder",
            "field-textarea-initial", "field-textarea-typed", "field-optgroup-label", "field-option-value", "field-option-label",
            "field-option-text", "field-option-later", "field-editable-initial", "field-editable-typed", "shadow-placeholder", "shadow-typed"),
        .. Each(SecretKind.AlwaysMasked, "always-password", "always-email", "always-tel", "always-hidden", "always-hidden-later",
            "always-cc-autocomplete", "always-card-name", "always-cvv", "always-ssn", "always-otp", "always-toggle-before",
            "always-toggle-after"),
        .. Each(SecretKind.MaskClass, "mask-mp", "mask-fs", "mask-amp", "mask-rr", "mask-ph", "mask-class-attr", "mask-class-input"),
        .. Each(SecretKind.BlockClass, "block-mp", "block-fs", "block-amp", "block-rr", "block-ph", "block-title", "block-later",
            "blocked-shadow-later", "blocked-frame-text", "blocked-frame-attr", "blocked-frame-placeholder", "blocked-frame-later",
            "blocked-frame-typed"),
        .. Each(SecretKind.Media, "media-img-src", "media-img-srcset", "media-img-alt", "media-video-src", "media-video-poster",
            "media-track-label", "media-audio-src"),
        .. Each(SecretKind.CustomBlock, "custom-block-class", "custom-block-selector"),
        .. Each(SecretKind.NeverRecorded, "never-meta-description", "never-script-text", "never-comment"),
        .. Each(SecretKind.Console, "console-email", "console-card", "console-card-spaced", "console-bearer", "console-jwt",
            "console-password", "console-api-key", "console-error-email", "console-rejection-token", "console-frame-email"),
        .. Each(SecretKind.Network, "net-fetch-body", "net-fetch-answer", "net-xhr-body", "net-xhr-answer", "net-fetch-authorization",
            "net-xhr-authorization", "net-listed-authorization", "net-cookie", "net-set-cookie", "net-xhr-set-cookie"),
        .. Each(SecretKind.Canvas, "canvas-drawn", "canvas-blocked", "canvas-drawn-later", "canvas-blocked-later"),
        ("public-text", SecretKind.Text, Region.Public), ("public-attr", SecretKind.TextAttribute, Region.Public),
        ("public-field", SecretKind.Field, Region.Public), ("public-always", SecretKind.AlwaysMasked, Region.Public),
        ("public-mask-class", SecretKind.MaskClass, Region.Public), ("public-shadow-text", SecretKind.Text, Region.Public),
        ("public-later", SecretKind.Text, Region.Public),
        ("private-text", SecretKind.Text, Region.Private), ("private-attr", SecretKind.TextAttribute, Region.Private),
        ("private-field", SecretKind.Field, Region.Private), ("private-later", SecretKind.Text, Region.Private),
        // The same-origin iframe sits in #private: masking and unmasking cross into it.
        ("frame-text", SecretKind.Text, Region.Private), ("frame-attr", SecretKind.TextAttribute, Region.Private),
        ("frame-placeholder", SecretKind.Field, Region.Private), ("frame-later", SecretKind.Text, Region.Private),
        ("frame-typed", SecretKind.Field, Region.Private),
    ];

    /// <summary>What the visitor types, field by field (selectors pierce open shadow roots).</summary>
    static readonly (string Selector, string Secret)[] Typed =
    [
        ("#in-text", "field-typed-text"), ("#in-search", "field-typed-search"), ("#in-url", "field-typed-url"),
        ("#in-number", "field-number"), ("#in-textarea", "field-textarea-typed"), ("#in-editable", "field-editable-typed"),
        ("#shadow-input", "shadow-typed"), ("#public-input", "public-field"), ("#public-password", "public-always"),
        ("#private-input", "private-field"), ("#always-password", "always-password"), ("#always-email", "always-email"),
        ("#always-tel", "always-tel"), ("#always-cc", "always-cc-autocomplete"), ("#always-card-name", "always-card-name"),
        ("#always-cvv", "always-cvv"), ("#ssn", "always-ssn"), ("#always-otp", "always-otp"), ("#mask-class-input", "mask-class-input"),
    ];

    static IEnumerable<(string, SecretKind, Region)> Each(SecretKind kind, params string[] names) =>
        names.Select(name => (name, kind, Region.Page));

    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Privacy");

    readonly Dictionary<string, Secret> secrets;

    LeakCorpus(string run)
    {
        Run = run;
        secrets = Catalog.ToDictionary(s => s.Name, s => new Secret(s.Name, s.Kind, s.Region, ValueFor(s.Name)));
    }

    /// <summary>This run's random part: every secret contains it, so nothing from an earlier run can match.</summary>
    public string Run { get; }

    public IReadOnlyCollection<Secret> Secrets => secrets.Values;

    public string this[string name] => secrets[name].Value;

    public static LeakCorpus Create() => new(Convert.ToHexString(Guid.NewGuid().ToByteArray())[..10].ToLowerInvariant());

    /// <summary>A secret's value; typed-in formats (number, date, colour…) get a random value of that format.</summary>
    string ValueFor(string name)
    {
        var random = Random.Shared;
        string Year() => random.Next(1100, 1900).ToString();
        string Two(int min, int max) => random.Next(min, max + 1).ToString("00");
        return name switch
        {
            "field-number" => "9" + string.Concat(Enumerable.Range(0, 11).Select(_ => random.Next(10))),
            "field-date" => $"{Year()}-{Two(1, 12)}-{Two(10, 28)}",
            "field-datetime" => $"{Year()}-{Two(1, 12)}-{Two(10, 28)}T{Two(10, 23)}:{Two(10, 59)}",
            "field-month" => $"{Year()}-{Two(1, 12)}",
            "field-week" => $"{Year()}-W{Two(10, 52)}",
            "field-color" => "#" + Convert.ToHexString(BitConverter.GetBytes(random.Next()))[..6].ToLowerInvariant(),
            "console-card" => CardNumber(random),
            "console-card-spaced" => string.Join(' ', CardNumber(random).Chunk(4).Select(c => new string(c))),
            "console-jwt" => $"eyJhbGciOiJIUzI1NiJ9.eyJzdWIi{Run}.c2lnbmF0dXJl{Run}",
            _ => $"hs{Run}-{name}",
        };
    }

    /// <summary>A random card number that passes the Luhn check, as a visitor's real one would: 16 digits, starting with 4.</summary>
    static string CardNumber(Random random)
    {
        var digits = new[] { 4 }.Concat(Enumerable.Range(0, 14).Select(_ => random.Next(10))).ToList();
        var sum = 0;
        for (var i = 0; i < digits.Count; i++)
        {
            // Counting from the check digit still to come: every second digit from the right, doubled.
            var d = digits[digits.Count - 1 - i];
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        digits.Add((10 - sum % 10) % 10);
        return string.Concat(digits);
    }

    /// <summary>Fills a template's {{s:name}} placeholders with this run's secrets (names prefixed for the blocked frame).</summary>
    string Fill(string template, string prefix = "") =>
        Regex.Replace(template, @"\{\{s:([a-z0-9-]+)\}\}", match => secrets[prefix + match.Groups[1].Value].Value);

    /// <summary>
    /// The Hindsight SDK as a site installs it, with these options (a JavaScript object literal), its canvas,
    /// heatmap data and network parts on: credentials headers listed to record (they must be dropped still), bodies recorded only for ?listed=1.
    /// Each request the part sees is noted in window.corpusRecorded, for the corpus to wait on.
    /// </summary>
    public static string Hindsight(HindsightServer server, string options) => $$"""
        <script src="{{server.Url}}/sdk/hindsight.js"></script>
        <script>
          window.corpusRecorded = {};
          hindsight.init("{{server.Token}}", Object.assign(
            { api_host: "{{server.Url}}", record_sessions_percent: 100, batch_flush_interval_ms: 500, record_canvas: true, record_heatmap_data: true,
              record_network: true, record_network_options: {
                recordHeaders: { request: ['authorization', 'cookie', 'proxy-authorization', 'x-corpus'], response: ['set-cookie', 'x-corpus'] },
                recordBodyUrls: { request: ['listed=1'], response: ['listed=1'] },
                ignoreRequestFn: function (request) { window.corpusRecorded[request.url] = true; return false; } } },
            {{options}}));
          window.sdk = hindsight;
        </script>
        """;

    /// <summary>mixpanel-browser 2.83 (its published bundle, recorder included) with the same options: the privacy comparison of bench/.</summary>
    public static string Mixpanel(HindsightServer server, string options) => $$"""
        <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel-with-recorder.min.js";</script>
        <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
        <script>
          mixpanel.init("{{server.Token}}", Object.assign(
            { api_host: "{{server.Url}}", record_sessions_percent: 100, batch_flush_interval_ms: 500 }, {{options}}));
          // The snippet's stub is replaced when the library arrives: always reach the current one.
          Object.defineProperty(window, 'sdk', { get: () => window.mixpanel });
        </script>
        """;

    /// <summary>Publishes the corpus on the customer site with an SDK (<see cref="Hindsight"/> or <see cref="Mixpanel"/>).</summary>
    public string Publish(SiteHost site, string sdk, string visitor)
    {
        var frame = File.ReadAllText(Path.Combine(Folder, "frame.html"));
        var html = Fill(File.ReadAllText(Path.Combine(Folder, "corpus.html")))
            .Replace("{{SDK}}", sdk).Replace("{{VISITOR}}", visitor)
            .Replace("{{FRAME_URL}}", site.AddPage(Fill(frame)))
            .Replace("{{BLOCKED_FRAME_URL}}", site.AddPage(Fill(frame, "blocked-")));
        if (html.Contains("{{")) throw new InvalidOperationException("The corpus has a placeholder nothing fills.");
        return site.AddPage(html);
    }

    /// <summary>
    /// A visitor's whole visit of the published corpus in a fresh context, recorded until the server has all of it:
    /// the page loads, the visitor does everything (<see cref="InteractAsync"/>), <paramref name="beforeStop"/> may
    /// measure the page, and the replay is ended. Returns the replay's id.
    /// </summary>
    public async Task<string> VisitAsync(IBrowserContext context, HindsightServer server, string url, Func<IPage, Task>? beforeStop = null)
    {
        var traffic = ServerTraffic.Watch(context, server);
        var page = await context.NewPageAsync();
        // (mixpanel-browser sends its first batch after ten seconds.)
        var firstBatch = page.WaitForResponseAsync(r => r.Url.StartsWith($"{server.Url}/record/"), new() { Timeout = 30_000 });
        await page.GotoAsync(url);
        await firstBatch;
        var replayId = await page.EvaluateAsync<string>("() => sdk.get_session_recording_properties().$mp_replay_id");

        await InteractAsync(page);
        // Hindsight records the page's requests (its network part is on): they are in the replay once it saw them.
        if (await page.EvaluateAsync<bool>("() => !!window.hindsight")) await page.EvaluateAsync("() => corpusNetworkSeen()");
        if (beforeStop is not null) await beforeStop(page);
        // Once the observers have reported what the visitor and the scripts did, end the replay: its last batch
        // goes out at once.
        await PageTurns.SettledAsync(page);
        await page.EvaluateAsync("() => sdk.stop_session_recording()");
        if (await page.EvaluateAsync<bool>("() => !!window.hindsight")) await BrowserStorage.WaitUntilDeliveredAsync(page);
        await traffic.WaitUntilQuietAsync(TimeSpan.FromSeconds(1.5));
        return replayId;
    }

    /// <summary>What a visitor does: types into every field, ticks, picks an option, reveals a password, and the
    /// page's scripts then change text, attributes and values the ways scripts do.</summary>
    public async Task InteractAsync(IPage page)
    {
        foreach (var (selector, secret) in Typed) await page.Locator(selector).PressSequentiallyAsync(this[secret]);
        await page.FrameLocator("#private-frame").Locator("#frame-input").PressSequentiallyAsync(this["frame-typed"]);
        await page.FrameLocator(".blocked-frame").Locator("#frame-input").PressSequentiallyAsync(this["blocked-frame-typed"]);
        await page.Locator("#always-toggle").PressSequentiallyAsync(this["always-toggle-before"]);
        await page.Locator("#toggle-button").ClickAsync(); // "show password": the field becomes type=text
        await page.Locator("#always-toggle").PressSequentiallyAsync(this["always-toggle-after"]);
        await page.Locator("#in-checkbox").CheckAsync();
        await page.Locator("#in-radio").CheckAsync();
        await page.Locator("#in-select").SelectOptionAsync("v2");
        // Clicks on masked text and on a mailto link: what Hindsight's heatmap data says of them (it is on).
        await page.Locator("#plain").ClickAsync();
        var mailto = page.Locator("a[href^=mailto]");
        await mailto.EvaluateAsync("a => a.addEventListener('click', e => e.preventDefault())"); // no mail client here
        await mailto.ClickAsync();
        await page.EvaluateAsync("() => corpusMutate()");
        await page.EvaluateAsync("() => window.corpusRequests"); // the page's requests are answered
    }
}
