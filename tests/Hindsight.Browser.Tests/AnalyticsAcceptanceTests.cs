using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>
/// Issue 11's acceptance, end to end in Chromium: visitors with known paths go through the demo funnel (and
/// two through mixpanel-browser), a backend imports events, and a teammate reaches the replay behind each
/// analytics view, the player paused a few seconds before the moment. The visits are recorded once for the
/// class (<see cref="AcceptanceVisits"/>); each test checks one entry point.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class AnalyticsAcceptanceTests(BrowserSuite suite)
{
    static readonly object Gate = new();
    static Task<AcceptanceVisits>? recording;

    /// <summary>The class's visits, recorded by the first test that asks; a failure is every test's failure, not retried.</summary>
    Task<AcceptanceVisits> VisitsAsync()
    {
        lock (Gate) return recording ??= AcceptanceVisits.RecordAsync(suite);
    }

    [Fact]
    public async Task The_dropped_off_part_of_step_2_opens_the_replay_at_that_persons_last_step()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        await page.GotoAsync($"{suite.Server.Url}{visits.FunnelPath}");

        await Assertions.Expect(page.GetByTestId("funnel-count")).ToHaveTextAsync(["5 people", "2 people", "1 person", "1 person"]);
        await page.Locator("[data-testid=funnel-bar][data-step='1'] [data-testid=funnel-dropped]").ClickAsync();
        var popover = page.GetByTestId("moments-popover");
        // The three who stopped after viewing, each at their last step (Product Viewed): the unrecorded one says so.
        await Assertions.Expect(popover.GetByTestId("moment")).ToHaveCountAsync(3);
        await Assertions.Expect(Moment(popover, visits.MixpanelUnrecorded).GetByTestId("moment-no-replay")).ToHaveTextAsync("no replay");
        await Assertions.Expect(Moment(popover, visits.MixpanelRecorded).GetByTestId("moment-link")).ToBeVisibleAsync();

        await Moment(popover, visits.Browser).GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.Browser.ReplayId!, visits.Browser.ProductViewedAt);
    }

    [Fact]
    public async Task An_events_chart_point_opens_the_replay_at_the_event()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        var reply = await page.RunAndWaitForResponseAsync(() => page.GotoAsync($"{suite.Server.Url}{visits.EventsPath()}"),
            r => new Uri(r.Url).AbsolutePath.EndsWith("/insights/events"));
        var report = JsonNode.Parse(await reply.TextAsync())!;
        await Assertions.Expect(page.Locator("[data-testid=events-row][data-event='Product Viewed'] td").First).ToHaveTextAsync("5");

        // The point of the hour the abandoner viewed the product in, clicked on the chart itself.
        var buckets = report["buckets"]!.AsArray().Select(b => (long)b!).ToList();
        var index = buckets.FindLastIndex(b => b <= visits.Abandoner.ProductViewedAt);
        var chart = page.Locator("[data-testid=events-chart][data-ready=true] .u-over");
        var box = await chart.BoundingBoxAsync() ?? throw new InvalidOperationException("The chart is not drawn.");
        // Pointing at the plot highlights the nearest bucket's point, and a person clicks that dot, at its centre.
        // Where the points lie comes from the dots of the first and last buckets, as the chart draws them.
        var dot = page.Locator("[data-testid=events-chart] .u-cursor-pt:not(.u-off)");
        async Task<LocatorBoundingBoxResult> PointAtAsync(float x)
        {
            await chart.HoverAsync(new() { Position = new() { X = Math.Clamp(x, 2, box.Width - 2), Y = box.Height / 2 } });
            return await dot.BoundingBoxAsync() ?? throw new InvalidOperationException("No point is highlighted.");
        }
        var (first, last) = (await PointAtAsync(0), await PointAtAsync(box.Width));
        var x = first.X + (last.X - first.X) * (buckets[index] - buckets[0]) / (buckets[^1] - buckets[0]);
        var point = await PointAtAsync((float)(x + first.Width / 2 - box.X));
        await page.Mouse.ClickAsync(point.X + point.Width / 2, point.Y + point.Height / 2);

        var popover = page.GetByTestId("moments-popover");
        await Assertions.Expect(popover.GetByTestId("moment")).ToHaveCountAsync(
            new[] { visits.Browser, visits.Buyer, visits.Abandoner, visits.MixpanelRecorded, visits.MixpanelUnrecorded }
                .Count(v => v.ProductViewedAt >= buckets[index] && (index + 1 == buckets.Count || v.ProductViewedAt < buckets[index + 1])));
        await Moment(popover, visits.Abandoner).GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.Abandoner.ReplayId!, visits.Abandoner.ProductViewedAt);
    }

    [Fact]
    public async Task Mixpanel_browser_events_count_in_the_chart_like_the_SDKs_and_open_their_replay()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        // Broken down by the product: the two mixpanel-browser visitors and the three of our SDK are one series.
        await page.GotoAsync($"{suite.Server.Url}{visits.EventsPath("&breakdown=product")}");
        var rows = page.GetByTestId("events-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToHaveAttributeAsync("data-breakdown", "trail-jacket");
        await Assertions.Expect(rows.Locator("td").First).ToHaveTextAsync("5");

        await (await CellOfAsync(rows, visits.MixpanelRecorded.ProductViewedAt)).ClickAsync();
        var popover = page.GetByTestId("moments-popover");
        await Assertions.Expect(Moment(popover, visits.MixpanelUnrecorded).GetByTestId("moment-no-replay")).ToBeVisibleAsync();
        await Moment(popover, visits.MixpanelRecorded).GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.MixpanelRecorded.ReplayId!, visits.MixpanelRecorded.ProductViewedAt);
    }

    [Fact]
    public async Task A_profile_lists_the_replay_recorded_before_identify_and_its_session_opens_that_replay()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        await page.GotoAsync($"{suite.Server.Url}/projects/{visits.ProjectId}/people?q={Uri.EscapeDataString(visits.BuyerEmail)}");
        await page.Locator($"[data-testid=person-row][data-distinct-id='{visits.BuyerEmail}'] a").ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-page")).ToContainTextAsync(visits.Buyer.DistinctId); // the linked anonymous id

        // The session's replay, at its first event that has one: the SDK's $mp_session_record as the recording
        // began, before identify, so the player opens at the replay's start.
        var session = (await api.GetJsonAsync($"/api/projects/{visits.ProjectId}/people/{Uri.EscapeDataString(visits.BuyerEmail)}/activity"))["sessions"]![0]!;
        Assert.Equal("$mp_session_record", (string)session["events"]!.AsArray()[^1]!["name"]!);
        await page.GetByTestId("activity-session").GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.Buyer.ReplayId!, (long)session["start"]!, leadIn: false);

        await page.GoBackAsync();
        await page.GetByTestId("profile-view-replays").ClickAsync();
        var row = page.Locator($"[data-testid=feed-row][data-replay-id='{visits.Buyer.ReplayId}']");
        await Assertions.Expect(page.GetByTestId("feed-row")).ToHaveCountAsync(1);
        await row.ClickAsync();
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-replay-id", visits.Buyer.ReplayId!);
        await dashboard.WaitForStateAsync("playing");
    }

    [Fact]
    public async Task An_imported_event_is_listed_under_the_replay_it_fell_in_and_one_outside_every_replay_says_no_replay()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        await page.GotoAsync($"{suite.Server.Url}/projects/{visits.ProjectId}/event-definitions?event={Uri.EscapeDataString(AcceptanceVisits.ImportedEvent)}");

        var panel = page.GetByTestId("definition-panel");
        var inside = panel.Locator($"[data-testid=moment][data-insert-id='{visits.ImportedInsideId}']");
        var outside = panel.Locator($"[data-testid=moment][data-insert-id='{visits.ImportedOutsideId}']");
        await Assertions.Expect(outside.GetByTestId("moment-no-replay")).ToHaveTextAsync("no replay");
        await Assertions.Expect(outside.GetByTestId("moment-link")).ToHaveCountAsync(0);
        await Assertions.Expect(inside.GetByTestId("moment-link")).ToHaveAttributeAsync("data-stitched", "true");

        // An event definition's "Watch recording": the replay, at the imported moment, which its activity panel lists.
        await inside.GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.Browser.ReplayId!, visits.ImportedInsideAt);
        var alert = page.Locator("[data-testid=activity-entry][data-kind=event]").Filter(new() { HasText = AcceptanceVisits.ImportedEvent });
        await Assertions.Expect(alert).ToHaveCountAsync(1);
        // Where the list puts it is where the player goes: at its time in the replay.
        var offset = visits.ImportedInsideAt - (long)(await api.ReplayAsync(visits.Browser.ReplayId!))["startedAt"]!;
        await Assertions.Expect(alert).ToHaveAttributeAsync("data-ms", offset.ToString(CultureInfo.InvariantCulture));
        await alert.ClickAsync();
        await page.WaitForFunctionAsync(
            "t => Math.abs(+document.querySelector('[data-testid=player]').getAttribute('data-current-ms') - t) < 500", offset);
    }

    [Fact]
    public async Task Top_events_after_a_step_open_the_replay_at_what_the_person_did_first_instead()
    {
        var visits = await VisitsAsync();
        await using var teammate = await TeammateAsync();
        var (dashboard, api) = (teammate.Dashboard, teammate.Api);
        var page = dashboard.Page;
        await page.GotoAsync($"{suite.Server.Url}{visits.FunnelPath}");

        // After viewing the product, the browsing visitor got a price alert (from the backend) and then opened
        // the size guide: only the first counts.
        await page.Locator("[data-testid=funnel-bar][data-step='0'] [data-testid=funnel-top-events]").ClickAsync();
        var top = page.Locator($"[data-testid=top-event][data-event='{AcceptanceVisits.ImportedEvent}']");
        await Assertions.Expect(top.Locator("td").First).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("top-event")).ToHaveCountAsync(1);
        await top.GetByTestId("top-event-watch").ClickAsync();
        await Moment(page.GetByTestId("moments-popover"), visits.Browser).GetByTestId("moment-link").ClickAsync();
        await ExpectPausedAtAsync(dashboard, api, visits.Browser.ReplayId!, visits.ImportedInsideAt);
    }

    [Fact]
    public async Task Members_who_are_not_admins_read_every_analytics_view_but_cannot_edit_descriptions_or_see_the_import_secret()
    {
        var visits = await VisitsAsync();
        var email = await Teammates.AddAsync(suite.Server, "viewer");
        await using var context = await suite.NewContextAsync();
        var dashboard = new Dashboard(await context.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync(email, Teammates.Password);
        var page = dashboard.Page;
        var server = suite.Server.Url;

        await page.GotoAsync($"{server}{visits.EventsPath()}");
        await Assertions.Expect(page.Locator("[data-testid=events-row] td").First).ToHaveTextAsync("5");
        await page.GotoAsync($"{server}{visits.FunnelPath}");
        await Assertions.Expect(page.GetByTestId("funnel-count")).ToHaveTextAsync(["5 people", "2 people", "1 person", "1 person"]);
        await page.Locator("[data-testid=funnel-bar][data-step='1'] [data-testid=funnel-dropped]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("moments-popover").GetByTestId("moment")).ToHaveCountAsync(3);
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("[data-testid=funnel-bar][data-step='0'] [data-testid=funnel-top-events]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=top-event][data-event='{AcceptanceVisits.ImportedEvent}']")).ToBeVisibleAsync();
        await page.GotoAsync($"{server}/projects/{visits.ProjectId}/people?q={Uri.EscapeDataString(visits.BuyerEmail)}");
        await page.Locator($"[data-testid=person-row][data-distinct-id='{visits.BuyerEmail}'] a").ClickAsync();
        await Assertions.Expect(page.GetByTestId("activity-event").First).ToBeVisibleAsync();

        await page.GotoAsync($"{server}/projects/{visits.ProjectId}/event-definitions?event={Uri.EscapeDataString(AcceptanceVisits.ImportedEvent)}");
        await Assertions.Expect(page.GetByTestId("definition-panel").GetByTestId("moment")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("definition-description")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("definition-edit")).ToHaveCountAsync(0);

        await page.GotoAsync($"{server}/projects/{visits.ProjectId}/settings");
        await Assertions.Expect(page.GetByTestId("settings-snippet")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-secret-panel")).ToHaveCountAsync(0);

        // The server refuses what the dashboard hides, to viewers and analysts alike.
        foreach (var role in new[] { "viewer", "analyst" })
        {
            using var member = new ServerApi(suite.Server);
            await member.LoginAsync(await Teammates.AddAsync(suite.Server, role), Teammates.Password);
            var definition = $"/api/projects/{visits.ProjectId}/event-definitions/{Uri.EscapeDataString(AcceptanceVisits.ImportedEvent)}";
            Assert.NotNull(await member.GetJsonAsync(definition));
            using var edit = await member.SendAsync(HttpMethod.Put, definition, new { description = "Sent by the pricing service" });
            Assert.Equal(403, (int)edit.StatusCode);
            Assert.Contains("architect_required", await edit.Content.ReadAsStringAsync());
            using var secret = await member.SendAsync(HttpMethod.Get, $"/api/projects/{visits.ProjectId}/import-secret");
            Assert.Equal(403, (int)secret.StatusCode);
            Assert.Contains("admin_required", await secret.Content.ReadAsStringAsync());
        }

        // The hidden editor is a matter of role: an admin sees it on the same panel.
        await using var admin = await TeammateAsync();
        await admin.Dashboard.Page.GotoAsync($"{server}/projects/{visits.ProjectId}/event-definitions?event={Uri.EscapeDataString(AcceptanceVisits.ImportedEvent)}");
        await Assertions.Expect(admin.Dashboard.Page.GetByTestId("definition-edit")).ToBeVisibleAsync();
    }

    /// <summary>An admin in the dashboard, and the same admin's API session for reading what the server holds.</summary>
    sealed record Teammate(IBrowserContext Context, Dashboard Dashboard, ServerApi Api) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            await Context.DisposeAsync();
        }
    }

    async Task<Teammate> TeammateAsync()
    {
        var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        // Half an hour off UTC: the hourly buckets start at :30 in UTC, which a chart or a point's range that
        // assumed UTC would get wrong.
        var context = await suite.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, TimezoneId = "Asia/Kolkata" });
        var dashboard = new Dashboard(await context.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        return new Teammate(context, dashboard, api);
    }

    static ILocator Moment(ILocator list, AcceptanceVisitor visitor) =>
        list.GetByTestId("moment").Filter(new() { Has = list.Page.Locator($".moment-who[title='{visitor.DistinctId}']") });

    /// <summary>The table cell of the bucket the moment falls in (the visits may straddle an hour).</summary>
    static async Task<ILocator> CellOfAsync(ILocator row, long moment)
    {
        var cells = row.GetByTestId("events-cell");
        await Assertions.Expect(cells.First).ToBeVisibleAsync();
        var buckets = await cells.EvaluateAllAsync<long[]>("cells => cells.map(c => Number(c.dataset.bucket))");
        var bucket = buckets.Where(b => b <= moment).Max();
        return row.Locator($"[data-testid=events-cell][data-bucket='{bucket}']");
    }

    /// <summary>
    /// The player shows the replay paused where replayMomentLink promises: 3 s before the moment, measured
    /// from the replay's start as the server stored it (not from the link's own t).
    /// </summary>
    /// <param name="leadIn">Whether the moment is far enough into the replay for the 3 s before it to be told from its start.</param>
    static async Task ExpectPausedAtAsync(Dashboard dashboard, ServerApi api, string replayId, long moment, bool leadIn = true)
    {
        await Assertions.Expect(dashboard.Player).ToHaveAttributeAsync("data-replay-id", replayId);
        await dashboard.WaitForStateAsync("paused");
        var startedAt = (long)(await api.ReplayAsync(replayId))["startedAt"]!;
        var expected = Math.Max(0, moment - startedAt - 3_000);
        if (leadIn) Assert.True(expected > 1_000, $"The moment is {moment - startedAt} ms into the replay: too early to tell a lead-in from the start.");
        try
        {
            await dashboard.Page.WaitForFunctionAsync(
                "t => Math.abs(+document.querySelector('[data-testid=player]').getAttribute('data-current-ms') - t) <= 500",
                expected, new() { Timeout = 5_000 });
        }
        catch (PlaywrightException) { } // timed out: the assertion below says where the player is instead
        var current = await dashboard.CurrentMsAsync();
        Assert.InRange(current, expected - 500, expected + 500);
        Assert.Equal("paused", await dashboard.PlayerAttributeAsync("data-state"));
        // What the teammate reads: the time readout says the same.
        await Assertions.Expect(dashboard.Page.GetByTestId("player-current")).ToHaveTextAsync(Clock(current));
    }

    static string Clock(double ms)
    {
        var seconds = (int)(ms / 1000);
        return $"{seconds / 60}:{seconds % 60:00}";
    }
}

/// <summary>A visitor of the acceptance visits: their id, replay (null when not recorded) and the times of their steps.</summary>
public sealed record AcceptanceVisitor(string DistinctId, string? ReplayId, long ProductViewedAt, long InsteadAt = 0);

/// <summary>
/// The visits every acceptance test reads, recorded once. The shared server holds other tests' events too, so
/// every event here carries <c>acceptance_run</c> (a super property) and every chart filters on it.
/// Paths: the <see cref="Browser"/> views a product, gets a price alert (imported from a backend) and opens the
/// size guide instead of adding it to the cart;
/// the <see cref="Buyer"/> goes all the way and identifies at the purchase; the <see cref="Abandoner"/> adds
/// to the cart and leaves; two mixpanel-browser visitors view a product, one recorded and one not.
/// </summary>
public sealed class AcceptanceVisits
{
    public const string InsteadEvent = "Size Guide Opened";
    public const string ImportedEvent = "Price Alert Sent";
    const string ReplayIdScript = "() => window.hindsight?.get_session_recording_properties?.().$mp_replay_id";
    const string MixpanelReplayIdScript = "() => window.mixpanel?.get_session_recording_properties?.().$mp_replay_id";

    /// <summary>How long each visitor looks around before their first step: the player's 3 s lead-in must fit before it.</summary>
    const int BrowsingMs = 5_000;

    public required string Run { get; init; }
    public required int ProjectId { get; init; }
    public required AcceptanceVisitor Browser { get; init; }
    public required AcceptanceVisitor Buyer { get; init; }
    public required AcceptanceVisitor Abandoner { get; init; }
    public required AcceptanceVisitor MixpanelRecorded { get; init; }
    public required AcceptanceVisitor MixpanelUnrecorded { get; init; }
    public required string BuyerEmail { get; init; }
    public required string ImportedInsideId { get; init; }
    public required long ImportedInsideAt { get; init; }
    public required string ImportedOutsideId { get; init; }

    static string RunFilter(string run) => $$"""[{"property":"acceptance_run","op":"equals","value":"{{run}}"}]""";

    /// <summary>The demo funnel's four steps, each only this run's events.</summary>
    static string FunnelSteps(string run) => new JsonArray([.. new[] { "Product Viewed", "Added to Cart", "Checkout Started", "Purchase" }
        .Select(e => (JsonNode)new JsonObject { ["event"] = e, ["filters"] = JsonNode.Parse(RunFilter(run)) })]).ToJsonString();

    public string FunnelPath => $"/projects/{ProjectId}/funnels?steps={Uri.EscapeDataString(FunnelSteps(Run))}&range=24h";

    public string EventsPath(string extra = "") =>
        $"/projects/{ProjectId}/events?event=Product%20Viewed&range=24h&filters={Uri.EscapeDataString(RunFilter(Run))}{extra}";

    public static async Task<AcceptanceVisits> RecordAsync(BrowserSuite suite)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var projectId = await api.DefaultProjectIdAsync();
        var buyerEmail = $"buyer-{run}@shop.example";

        // Everyone at once: the visits take as long as the longest, not their sum.
        var contexts = new List<IBrowserContext>();
        try
        {
            var browser = ShopAsync(suite, contexts, run, async shop =>
            {
                await ViewProductAsync(shop);
                await shop.WaitForTimeoutAsync(1_000); // pacing: the next event a second later, as a visitor's would be
                await shop.EvaluateAsync($"() => hindsight.track('{InsteadEvent}', {{ product: 'trail-jacket' }})");
            });
            var buyer = ShopAsync(suite, contexts, run, async shop =>
            {
                await ViewProductAsync(shop);
                await AddToCartAsync(shop);
                await shop.Locator("header a[href='checkout.html']").ClickAsync();
                await shop.WaitForURLAsync("**/checkout.html");
                await shop.Locator("[name=name]").FillAsync("Bea Buyer");
                await shop.Locator("[name=email]").FillAsync(buyerEmail);
                await shop.Locator("form button[type=submit]").ClickAsync();
                await shop.Locator(".notice").WaitForAsync();
            });
            var abandoner = ShopAsync(suite, contexts, run, async shop =>
            {
                await ViewProductAsync(shop);
                await AddToCartAsync(shop);
            });
            var recorded = MixpanelAsync(suite, contexts, run, record: true);
            var unrecorded = MixpanelAsync(suite, contexts, run, record: false);
            var (browserIds, buyerIds, abandonerIds, mixpanelRecorded, mixpanelUnrecorded) =
                (await browser, await buyer, await abandoner, await recorded, await unrecorded);

            // The funnel counts them all once the events are stored (the people's last batches leave at page hide).
            var to = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
            var apiFunnel = $"/api/projects/{projectId}/funnels?steps={Uri.EscapeDataString(FunnelSteps(run))}&from={to - 86_400_000}&to={to}";
            await PollAsync(api, apiFunnel, r => string.Join(",", r["steps"]!.AsArray().Select(s => (int)s!["count"]!)) == "5,2,1,1");

            var visitors = new List<AcceptanceVisitor>();
            foreach (var (distinctId, replayId) in new[] { browserIds, buyerIds, abandonerIds, mixpanelRecorded, mixpanelUnrecorded })
            {
                var events = await StoredData.WaitForEventsAsync(suite.Server, distinctId,
                    e => e.Any(x => x.Name == "Product Viewed") && (distinctId != browserIds.DistinctId || e.Any(x => x.Name == InsteadEvent)));
                var times = await api.PersonEventsAsync(distinctId);
                long TimeOf(string name) => times.Where(e => (string)e["name"]! == name).Select(e => (long)e["time"]!).FirstOrDefault();
                if (replayId is not null)
                    await api.WaitForReplayAsync(distinctId, r => (string)r["replayId"]! == replayId
                        && (long)r["startedAt"]! + (long)r["durationMs"]! >= Math.Max(TimeOf("Product Viewed"), TimeOf(InsteadEvent)));
                visitors.Add(new AcceptanceVisitor(distinctId, replayId, TimeOf("Product Viewed"), TimeOf(InsteadEvent)));
            }

            // A backend's events for the browsing visitor: one during their visit, one long before any replay.
            var secret = await api.ImportSecretAsync();
            // Inside: between two of the visitor's steps, well within the replay's span (its margin would
            // stitch a moment just after it too, but clamp it to the replay's end).
            var insideAt = (visitors[0].ProductViewedAt + visitors[0].InsteadAt) / 2;
            var (insideId, outsideId) = ($"alert-{run}-inside", $"alert-{run}-outside");
            JsonNode PriceAlert(string insertId, long time) => new JsonObject
            {
                ["event"] = ImportedEvent,
                ["properties"] = new JsonObject
                {
                    ["time"] = time, ["distinct_id"] = browserIds.DistinctId, ["$insert_id"] = insertId,
                    ["acceptance_run"] = run, ["product"] = "trail-jacket",
                },
            };
            await api.ImportAsync(secret, [PriceAlert(insideId, insideAt), PriceAlert(outsideId, visitors[0].ProductViewedAt - 3 * 3_600_000)]);
            var definitionReplays = $"/api/projects/{projectId}/event-definitions/{Uri.EscapeDataString(ImportedEvent)}/replays";
            await PollAsync(api, definitionReplays, r => r["items"]!.AsArray().Count(i => ((string)i!["insertId"]!).StartsWith($"alert-{run}")) == 2);

            return new AcceptanceVisits
            {
                Run = run, ProjectId = projectId, BuyerEmail = buyerEmail,
                Browser = visitors[0], Buyer = visitors[1], Abandoner = visitors[2],
                MixpanelRecorded = visitors[3], MixpanelUnrecorded = visitors[4],
                ImportedInsideId = insideId, ImportedInsideAt = insideAt, ImportedOutsideId = outsideId,
            };
        }
        finally
        {
            foreach (var context in contexts) await context.DisposeAsync();
        }
    }

    /// <summary>A visit of the demo shop: it browses the catalogue a while, walks its path and leaves.</summary>
    static async Task<(string DistinctId, string? ReplayId)> ShopAsync(BrowserSuite suite, List<IBrowserContext> contexts, string run,
        Func<IPage, Task> path)
    {
        var context = await suite.NewContextAsync();
        lock (contexts) contexts.Add(context);
        var shop = await context.NewPageAsync();
        await shop.GotoAsync($"{suite.Server.Url}/demo/");
        await shop.WaitForFunctionAsync(ReplayIdScript, null, new() { Timeout = 15_000 });
        var replayId = await shop.EvaluateAsync<string>(ReplayIdScript);
        var distinctId = await shop.EvaluateAsync<string>("() => hindsight.get_distinct_id()");
        await shop.EvaluateAsync("run => hindsight.register({ acceptance_run: run })", run);
        await BrowseAsync(shop);
        await path(shop);
        Assert.Equal(replayId, await shop.EvaluateAsync<string>(ReplayIdScript));
        await shop.Mouse.MoveAsync(400, 300, new() { Steps = 5 });
        // Page hide sends the last batches; the context stays open until they are stored.
        await shop.CloseAsync(new() { RunBeforeUnload = true });
        return (distinctId, replayId);
    }

    /// <summary>A visit of a site running the unmodified mixpanel-browser, recording or not, that views the same product.</summary>
    static async Task<(string DistinctId, string? ReplayId)> MixpanelAsync(BrowserSuite suite, List<IBrowserContext> contexts, string run, bool record)
    {
        var url = suite.Site.AddPage($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Mixpanel shop</title>
            <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel-with-recorder.min.js";</script>
            <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
            <script>mixpanel.init("{{suite.Server.Token}}", { api_host: "{{suite.Server.Url}}", record_sessions_percent: {{(record ? 100 : 0)}}, batch_flush_interval_ms: 500 });</script>
            </head><body><h1>Trail Jacket</h1><p>Wind- and waterproof shell for long ridge walks.</p></body></html>
            """);
        var context = await suite.NewContextAsync();
        lock (contexts) contexts.Add(context);
        var site = await context.NewPageAsync();
        await site.GotoAsync(url);
        await site.WaitForFunctionAsync("() => window.mixpanel?.get_distinct_id?.()", null, new() { Timeout = 15_000 });
        string? replayId = null;
        if (record)
        {
            await site.WaitForFunctionAsync(MixpanelReplayIdScript, null, new() { Timeout = 15_000 });
            replayId = await site.EvaluateAsync<string>(MixpanelReplayIdScript);
        }
        var distinctId = await site.EvaluateAsync<string>("() => mixpanel.get_distinct_id()");
        await BrowseAsync(site);
        await site.EvaluateAsync("run => mixpanel.track('Product Viewed', { product: 'trail-jacket', acceptance_run: run })", run);
        await site.Mouse.MoveAsync(400, 300, new() { Steps = 5 });
        await site.WaitForTimeoutAsync(700); // pacing: the replay goes on past the step, so the step lies inside it
        if (record) await site.EvaluateAsync("() => mixpanel.stop_session_recording()"); // ends the replay and flushes its batch
        return (distinctId, replayId);
    }

    /// <summary>Moves around the page for <see cref="BrowsingMs"/>, so the replay has something to show before the first step.</summary>
    static async Task BrowseAsync(IPage page)
    {
        for (var i = 0; i < 5; i++)
        {
            await page.Mouse.MoveAsync(100 + 60 * i, 150 + 30 * i, new() { Steps = 6 });
            await page.WaitForTimeoutAsync(BrowsingMs / 5); // pacing: the length of the browse is the point
        }
    }

    static async Task ViewProductAsync(IPage shop)
    {
        await shop.Locator("[data-product=trail-jacket] h2 a").ClickAsync();
        await shop.WaitForURLAsync("**/product.html?id=trail-jacket");
        await shop.WaitForFunctionAsync(ReplayIdScript);
    }

    static async Task AddToCartAsync(IPage shop)
    {
        await shop.Locator("form button[type=submit]").ClickAsync();
        await shop.Locator(".added").WaitForAsync();
    }

    static async Task PollAsync(ServerApi api, string path, Func<JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await api.GetJsonAsync(path);
                if (until(answer)) return;
                last = answer.ToJsonString();
            }
            catch (HttpRequestException e) when (e.Message.Contains("unknown_event"))
            {
                last = e.Message; // the step's first event is not stored yet
            }
            await Task.Delay(250);
        }
        throw new System.TimeoutException($"GET {path} never met the condition; last answer: {last}");
    }
}
