using Hindsight.Server.Analytics.Heatmaps;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// GET /api/projects/{id}/heatmaps and …/heatmaps/replays: a page's clicks per element with where on the
/// element they landed, its scroll depth, the replay to rebuild it from, and one element's replays.
/// </summary>
public sealed class HeatmapTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Monday = 1_772_409_600_000, Day = 86_400_000;
    private static readonly string Range = $"from={Monday}&to={Monday + Day}";

    /// <summary>A chain as the SDK sends it: the element, then its ancestors up to body.</summary>
    private static object[] Chain(params (string Tag, string? Id, int Nth)[] elements) =>
        elements.Select(e => (object)(e.Id is null
            ? new Dictionary<string, object> { ["$tag_name"] = e.Tag, ["$nth_of_type"] = e.Nth, ["$classes"] = new[] { "x" } }
            : new Dictionary<string, object> { ["$tag_name"] = e.Tag, ["$id"] = e.Id, ["$nth_of_type"] = e.Nth, ["$classes"] = Array.Empty<string>() })).ToArray();

    private static readonly object[] BuyButton = Chain(("button", "buy", 1), ("div", null, 2), ("body", null, 1));
    private static readonly object[] BuyLabel = Chain(("span", null, 1), ("button", "buy", 1), ("div", null, 2), ("body", null, 1));
    private static readonly object[] SecondLink = Chain(("a", null, 2), ("nav", null, 1), ("body", null, 1));

    private static SeedEvent ClickOn(string name, string url, object[] chain, int x, int y, long time, string who = "u", string? replayId = null, string? insertId = null) =>
        new(name, who, time, new Dictionary<string, object> { ["$current_url"] = url, ["$elements"] = chain, ["$offsetX"] = x, ["$offsetY"] = y },
            ReplayId: replayId, InsertId: insertId);

    private async Task<(long Project, HttpClient Client)> NewProjectAsync()
    {
        var project = await factory.NewProjectAsync("Heatmaps");
        return (project.Id, await factory.SignedInClientAsync());
    }

    private static string Url(long project, string url, string more = "") =>
        $"/api/projects/{project}/heatmaps?url={Uri.EscapeDataString(url)}&{Range}{more}";

    [Fact]
    public async Task Clicks_on_a_page_pattern_are_counted_per_element_with_where_on_it_they_landed()
    {
        var (project, client) = await NewProjectAsync();
        await factory.SeedAsync(project,
            ClickOn("$mp_click", "https://shop.example/product/1", BuyButton, 10, 5, Monday + 1),
            ClickOn("$mp_click", "https://shop.example/product/2?ref=mail#top", BuyButton, 10, 5, Monday + 2),
            ClickOn("$mp_rage_click", "https://shop.example/product/2", BuyButton, 10, 5, Monday + 3),
            // A click on the button's label is on the span inside it: its own element.
            ClickOn("$mp_click", "https://shop.example/product/3", BuyLabel, 3, 4, Monday + 4),
            ClickOn("$mp_click", "http://shop.example/product/1", SecondLink, 40, 12, Monday + 5),
            ClickOn("$mp_dead_click", "https://shop.example/product/1", SecondLink, 40, 12, Monday + 6),
            ClickOn("$mp_click", "https://shop.example/product/1", SecondLink, 41, 12, Monday + 7),
            ClickOn("$mp_click", "https://shop.example/product/1", SecondLink, 39, 11, Monday + 8),
            // Not the page: a sub-page, another page, outside the range, another project's.
            ClickOn("$mp_click", "https://shop.example/product/1/reviews", BuyButton, 1, 1, Monday + 9),
            ClickOn("$mp_click", "https://shop.example/about", BuyButton, 1, 1, Monday + 10),
            ClickOn("$mp_click", "https://shop.example/product/1", BuyButton, 1, 1, Monday + Day));
        var other = await factory.NewProjectAsync("Other heatmaps");
        await factory.SeedAsync(other.Id, ClickOn("$mp_click", "https://shop.example/product/1", BuyButton, 1, 1, Monday + 1));

        var map = await client.GetJsonAsync(Url(project, "/product/*"));

        Assert.Equal(6, (long)map["clicks"]!);
        Assert.Equal(1, (long)map["rageClicks"]!);
        Assert.Equal(1, (long)map["deadClicks"]!);
        var elements = map["elements"]!.AsArray();
        Assert.Equal(["body > nav:nth-of-type(1) > a:nth-of-type(2)", "button#buy", "button#buy > span:nth-of-type(1)"],
            elements.Select(e => (string?)e!["selector"]));
        Assert.Equal(["a.x", "button#buy", "span.x"], elements.Select(e => (string?)e!["label"]));
        var link = elements[0]!;
        Assert.Equal([3L, 0L, 1L], new[] { "clicks", "rageClicks", "deadClicks" }.Select(k => (long)link[k]!));
        var points = link["points"]!.AsArray().Select(p => ((int)p!["x"]!, (int)p["y"]!, (string?)p["kind"], (long)p["count"]!)).ToList();
        // Counted on a 4 px grid, each spot its cell's centre: 40,12 and 41,12 are one spot, 39,11 the next cell.
        Assert.Equal([(42, 14, "click", 2), (38, 10, "click", 1), (42, 14, "dead", 1)], points);
        var buy = elements[1]!["points"]!.AsArray().Select(p => ((int)p!["x"]!, (int)p["y"]!, (string?)p["kind"], (long)p["count"]!)).ToList();
        Assert.Equal([(10, 6, "click", 2), (10, 6, "rage", 1)], buy);
        Assert.False((bool)map["truncated"]!);

        var exact = await client.GetJsonAsync(Url(project, "https://shop.example/product/1"));
        Assert.Equal(3, (long)exact["clicks"]!);
        var top = await client.GetJsonAsync(Url(project, "/product/*", "&limit=1"));
        Assert.Single(top["elements"]!.AsArray());
        Assert.True((bool)top["truncated"]!);
    }

    [Theory]
    [InlineData("/product/*", "https://shop.example/product/42", true)]
    [InlineData("/product/*", "https://shop.example/product/42?tab=reviews#top", true)]
    [InlineData("/product/*", "https://shop.example/product/42/reviews", false)]
    [InlineData("/product/**", "https://shop.example/product/42/reviews", true)]
    [InlineData("/product/*", "https://shop.example/products/42", false)]
    [InlineData("/", "https://shop.example", true)]
    [InlineData("/", "https://shop.example/?q=1", true)]
    [InlineData("/", "https://shop.example/about", false)]
    [InlineData("/a.b", "https://shop.example/aXb", false)]
    [InlineData("/pricing?plan=pro", "https://shop.example/pricing?plan=free", true)]
    [InlineData("https://shop.example/pricing", "https://shop.example/pricing", true)]
    [InlineData("https://shop.example/pricing", "https://other.example/pricing", false)]
    [InlineData("https://*.example/pricing", "https://eu.example/pricing", true)]
    public void A_url_pattern_matches_its_pages_only(string pattern, string url, bool matches)
    {
        Assert.Equal(matches, UrlPattern.Parse(pattern).Matches(url));
    }

    [Fact]
    public void An_element_is_found_from_the_nearest_id_or_from_body_by_position_among_its_siblings()
    {
        static string? SelectorOf(params (string Tag, string? Id, int Nth)[] chain) =>
            ElementSelector.FromChain(System.Text.Json.JsonSerializer.Serialize(Chain(chain)))?.Selector;

        Assert.Equal("body > main:nth-of-type(1) > p:nth-of-type(3)", SelectorOf(("p", null, 3), ("main", null, 1), ("body", null, 1)));
        Assert.Equal("section#deals > li:nth-of-type(2)", SelectorOf(("li", null, 2), ("section", "deals", 1), ("body", null, 1)));
        Assert.Equal("div[id=\"a\\\"b c\"]", SelectorOf(("div", "a\"b c", 1), ("body", null, 1)));
        Assert.Null(SelectorOf(("bad tag", null, 1), ("body", null, 1)));
        Assert.Null(ElementSelector.FromChain("not json"));
        Assert.Null(ElementSelector.FromChain("[]"));
    }

    [Fact]
    public async Task Scroll_depth_is_the_share_of_visitors_reaching_each_depth_each_counted_at_their_deepest()
    {
        var (project, client) = await NewProjectAsync();
        SeedEvent Leave(string who, int depth, string url = "https://shop.example/product/1") =>
            new("$mp_page_leave", who, Monday + depth, new Dictionary<string, object> { ["$current_url"] = url, ["$max_scroll_percentage"] = depth });
        await factory.SeedAsync(project, Leave("a", 100), Leave("a", 20), Leave("b", 45), Leave("c", 0), Leave("d", 90),
            Leave("e", 100, "https://shop.example/cart"));

        var depth = (await client.GetJsonAsync(Url(project, "/product/*")))["scrollDepth"]!;

        Assert.Equal(4, (long)depth["visitors"]!);
        var buckets = depth["buckets"]!.AsArray();
        Assert.Equal(Heatmap.Depths, buckets.Select(b => (int)b!["depth"]!));
        Assert.Equal([4L, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1], buckets.Select(b => (long)b!["visitors"]!));
        Assert.Equal(0.75, (double)buckets[1]!["share"]!);
    }

    [Fact]
    public async Task The_replays_of_an_element_list_its_clicks_newest_first_and_the_page_is_rebuilt_from_the_latest_stored_replay()
    {
        var (project, client) = await NewProjectAsync();
        await factory.ReplayAsync(project, "older", "u", Monday, Monday + 60_000);
        await factory.ReplayAsync(project, "newer", "v", Monday + 100_000, Monday + 200_000);
        await factory.SeedAsync(project,
            ClickOn("$mp_click", "https://shop.example/product/1", BuyButton, 1, 1, Monday + 10_000, "u", "older", "first"),
            ClickOn("$mp_click", "https://shop.example/product/2", BuyButton, 1, 1, Monday + 150_000, "v", "newer", "second"),
            ClickOn("$mp_rage_click", "https://shop.example/product/2", BuyButton, 1, 1, Monday + 150_001, "v", "newer", "rage"),
            ClickOn("$mp_click", "https://shop.example/product/2", SecondLink, 1, 1, Monday + 160_000, "v", "newer", "elsewhere"),
            // The latest click names a replay that was never stored: the page comes from the one before.
            ClickOn("$mp_click", "https://shop.example/product/2", SecondLink, 1, 1, Monday + 170_000, "w", "never-stored", "lost"));

        var map = await client.GetJsonAsync(Url(project, "/product/*"));
        Assert.Equal("newer", (string?)map["snapshot"]!["replay"]!["replayId"]);
        Assert.Equal(60_000, (long)map["snapshot"]!["replay"]!["offsetMs"]!);

        var path = $"/api/projects/{project}/heatmaps/replays?url=%2Fproduct%2F*&{Range}&selector={Uri.EscapeDataString("button#buy")}";
        var clicks = await client.GetJsonAsync(path);
        var items = clicks["items"]!.AsArray();
        Assert.Equal(["second", "first"], items.Select(i => (string?)i!["insertId"]));
        Assert.Equal(50_000, (long)items[0]!["replay"]!["offsetMs"]!);
        Assert.Equal("older", (string?)items[1]!["replay"]!["replayId"]);
        Assert.Equal(["rage"], (await client.GetJsonAsync(path + "&kind=rage"))["items"]!.AsArray().Select(i => (string?)i!["insertId"]));
        Assert.Empty((await client.GetJsonAsync(path.Replace("button%23buy", "button%23gone")))["items"]!.AsArray());
        var limited = await client.GetJsonAsync(path + "&limit=1");
        Assert.Single(limited["items"]!.AsArray());
        Assert.True((bool)limited["truncated"]!);
    }
}
