using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests;

/// <summary>One replay per tab session: across reloads and single-page-app navigations, with contiguous seq.</summary>
[Collection(nameof(BrowserSuite))]
public sealed class ReplayContinuityTests(BrowserSuite suite)
{
    /// <summary>A page that shows "page 1" on its first load in the tab, "page 2" after a reload, and so on.</summary>
    const string CountingBody = """
        <div id="content"></div><input id="note" placeholder="Note">
        <script>
          var n = +(sessionStorage.getItem('visits') || 0) + 1;
          sessionStorage.setItem('visits', n);
          document.getElementById('content').innerHTML = '<h1 id="page-' + n + '">Page ' + n + '</h1><button id="go">Go</button>';
        </script>
        """;

    [Fact]
    public async Task A_reload_mid_visit_gives_one_replay_with_contiguous_seq_that_plays_across_both_pages()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, CountingBody, new JsonObject { ["record_sessions_percent"] = 100 });
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayId = await SdkSite.ReadyAsync(site);
        Assert.NotNull(replayId);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await site.Mouse.MoveAsync(200, 120, new() { Steps = 8 });
        await site.Locator("#go").ClickAsync();
        await api.WaitForSnapshotsAsync(replayId!, 1); // the first page's snapshot batch has gone

        await site.ReloadAsync();
        Assert.Equal(replayId, await SdkSite.ReadyAsync(site));
        await site.Locator("#page-2").WaitForAsync();
        await site.Locator("#note").PressSequentiallyAsync("second page", new() { Delay = 30 });
        await api.WaitForSnapshotsAsync(replayId!, 2); // and the second page's
        await site.CloseAsync(new() { RunBeforeUnload = true });

        await api.WaitForChunksAsync(replayId!, chunks => chunks.Count >= 2);
        var chunks = await api.AllChunkEventsAsync(replayId!);
        var seqs = (await api.ReplayAsync(replayId!))["chunks"]!.AsArray().Select(c => (int)c!["seq"]!).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count), seqs);
        Assert.Equal([4, 2], chunks[0].Take(2).Select(e => (int)e!["type"]!));
        Assert.Equal(2, chunks.SelectMany(c => c).Count(e => (int)e!["type"]! == 2)); // one full snapshot per page

        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var distinctId = (string)(await api.ReplayAsync(replayId!))["distinctId"]!;
        await (await dashboard.FindInFeedAsync(distinctId, replayId!)).ClickAsync();
        await dashboard.WaitForStateAsync("playing");
        await Assertions.Expect(dashboard.Stage.Locator("#page-1")).ToBeAttachedAsync();
        await Assertions.Expect(dashboard.Stage.Locator("#page-2")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(dashboard.Stage.Locator("#page-1")).Not.ToBeAttachedAsync();
    }

    [Fact]
    public async Task Following_a_link_to_another_page_of_the_site_sends_every_batch_once_and_compressed()
    {
        // The page hidden by the navigation holds its last batch for the next page, which sends it
        // compressed; nothing goes twice (keepalive and again) and nothing goes plain.
        var body = CountingBody + """<a id="next" href="?next">Next page</a>""";
        var url = SdkSite.AddPage(suite.Site, suite.Server, body, new JsonObject { ["record_sessions_percent"] = 100 });
        await using var visitor = await suite.NewContextAsync();
        var sent = new List<(int Seq, string Format)>();
        visitor.Request += (_, request) =>
        {
            if (!request.Url.Contains("/record/?")) return;
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(request.Url).Query);
            lock (sent) sent.Add((int.Parse(query["seq"]!), query["format"]!));
        };
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayId = await SdkSite.ReadyAsync(site);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        for (var page = 1; page <= 3; page++)
        {
            await site.Locator($"#page-{page}").WaitForAsync();
            await api.WaitForSnapshotsAsync(replayId!, page); // the page's snapshot batch has gone
            await site.Locator("#note").PressSequentiallyAsync($"page {page}", new() { Delay = 30 });
            if (page < 3) await site.Locator("#next").ClickAsync();
        }
        // Page 3 delivers what pages 1 and 2 left: every seq up to its snapshot batch is stored.
        var stored = await api.WaitForChunksAsync(replayId!, chunks => chunks.Count >= 5);
        List<(int Seq, string Format)> before;
        lock (sent) before = [.. sent];
        Assert.All(before, s => Assert.Equal("gzip", s.Format));
        Assert.Equal(before.Select(s => s.Seq).Distinct().Count(), before.Count);
        Assert.Equal(Enumerable.Range(0, before.Count), before.Select(s => s.Seq).Order());
        var snapshots = (await api.AllChunkEventsAsync(replayId!)).SelectMany(c => c).Count(e => (int)e!["type"]! == 2);
        Assert.Equal(3, snapshots);
        Assert.NotNull(stored);
    }

    [Fact]
    public async Task A_single_page_app_navigation_stays_in_the_replay_and_its_new_url_is_recorded()
    {
        var url = SdkSite.AddPage(suite.Site, suite.Server, CountingBody, new JsonObject { ["record_sessions_percent"] = 100 });
        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(url);
        var replayId = await SdkSite.ReadyAsync(site);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(replayId!, 1); // the page's first batch has gone: the URL changes come after it
        await site.EvaluateAsync("() => history.pushState({}, '', location.pathname + '?step=checkout')");
        await site.Locator("#go").ClickAsync();
        await site.EvaluateAsync("() => { location.hash = 'payment'; }");
        await site.Locator("#note").PressSequentiallyAsync("spa", new() { Delay = 30 });
        Assert.Equal(replayId, await site.EvaluateAsync<string>("() => hindsight.get_session_recording_properties().$mp_replay_id"));
        await site.CloseAsync(new() { RunBeforeUnload = true });

        var replay = await WaitForUrlsAsync(api, replayId!, urls => urls.Any(u => u.EndsWith("?step=checkout#payment")));
        var urls = replay["urls"]!.AsArray().Select(u => (string)u!).ToList();
        Assert.Contains(urls, u => u.EndsWith("?step=checkout"));
        Assert.Contains(urls, u => u.EndsWith("?step=checkout#payment"));
    }

    static async Task<JsonNode> WaitForUrlsAsync(ServerApi api, string replayId, Func<List<string>, bool> until)
    {
        JsonNode? replay = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            try
            {
                replay = await api.ReplayAsync(replayId);
                if (until(replay["urls"]!.AsArray().Select(u => (string)u!).ToList())) return replay;
            }
            catch (HttpRequestException) { }
        }
        throw new TimeoutException($"The replay's URLs never matched: {replay?["urls"]?.ToJsonString() ?? "no replay"}");
    }
}
