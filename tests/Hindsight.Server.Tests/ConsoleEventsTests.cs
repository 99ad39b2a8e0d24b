using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>
/// Console messages reach /record as rrweb Plugin events (`rrweb/console@1`). Hindsight's SDK scrubs them in the
/// browser; mixpanel-browser sends them as the page logged them, with every rrweb console level. Either way the
/// server stores them as they came and counts them as events, nothing more.
/// </summary>
public sealed class ConsoleEventsTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    /// <summary>A console message in mixpanel-browser's form: its plugin's `{ level, trace, payload }`.</summary>
    static object Console(long ts, string level, string[] payload, string[]? trace = null) => new
    {
        type = 6,
        data = new { plugin = "rrweb/console@1", payload = new { level, trace = trace ?? ["checkout (https://shop.example/app.js:10:5)"], payload } },
        timestamp = ts,
    };

    [Fact]
    public async Task Console_messages_as_mixpanel_browser_sends_them_are_stored_as_they_came_and_served_to_the_player()
    {
        var batch = Rrweb.Start(Rrweb.T0, "https://shop.example/",
            Console(Rrweb.T0 + 10, "log", ["\"cart\"", "{\"items\":[1,2],\"nested\":\"[object Object]\"}"]),
            Console(Rrweb.T0 + 20, "groupCollapsed", []),
            Console(Rrweb.T0 + 30, "error", ["\"Uncaught (in promise) Error: <b>ünïcode</b> & \\\"quotes\\\"\""], []),
            Console(Rrweb.T0 + 40, "warn", ["\"The number of log records reached the threshold.\""], []));
        (await factory.CreateClient().RecordRawAsync("/record/?replay_id=console-mp&seq=0&format=body", Encoding.UTF8.GetBytes(batch)))
            .EnsureSuccessStatusCode();

        var stored = JsonNode.Parse(Sdk.Gunzip(await factory.StoredChunkAsync("console-mp", 0)))!.AsArray();
        Assert.Equal(JsonNode.Parse(batch)!.ToJsonString(), stored.ToJsonString());
        using var chunk = await (await factory.SignedInClientAsync()).GetAsync("/api/replays/console-mp/chunks/0");
        chunk.EnsureSuccessStatusCode();
        var served = JsonNode.Parse(Sdk.Gunzip(await chunk.Content.ReadAsByteArrayAsync()))!.AsArray();
        Assert.Equal(4, served.Count(e => (int)e!["type"]! == 6 && (string)e["data"]!["plugin"]! == "rrweb/console@1"));
    }
}
