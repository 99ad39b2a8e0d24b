using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// One shop's afternoon, Viewed → Added → Bought with a one-hour window:
/// A converts all the way; B views anonymously, signs in, adds, and leaves; C added before viewing and never
/// after; D added two hours after viewing (outside the window); E bought without viewing; F viewed before
/// the range. So 4 enter, 2 add (A and B), 1 buys (A).
/// </summary>
public sealed class FunnelTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Minute = 60_000, Hour = 60 * Minute, Day = 24 * Hour;
    private const long Monday = 1_772_409_600_000, T0 = Monday + Hour;

    private static readonly string Steps = Uri.EscapeDataString(JsonSerializer.Serialize(new object[]
    {
        new { @event = "Viewed" }, new { @event = "Added", filters = Array.Empty<object>() }, new { @event = "Bought" },
    }));

    private static string Query(long project, string path, string extra = "") =>
        $"/api/projects/{project}/funnels{path}?steps={Steps}&from={Monday}&to={Monday + Day}&window={Hour}{extra}";

    private async Task<(long Project, HttpClient Client)> ShopAsync()
    {
        var project = (await factory.NewProjectAsync("Funnel")).Id;
        await factory.ReplayAsync(project, "a-visit", "user-a", T0 - Minute, T0 + 30 * Minute);
        await factory.ReplayAsync(project, "b-anonymous", "$device:b", T0, T0 + 10 * Minute);
        await factory.LinkAsync(project, "$device:b", "user-b");
        await factory.SeedAsync(project,
            new("Viewed", "user-a", T0, InsertId: "a-viewed"),
            new("Added", "user-a", T0 + 10 * Minute, InsertId: "a-added"),
            new("Bought", "user-a", T0 + 20 * Minute, ReplayId: "a-visit", InsertId: "a-bought"),
            new("Bought", "user-a", T0 + 25 * Minute, ReplayId: "a-visit", InsertId: "a-bought-again"),
            new("Viewed", "$device:b", T0 + Minute, InsertId: "b-viewed"),
            new("$autocapture", "user-b", T0 + 5 * Minute + 1, InsertId: "b-click"),
            new("Added", "user-b", T0 + 5 * Minute, InsertId: "b-added"),
            new("Searched", "user-b", T0 + 6 * Minute, InsertId: "b-searched"),
            new("$mp_web_page_view", "user-b", T0 + 7 * Minute, InsertId: "b-page"),
            new("Added", "user-c", T0, InsertId: "c-added-first"),
            new("Viewed", "user-c", T0 + 2 * Minute, InsertId: "c-viewed"),
            new("Left", "user-c", T0 + 3 * Minute, InsertId: "c-left"),
            new("Viewed", "user-d", T0, InsertId: "d-viewed"),
            new("Searched", "user-d", T0 + Minute, InsertId: "d-searched"),
            new("Searched", "user-d", T0 + 3 * Minute, InsertId: "d-searched-again"),
            new("Added", "user-d", T0 + 2 * Hour, InsertId: "d-added-late"),
            new("Bought", "user-e", T0, InsertId: "e-bought"),
            new("Viewed", "user-f", Monday - Minute, InsertId: "f-viewed"),
            new("Added", "user-f", Monday + Minute, InsertId: "f-added"));
        return (project, await factory.SignedInClientAsync());
    }

    private static IEnumerable<string?> InsertIds(JsonNode moments) => moments["items"]!.AsArray().Select(i => (string?)i!["insertId"]);

    [Fact]
    public async Task People_are_counted_in_order_within_the_window_with_conversion_drop_off_and_median_time()
    {
        var (project, client) = await ShopAsync();

        var steps = (await client.GetJsonAsync(Query(project, "")))["steps"]!.AsArray();

        Assert.Equal(["Viewed", "Added", "Bought"], steps.Select(s => (string?)s!["event"]));
        Assert.Equal([4L, 2L, 1L], steps.Select(s => (long)s!["count"]!));
        Assert.Equal([1.0, 0.5, 0.25], steps.Select(s => (double)s!["conversionFromFirst"]!));
        Assert.Equal([1.0, 0.5, 0.5], steps.Select(s => (double)s!["conversionFromPrevious"]!));
        Assert.Equal([0L, 2L, 1L], steps.Select(s => (long)s!["droppedOff"]!));
        Assert.Null(steps[0]!["medianMsToConvert"]);
        Assert.Equal(7 * Minute, (long)steps[1]!["medianMsToConvert"]!); // A took 10 minutes, B 4
        Assert.Equal(10 * Minute, (long)steps[2]!["medianMsToConvert"]!);
    }

    [Fact]
    public async Task Step_filters_narrow_what_counts_as_doing_a_step()
    {
        var project = (await factory.NewProjectAsync("Filtered funnel")).Id;
        await factory.SeedAsync(project,
            new("Viewed", "u1", T0, new { category = "shoes" }), new("Bought", "u1", T0 + Minute),
            new("Viewed", "u2", T0, new { category = "hats" }), new("Bought", "u2", T0 + Minute));
        var steps = Uri.EscapeDataString(JsonSerializer.Serialize(new object[]
        {
            new { @event = "Viewed", filters = new[] { new { property = "category", op = "equals", value = "shoes" } } }, new { @event = "Bought" },
        }));

        var reply = await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/projects/{project}/funnels?steps={steps}&from={Monday}&to={Monday + Day}");

        Assert.Equal([1L, 1L], reply["steps"]!.AsArray().Select(s => (long)s!["count"]!));
    }

    [Fact]
    public async Task The_dropped_part_of_a_step_lists_the_last_step_each_person_did_with_its_replay()
    {
        var (project, client) = await ShopAsync();

        var droppedAtAdded = await client.GetJsonAsync(Query(project, "/replays", "&step=1&part=dropped"));
        var droppedAtBought = await client.GetJsonAsync(Query(project, "/replays", "&step=2&part=dropped"));

        Assert.Equal(["c-viewed", "d-viewed"], InsertIds(droppedAtAdded));
        Assert.All(droppedAtAdded["items"]!.AsArray(), i => Assert.Null(i!["replay"]));
        var b = Assert.Single(droppedAtBought["items"]!.AsArray())!;
        Assert.Equal("b-added", (string?)b["insertId"]);
        // Added was tracked as user-b after sign-in; the replay was recorded under the anonymous id.
        Assert.Equal("b-anonymous", (string?)b["replay"]!["replayId"]);
        Assert.True((bool)b["replay"]!["stitched"]!);
        Assert.Equal(5 * Minute, (long)b["replay"]!["offsetMs"]!);
    }

    [Fact]
    public async Task The_converted_part_of_a_step_lists_each_persons_event_of_that_step()
    {
        var (project, client) = await ShopAsync();

        var bought = await client.GetJsonAsync(Query(project, "/replays", "&step=2&part=converted"));
        var entered = await client.GetJsonAsync(Query(project, "/replays", "&step=0&part=converted&limit=3"));

        var a = Assert.Single(bought["items"]!.AsArray())!;
        Assert.Equal("a-bought", (string?)a["insertId"]); // the event that converted, not the later one
        Assert.Equal("a-visit", (string?)a["replay"]!["replayId"]);
        Assert.False((bool)a["replay"]!["stitched"]!);
        Assert.Equal(21 * Minute, (long)a["replay"]!["offsetMs"]!);
        // Newest first; a-viewed and d-viewed share a time, the later insert id first; a-viewed is the one left out.
        Assert.Equal(["c-viewed", "b-viewed", "d-viewed"], InsertIds(entered));
        Assert.True((bool)entered["truncated"]!);
    }

    [Fact]
    public async Task Top_events_rank_what_dropped_off_people_did_next_instead_skipping_automatic_events()
    {
        var (project, client) = await ShopAsync();

        var afterViewed = (await client.GetJsonAsync(Query(project, "/top-events", "&step=0")))["events"]!.AsArray();
        var afterAdded = (await client.GetJsonAsync(Query(project, "/top-events", "&step=1")))["events"]!.AsArray();

        Assert.Equal(["Searched", "Left"], afterViewed.Select(e => (string?)e!["name"]));
        Assert.Equal([1L, 1L], afterViewed.Select(e => (long)e!["people"]!));
        Assert.Equal([2L, 1L], afterViewed.Select(e => (long)e!["count"]!));
        // B's click ($autocapture) came first but is skipped; the page view came after the search.
        Assert.Equal(["Searched"], afterAdded.Select(e => (string?)e!["name"]));
    }

    [Fact]
    public async Task Watch_recording_of_a_top_event_lists_each_persons_first_such_event()
    {
        var (project, client) = await ShopAsync();

        var searched = await client.GetJsonAsync(Query(project, "/top-events/replays", "&step=0&event=Searched"));
        var afterAdded = await client.GetJsonAsync(Query(project, "/top-events/replays", "&step=1&event=Searched"));

        Assert.Equal(["d-searched"], InsertIds(searched));
        var b = Assert.Single(afterAdded["items"]!.AsArray())!;
        Assert.Equal("b-searched", (string?)b["insertId"]);
        Assert.Equal("b-anonymous", (string?)b["replay"]!["replayId"]);
        Assert.Equal(6 * Minute, (long)b["replay"]!["offsetMs"]!);
    }
}
