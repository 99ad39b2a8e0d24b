using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The README's recipes for customer data platforms (docs/cdp/*.js), run as written on a recorded page with the
/// real npm package of each CDP: an event sent through the CDP reaches Hindsight with the replay in progress,
/// and the CDP's own upload names that replay too. Nothing leaves the machine: each CDP's service is a route
/// on the site's origin (its cloud cannot run here), and any request to another host fails the test.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class CdpRecipesTests(BrowserSuite suite)
{
    [Fact]
    public async Task An_event_tracked_through_Segment_arrives_with_the_replay_in_progress()
    {
        // cdnSettings in the page stand for the settings Segment's CDN would serve; its uploads go to the site.
        await SendThroughCdpAsync(
            cdp: "segment",
            scripts: ["/vendor/segment/index.js"],
            before: """
                var analytics = AnalyticsNext.AnalyticsBrowser.load({
                  writeKey: 'test-write-key',
                  cdnSettings: { integrations: { 'Segment.io': {
                    apiKey: 'test-write-key', apiHost: location.host + '/collect/segment/v1', protocol: 'http' } } },
                });
                """,
            after: "",
            send: "analytics.track('Checkout through Segment', { plan: 'pro' })",
            eventName: "Checkout through Segment",
            identify: "analytics.identify('buyer-on-segment')", userId: "buyer-on-segment",
            answer: _ => "{}");
    }

    [Fact]
    public async Task An_event_logged_through_mParticle_arrives_with_the_replay_in_progress()
    {
        // Every mParticle service address points at the site; requestConfig: false keeps the kits' config local.
        await SendThroughCdpAsync(
            cdp: "mparticle",
            scripts: ["/vendor/mparticle/mparticle.js"],
            before: "",
            after: """
                var collector = location.host + '/collect/mparticle';
                mParticle.init('test-api-key', {
                  isDevelopmentMode: true, requestConfig: false, forceHttps: false,
                  sideloadedKits: [hindsightKit],
                  v1SecureServiceUrl: collector + '/v1/JS/', v2SecureServiceUrl: collector + '/v2/JS/',
                  v3SecureServiceUrl: collector + '/v3/JS/', configUrl: collector + '/config/',
                  identityUrl: collector + '/identity/v1/', aliasUrl: collector + '/identity/v1/',
                });
                """,
            send: "mParticle.logEvent('Checkout through mParticle', mParticle.EventType.Transaction, withReplay({ plan: 'pro' }))",
            eventName: "Checkout through mParticle",
            identify: "mParticle.Identity.login({ userIdentities: { customerid: 'buyer-on-mparticle' } })",
            userId: "buyer-on-mparticle",
            // mParticle's identity service names the visitor (an mpid); its event service only acknowledges.
            answer: path => path.Contains("/identity/", StringComparison.Ordinal)
                ? """{"context":null,"matched_identities":{},"is_logged_in":false,"mpid":"8675309","is_ephemeral":false}"""
                : "{}");
    }

    [Fact]
    public async Task An_event_tracked_through_RudderStack_arrives_with_the_replay_in_progress()
    {
        // getSourceConfig stands for RudderStack's control plane: one source with the recipe's custom destination.
        await SendThroughCdpAsync(
            cdp: "rudderstack",
            scripts: ["/vendor/rudderstack/index.js"],
            before: "var rudderanalytics = new rudderanalytics.RudderAnalytics();",
            after: """
                rudderanalytics.load('test-write-key', location.origin + '/collect/rudderstack', {
                  getSourceConfig: () => ({ source: {
                    id: 'test-source', name: 'Test site', workspaceId: 'test-workspace', enabled: true, config: {},
                    destinations: [{
                      id: 'YOUR_CUSTOM_DESTINATION_ID', name: 'Hindsight', enabled: true, config: {},
                      destinationDefinition: { name: 'CUSTOM', displayName: 'Custom Device Mode' },
                    }],
                  } }),
                });
                """,
            send: "rudderanalytics.track('Checkout through RudderStack', withReplay({ plan: 'pro' }))",
            eventName: "Checkout through RudderStack",
            identify: "rudderanalytics.identify('buyer-on-rudderstack')", userId: "buyer-on-rudderstack",
            answer: _ => "OK");
    }

    /// <summary>
    /// Opens a recorded page with the CDP's scripts, its setup code around the recipe of <c>docs/cdp/&lt;cdp&gt;.js</c>
    /// (which the README must show as it is), sends one event through the CDP once the replay has started, and
    /// checks where it arrives; then identifies the visitor through the CDP, which must identify them in Hindsight.
    /// <paramref name="answer"/> is what the CDP's service answers a path.
    /// </summary>
    async Task SendThroughCdpAsync(string cdp, string[] scripts, string before, string after, string send,
        string eventName, string identify, string userId, Func<string, string> answer)
    {
        var recipe = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "cdp", $"{cdp}.js"));
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.True(readme.Contains(recipe, StringComparison.Ordinal), $"README.md does not show docs/cdp/{cdp}.js as it is.");

        var page = SdkSite.AddPage(suite.Site, suite.Server, $"""
            <h1>Checkout</h1>
            {string.Concat(scripts.Select(src => $"<script src=\"{src}\"></script>"))}
            <script>{before}</script>
            <script>{recipe}</script>
            <script>{after}</script>
            """, new() { ["record_sessions_percent"] = 100 });

        await using var visitor = await suite.NewContextAsync();
        var leftTheMachine = new ConcurrentQueue<string>();
        // Registered after the suite's own abort, so it is asked first: the abort stays, and is remembered.
        await visitor.RouteAsync(url => !BrowserSuite.IsLoopback(url), route =>
        {
            leftTheMachine.Enqueue(route.Request.Url);
            return route.AbortAsync();
        });
        var uploadNamingTheEvent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await visitor.RouteAsync($"{suite.Site.Url}/collect/{cdp}/**", async route =>
        {
            var body = route.Request.PostData ?? "";
            if (body.Contains(eventName, StringComparison.Ordinal)) uploadNamingTheEvent.TrySetResult(body);
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = answer(new Uri(route.Request.Url).AbsolutePath) });
        });

        var site = await visitor.NewPageAsync();
        await site.GotoAsync(page);
        var replayId = await SdkSite.ReadyAsync(site);
        Assert.NotNull(replayId);

        var tracked = await site.RunAndWaitForResponseAsync(() => site.EvaluateAsync(send),
            response => TrackedEvents(response.Request).Any(e => (string?)e["event"] == eventName),
            new() { Timeout = 15_000 });
        Assert.Equal(200, tracked.Status);
        var arrived = TrackedEvents(tracked.Request).Single(e => (string?)e["event"] == eventName);
        Assert.Equal(replayId, (string?)arrived["properties"]?["$mp_replay_id"]);
        Assert.Equal("pro", (string?)arrived["properties"]?["plan"]);

        var stored = await StoredData.WaitForEventsAsync(suite.Server, await SdkSite.DistinctIdAsync(site),
            events => events.Any(e => e.Name == eventName));
        Assert.Equal(replayId, stored.Single(e => e.Name == eventName).ReplayId);

        // The CDP's own copy of the event names the replay as well, for its other destinations.
        string upload;
        try
        {
            upload = await uploadNamingTheEvent.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The {cdp} upload of the event never came; requests that tried to leave the machine: " +
                string.Join(", ", leftTheMachine));
        }
        Assert.Contains($"\"$mp_replay_id\":\"{replayId}\"", upload, StringComparison.Ordinal);

        var identified = await site.RunAndWaitForResponseAsync(() => site.EvaluateAsync(identify),
            response => TrackedEvents(response.Request).Any(e => (string?)e["event"] == "$identify"),
            new() { Timeout = 15_000 });
        Assert.Equal(200, identified.Status);
        Assert.Equal(userId, await SdkSite.DistinctIdAsync(site));

        Assert.Empty(leftTheMachine);
    }

    /// <summary>The events of a /track request, decoded as the server decodes them (docs/PROTOCOL.md): none for any other request.</summary>
    static List<JsonObject> TrackedEvents(IRequest request)
    {
        if (new Uri(request.Url).AbsolutePath.TrimEnd('/') != "/track" || request.PostData is not { } form) return [];
        var data = form.Split('&').Select(field => field.Split('=', 2)).FirstOrDefault(pair => pair[0] == "data");
        if (data is not [_, var encoded]) return [];
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(Uri.UnescapeDataString(encoded)));
        return JsonNode.Parse(json) switch
        {
            JsonArray items => items.OfType<JsonObject>().ToList(),
            JsonObject item => [item],
            _ => [],
        };
    }
}
