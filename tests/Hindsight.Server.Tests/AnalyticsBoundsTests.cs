using System.Net;
using System.Text.Json;
using Hindsight.Server.Analytics.Heatmaps;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>Bad input to every analytics endpoint answers a precise JSON error, never a 500 or an unbounded answer.</summary>
public sealed class AnalyticsBoundsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private const long Day = 86_400_000, Monday = 1_772_409_600_000;
    private const string Range = "from=1772409600000&to=1772496000000";

    private static string Json(object value) => Uri.EscapeDataString(JsonSerializer.Serialize(value));
    private static string StepsOf(int n) => Json(Enumerable.Range(0, n).Select(_ => new { @event = "A" }));
    private static readonly string TwoSteps = StepsOf(2);

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "insights/events?" + Range, "missing_event" },
        { "insights/events?" + string.Concat(Enumerable.Range(0, 11).Select(i => $"event=E{i}&")) + Range, "too_many_events" },
        { $"insights/events?event={new string('x', 256)}&{Range}", "invalid_event" },
        { "insights/events?event=A", "invalid_from" },
        { "insights/events?event=A&from=yesterday&to=1772496000000", "invalid_from" },
        { "insights/events?event=A&from=1772496000000&to=1772409600000", "invalid_range" },
        { $"insights/events?event=A&from={Monday - 3650 * Day}&to={Monday}", "range_too_long" },
        { $"insights/events?event=A&from={Monday - 60 * Day}&to={Monday}&interval=hour", "too_many_buckets" },
        { $"insights/events?event=A&{Range}&interval=month", "invalid_interval" },
        { $"insights/events?event=A&{Range}&measure=average", "invalid_measure" },
        { $"insights/events?event=A&{Range}&tz=900", "invalid_tz" },
        { $"insights/events?event=A&{Range}&breakdown={new string('p', 256)}", "invalid_breakdown" },
        { $"insights/events?event=A&{Range}&filters=not-json", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new { property = "plan" })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new[] { new { property = "plan", op = "like", value = "x" } })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new[] { new { property = "n", op = "greater_than", value = "ten" } })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new[] { new { property = "n", op = "is_set", value = "x" } })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new[] { new { property = "", op = "is_set" } })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(new[] { new { property = "p", op = "equals", value = "v", extra = 1 } })}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters={Json(Enumerable.Range(0, 21).Select(i => new { property = $"p{i}", op = "is_set" }))}", "invalid_filters" },
        { $"insights/events?event=A&{Range}&filters=[{Uri.EscapeDataString(new string('[', 100))}]", "invalid_filters" },
        { $"insights/events/replays?event=A&{Range}&breakdownValue=x", "invalid_breakdown_value" },
        { $"insights/events/replays?event=A&{Range}&breakdown=plan", "invalid_breakdown_value" },
        { $"insights/events/replays?event=A&{Range}&limit=0", "invalid_limit" },
        { "funnels?" + Range, "invalid_steps" },
        { $"funnels?steps=%7B%7D&{Range}", "invalid_steps" },
        { $"funnels?steps={Json(new[] { new { name = "A" }, new { name = "B" } })}&{Range}", "invalid_steps" },
        { $"funnels?steps={StepsOf(1)}&{Range}", "too_few_steps" },
        { $"funnels?steps={StepsOf(11)}&{Range}", "too_many_steps" },
        { $"funnels?steps={Json(new object[] { new { @event = "A", filters = "plan=pro" }, new { @event = "A" } })}&{Range}", "invalid_filters" },
        { $"funnels?steps={TwoSteps}&from={Monday - 3650 * Day}&to={Monday}", "range_too_long" },
        { $"funnels?steps={TwoSteps}&{Range}&window=0", "invalid_window" },
        { $"funnels?steps={TwoSteps}&{Range}&window={91 * Day}", "invalid_window" },
        { $"funnels/replays?steps={TwoSteps}&{Range}&part=converted", "invalid_step" },
        { $"funnels/replays?steps={TwoSteps}&{Range}&step=2&part=converted", "invalid_step" },
        { $"funnels/replays?steps={TwoSteps}&{Range}&step=0&part=dropped", "invalid_step" },
        { $"funnels/replays?steps={TwoSteps}&{Range}&step=1", "invalid_part" },
        { $"funnels/replays?steps={TwoSteps}&{Range}&step=1&part=bounced", "invalid_part" },
        { $"funnels/top-events?steps={TwoSteps}&{Range}&step=1", "invalid_step" },
        { $"funnels/top-events?steps={TwoSteps}&{Range}&step=0&limit=-1", "invalid_limit" },
        { $"funnels/top-events/replays?steps={TwoSteps}&{Range}&step=0", "missing_event" },
        { $"heatmaps?{Range}", "missing_url" },
        { $"heatmaps?url=/{new string('a', UrlPattern.MaxLength)}&{Range}", "invalid_url" }, // one past the longest
        { $"heatmaps?url=/{string.Concat(Enumerable.Repeat("*/", UrlPattern.MaxWildcards + 1))}&{Range}", "invalid_url" },
        { $"heatmaps?url=pricing&{Range}", "invalid_url" },
        { $"heatmaps?url=%2Fa%0Ab&{Range}", "invalid_url" },
        { "heatmaps?url=/a", "invalid_from" },
        { $"heatmaps?url=/a&from={Monday}&to={Monday + (HeatmapQuery.MaxDays + 1) * Day}", "range_too_long" },
        { $"heatmaps?url=/a&from={Monday + Day}&to={Monday}", "invalid_range" },
        { $"heatmaps?url=/a&{Range}&limit=0", "invalid_limit" },
        { $"heatmaps/replays?url=/a&{Range}", "missing_selector" },
        { $"heatmaps/replays?url=/a&{Range}&selector={new string('a', ElementSelector.MaxLength + 1)}", "invalid_selector" },
        { $"heatmaps/replays?url=/a&{Range}&selector=a&kind=double", "invalid_kind" },
        { $"heatmaps/replays?url=/a&{Range}&selector=a&limit=x", "invalid_limit" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_precise_error(string path, string error)
    {
        var client = await factory.SignedInClientAsync();
        using var reply = await client.GetAsync($"/api/projects/{await factory.DefaultProjectIdAsync()}/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var body = await reply.ErrorAsync();
        Assert.Equal(error, (string?)body["error"]);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));
    }

    [Fact]
    public async Task A_funnel_step_never_tracked_is_not_found()
    {
        var project = (await factory.NewProjectAsync("Unknown steps")).Id;
        await factory.SeedAsync(project, new SeedEvent("Viewed", "u", Monday));
        var steps = Json(new[] { new { @event = "Viewed" }, new { @event = "Purchased" } });
        var client = await factory.SignedInClientAsync();

        foreach (var path in new[] { "funnels", "funnels/replays", "funnels/top-events", "funnels/top-events/replays" })
        {
            using var reply = await client.GetAsync($"/api/projects/{project}/{path}?steps={steps}&{Range}&step=0&part=converted&event=Viewed");
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("unknown_event", (string?)(await reply.ErrorAsync())["error"]);
        }
    }

    [Fact]
    public async Task Ten_steps_over_a_year_is_answered()
    {
        var project = (await factory.NewProjectAsync("Long funnel")).Id;
        await factory.SeedAsync(project, [.. Enumerable.Range(0, 10).Select(i => new SeedEvent($"S{i}", "u", Monday + i))]);
        var steps = Json(Enumerable.Range(0, 10).Select(i => new { @event = $"S{i}" }));

        var reply = await (await factory.SignedInClientAsync()).GetJsonAsync($"/api/projects/{project}/funnels?steps={steps}&from={Monday - 365 * Day}&to={Monday + Day}");

        Assert.All(reply["steps"]!.AsArray(), s => Assert.Equal(1, (long)s!["count"]!));
    }
}

/// <summary>A server whose analytics queries may run for a millisecond only: every analytics request times out.</summary>
public sealed class TinyQueryTimeoutFactory : HindsightFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Analytics:QueryTimeout"] = "00:00:00.001",
    };
}

public sealed class AnalyticsQueryTimeoutTests(TinyQueryTimeoutFactory factory) : IClassFixture<TinyQueryTimeoutFactory>
{
    private const long Monday = 1_772_409_600_000;

    [Fact]
    public async Task A_query_past_the_timeout_is_cancelled_and_answered_503_and_the_server_goes_on()
    {
        var project = await factory.NewProjectAsync("Slow");
        await using (var connection = await factory.Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None))
        {
            // Half a million events: far more than a millisecond of work for any funnel.
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO events SELECT $project, 'id-' || i, CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END, 'user-' || (i % 50000),
                    $t + i, NULL, '{"plan":"' || (i % 1000) || '"}', 0 FROM range(500000) r(i)
                """, new { project = project.Id, t = Monday });
        }
        var client = await factory.SignedInClientAsync();
        var steps = Uri.EscapeDataString(JsonSerializer.Serialize(new[] { new { @event = "A" }, new { @event = "B" }, new { @event = "A" } }));

        using var funnel = await client.GetAsync($"/api/projects/{project.Id}/funnels?steps={steps}&from={Monday}&to={Monday + 86_400_000}");
        using var report = await client.GetAsync($"/api/projects/{project.Id}/insights/events?event=A&event=B&from={Monday}&to={Monday + 86_400_000}&breakdown=plan");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, funnel.StatusCode);
        Assert.Equal("query_timeout", (string?)(await funnel.ErrorAsync())["error"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, report.StatusCode);
        // The store answers at once afterwards: nothing cancelled is still holding it.
        await using var after = await factory.Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None);
        Assert.Equal(500_000, await Dapper.SqlMapper.ExecuteScalarAsync<long>(after, "SELECT count(*) FROM events WHERE project_id = $project", new { project = project.Id }));
        (await client.GetAsync($"/api/projects/{project.Id}/settings")).EnsureSuccessStatusCode();
    }
}
