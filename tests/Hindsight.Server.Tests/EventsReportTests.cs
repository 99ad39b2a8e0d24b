using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class EventsReportTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Hour = 3_600_000, Day = 24 * Hour;

    /// <summary>Monday 2026-03-02 00:00 UTC.</summary>
    private const long Monday = 1_772_409_600_000;

    private async Task<(long Project, HttpClient Client)> NewProjectAsync()
    {
        var project = await factory.NewProjectAsync("Insights");
        return (project.Id, await factory.SignedInClientAsync());
    }

    private static string Url(long project, string query) => $"/api/projects/{project}/insights/events?{query}";

    private static long[] Values(JsonNode series) => series["values"]!.AsArray().Select(v => (long)v!).ToArray();

    [Fact]
    public async Task Totals_and_unique_people_are_counted_per_day_and_an_anonymous_and_an_identified_id_are_one_person()
    {
        var (project, client) = await NewProjectAsync();
        await factory.SeedAsync(project,
            new("Viewed", "$device:a", Monday + 1 * Hour), new("Viewed", "user-a", Monday + 2 * Hour),
            new("Viewed", "user-b", Monday + 3 * Hour), new("Viewed", "user-b", Monday + Day + Hour),
            new("Viewed", "user-c", Monday + 3 * Day), // after the range
            new("Bought", "user-a", Monday + Day + 2 * Hour));
        await factory.LinkAsync(project, "$device:a", "user-a");

        var total = await client.GetJsonAsync(Url(project, $"event=Viewed&event=Bought&from={Monday}&to={Monday + 2 * Day}&interval=day"));
        var unique = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday}&to={Monday + 2 * Day}&interval=day&measure=unique"));

        Assert.Equal([Monday, Monday + Day], total["buckets"]!.AsArray().Select(b => (long)b!));
        Assert.Equal("day", (string?)total["interval"]);
        var series = total["series"]!.AsArray();
        Assert.Equal(["Viewed", "Bought"], series.Select(s => (string?)s!["event"]));
        Assert.Null(series[0]!["breakdown"]);
        Assert.Equal([3L, 1L], Values(series[0]!));
        Assert.Equal(4, (long)series[0]!["total"]!);
        Assert.Equal([0L, 1L], Values(series[1]!));
        // Day one: $device:a and user-a are one person, user-b another; over the range still two people.
        Assert.Equal([2L, 1L], Values(unique["series"]![0]!));
        Assert.Equal(2, (long)unique["series"]![0]!["total"]!);
    }

    [Fact]
    public async Task Buckets_follow_the_viewers_time_zone_and_weeks_start_on_monday()
    {
        var (project, client) = await NewProjectAsync();
        // 23:30 UTC on Monday is Tuesday 01:30 in UTC+2; 01:00 UTC on Tuesday is still Tuesday there.
        await factory.SeedAsync(project, new("Viewed", "u", Monday + 23 * Hour + 30 * 60_000), new("Viewed", "u", Monday + Day + Hour));

        var utc = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday}&to={Monday + 3 * Day}&interval=day"));
        var east = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday - 2 * Hour}&to={Monday + 3 * Day - 2 * Hour}&interval=day&tz=120"));
        var weeks = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday + 3 * Day}&to={Monday + 10 * Day}&interval=week"));

        Assert.Equal([1L, 1L, 0L], Values(utc["series"]![0]!));
        Assert.Equal(Monday - 2 * Hour, (long)east["buckets"]![0]!); // local midnight
        Assert.Equal([0L, 2L, 0L], Values(east["series"]![0]!));
        Assert.Equal([Monday, Monday + 7 * Day], weeks["buckets"]!.AsArray().Select(b => (long)b!));
    }

    [Fact]
    public async Task A_breakdown_shows_the_top_ten_values_and_sums_the_rest_as_other_and_the_missing_as_none()
    {
        var (project, client) = await NewProjectAsync();
        var events = new List<SeedEvent>();
        // plan-0 is on 12 events, plan-1 on 11, … plan-11 on one: plan-10 and plan-11 fall outside the top ten.
        for (var v = 0; v < 12; v++)
            for (var n = 0; n < 12 - v; n++) events.Add(new("Viewed", $"user-{v}-{n}", Monday + n * 60_000, new { plan = $"plan-{v}" }));
        events.Add(new("Viewed", "no-plan", Monday));
        await factory.SeedAsync(project, [.. events]);

        var report = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday}&to={Monday + Day}&breakdown=plan"));

        var series = report["series"]!.AsArray();
        Assert.Equal(12, series.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(v => $"plan-{v}"), series.Take(10).Select(s => (string?)s!["breakdown"]));
        Assert.Equal(12, (long)series[0]!["total"]!);
        var rest = series.Skip(10).ToDictionary(s => (string)s!["breakdown"]!, s => (long)s!["total"]!);
        Assert.Equal(2 + 1, rest["$other"]);
        Assert.Equal(1, rest["$none"]);
    }

    [Fact]
    public async Task A_breakdown_on_a_property_with_a_hundred_thousand_values_answers_twelve_lines()
    {
        var (project, client) = await NewProjectAsync();
        await using (var connection = await factory.Get<Hindsight.Server.Analytics.Store.IAnalyticsDatabase>().OpenAsync(CancellationToken.None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO events SELECT $project, 'id-' || i, 'Viewed', 'user-' || i, $t + i, NULL,
                    CASE WHEN i % 7 = 0 THEN '{}' ELSE '{"session":"' || i || '"}' END, 0 FROM range(100000) r(i)
                """, new { project, t = Monday });
        }

        var report = await client.GetJsonAsync(Url(project, $"event=Viewed&from={Monday}&to={Monday + Day}&breakdown=session"));

        var series = report["series"]!.AsArray();
        Assert.Equal(12, series.Count);
        Assert.Equal(100_000, series.Sum(s => (long)s!["total"]!));
    }

    [Fact]
    public async Task Filters_keep_the_events_whose_properties_match()
    {
        var (project, client) = await NewProjectAsync();
        await factory.SeedAsync(project,
            new("Bought", "a", Monday, new Dictionary<string, object> { ["plan"] = "Pro", ["price"] = 30, ["$browser"] = "Firefox" }),
            new("Bought", "b", Monday, new Dictionary<string, object> { ["plan"] = "free", ["price"] = 5, ["$browser"] = "Chrome" }),
            new("Bought", "c", Monday, new { price = "12.5" }),
            new("Bought", "d", Monday, new { plan = "pro-trial", coupon = (string?)null }));

        async Task<long> CountAsync(object filters)
        {
            var json = Uri.EscapeDataString(System.Text.Json.JsonSerializer.Serialize(filters));
            var report = await client.GetJsonAsync(Url(project, $"event=Bought&from={Monday}&to={Monday + Day}&filters={json}"));
            return (long)report["series"]![0]!["total"]!;
        }

        Assert.Equal(1, await CountAsync(new[] { new { property = "plan", op = "equals", value = "Pro" } }));
        Assert.Equal(3, await CountAsync(new[] { new { property = "plan", op = "not_equals", value = "Pro" } })); // also those without a plan
        Assert.Equal(2, await CountAsync(new[] { new { property = "plan", op = "contains", value = "pro" } })); // case-insensitive
        Assert.Equal(2, await CountAsync(new[] { new { property = "plan", op = "not_contains", value = "PRO" } }));
        Assert.Equal(3, await CountAsync(new[] { new { property = "plan", op = "is_set" } }));
        Assert.Equal(1, await CountAsync(new[] { new { property = "plan", op = "is_not_set" } }));
        Assert.Equal(0, await CountAsync(new[] { new { property = "coupon", op = "is_set" } })); // JSON null is not set
        Assert.Equal(4, await CountAsync(new[] { new { property = "coupon", op = "is_not_set" } }));
        Assert.Equal(2, await CountAsync(new object[] { new { property = "price", op = "greater_than", value = 10 } })); // "12.5" reads as a number
        Assert.Equal(1, await CountAsync(new object[] { new { property = "price", op = "equals", value = 30 } }));
        Assert.Equal(1, await CountAsync(new[] { new { property = "$browser", op = "equals", value = "Firefox" } })); // a $ name is a key, not a path
        Assert.Equal(1, await CountAsync(new object[]
        {
            new { property = "price", op = "less_than", value = 40 }, new { property = "plan", op = "contains", value = "o" },
        }));
        Assert.Equal(0, await CountAsync(new[] { new { property = "plan' OR 1=1 --", op = "is_set" } }));
    }

    [Fact]
    public async Task View_replays_of_a_point_lists_its_events_newest_first_with_their_explicit_or_stitched_replays()
    {
        var (project, client) = await NewProjectAsync();
        await factory.ReplayAsync(project, "named", "user-a", Monday + Hour, Monday + 2 * Hour);
        await factory.ReplayAsync(project, "anonymous-visit", "$device:b", Monday + 3 * Hour, Monday + 4 * Hour);
        await factory.LinkAsync(project, "$device:b", "user-b");
        await factory.SeedAsync(project,
            new("Viewed", "user-a", Monday + Hour + 60_000, ReplayId: "named", InsertId: "explicit"),
            new("Viewed", "user-b", Monday + 3 * Hour + 120_000, InsertId: "stitched"), // sent after identify, during the anonymous replay
            new("Viewed", "user-c", Monday + 5 * Hour, InsertId: "no-replay"),
            new("Viewed", "user-a", Monday + Day + Hour, InsertId: "next-day"));

        var moments = await client.GetJsonAsync($"/api/projects/{project}/insights/events/replays?event=Viewed&from={Monday}&to={Monday + Day}");

        var items = moments["items"]!.AsArray();
        Assert.Equal(["no-replay", "stitched", "explicit"], items.Select(i => (string?)i!["insertId"]));
        Assert.Null(items[0]!["replay"]);
        Assert.Equal("anonymous-visit", (string?)items[1]!["replay"]!["replayId"]);
        Assert.True((bool)items[1]!["replay"]!["stitched"]!);
        Assert.Equal(120_000, (long)items[1]!["replay"]!["offsetMs"]!);
        Assert.Equal("named", (string?)items[2]!["replay"]!["replayId"]);
        Assert.False((bool)items[2]!["replay"]!["stitched"]!);
        Assert.Equal(60_000, (long)items[2]!["replay"]!["offsetMs"]!);
        Assert.False((bool)moments["truncated"]!);

        var limited = await client.GetJsonAsync($"/api/projects/{project}/insights/events/replays?event=Viewed&from={Monday}&to={Monday + Day}&limit=2");
        Assert.Equal(2, limited["items"]!.AsArray().Count);
        Assert.True((bool)limited["truncated"]!);
    }

    [Fact]
    public async Task View_replays_of_a_breakdown_line_lists_the_events_of_that_value_of_none_or_of_other()
    {
        var (project, client) = await NewProjectAsync();
        var events = new List<SeedEvent>();
        for (var v = 0; v < 11; v++)
            for (var n = 0; n < 11 - v; n++) events.Add(new("Viewed", "u", Monday + v * Hour + n, new { plan = $"plan-{v}" }, InsertId: $"plan-{v}-{n}"));
        events.Add(new("Viewed", "u", Monday + 20 * Hour, InsertId: "without"));
        await factory.SeedAsync(project, [.. events]);
        var baseUrl = $"/api/projects/{project}/insights/events/replays?event=Viewed&breakdown=plan&reportFrom={Monday}&reportTo={Monday + Day}";

        var plan3 = await client.GetJsonAsync($"{baseUrl}&from={Monday}&to={Monday + Day}&breakdownValue=plan-3");
        var none = await client.GetJsonAsync($"{baseUrl}&from={Monday}&to={Monday + Day}&breakdownValue=%24none");
        // The bucket holding only plan-10's hour: ranked over that hour alone plan-10 would be a top value.
        var other = await client.GetJsonAsync($"{baseUrl}&from={Monday + 10 * Hour}&to={Monday + 11 * Hour}&breakdownValue=%24other");

        Assert.Equal(8, plan3["items"]!.AsArray().Count);
        Assert.Equal(["without"], none["items"]!.AsArray().Select(i => (string?)i!["insertId"]));
        Assert.Equal(["plan-10-0"], other["items"]!.AsArray().Select(i => (string?)i!["insertId"]));
    }

    [Fact]
    public async Task An_event_never_tracked_in_the_project_is_not_found_rather_than_charted_as_zero()
    {
        var (project, client) = await NewProjectAsync();
        await factory.SeedAsync(project, new SeedEvent("Viewed", "u", Monday));
        var elsewhere = await factory.NewProjectAsync("Elsewhere");
        await factory.SeedAsync(elsewhere.Id, new SeedEvent("Only elsewhere", "u", Monday));

        foreach (var path in new[]
                 {
                     Url(project, $"event=Viewed&event=Veiwed&from={Monday}&to={Monday + Day}"),
                     Url(project, $"event=Only%20elsewhere&from={Monday}&to={Monday + Day}"),
                     $"/api/projects/{project}/insights/events/replays?event=Veiwed&from={Monday}&to={Monday + Day}",
                 })
        {
            using var reply = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("unknown_event", (string?)(await reply.ErrorAsync())["error"]);
        }
    }
}
