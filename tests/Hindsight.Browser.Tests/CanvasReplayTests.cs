using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Browser.Tests;

/// <summary>
/// record_canvas: canvases travel as WebP pictures (never as drawing calls), a canvas inside a blocked element
/// not at all, and the player draws the pictures from the dashboard's side with no script running in the replay.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class CanvasReplayTests(BrowserSuite suite)
{
    // Reads one pixel of the replayed canvas from the dashboard page: the iframe is same-origin.
    const string ReplayedPixel = """
        () => {
          const frame = document.querySelector('[data-testid=player-frame] iframe');
          const canvas = frame?.contentDocument?.querySelector('#chart');
          if (!canvas || !canvas.width) return null;
          return Array.from(canvas.getContext('2d').getImageData(40, 30, 1, 1).data);
        }
        """;

    static bool IsCanvasFrame(JsonNode e) => (int)e["type"]! == 3 && (int?)e["data"]?["source"] == 9;

    [Fact]
    public async Task A_drawn_canvas_is_stored_as_webp_pictures_and_plays_with_no_recorded_script_running()
    {
        var secret = $"canvas-secret-{Guid.NewGuid():N}";
        // #chart turns green once recording runs: that picture can only reach the player as a frame. The blocked
        // canvas writes a secret with fillText, which a drawing-call stream would carry in clear.
        var page = SdkSite.AddPage(suite.Site, suite.Server, $$"""
            <canvas id="chart" width="80" height="60"></canvas>
            <div class="mp-block"><canvas id="secret" width="300" height="40"></canvas></div>
            <svg onload="try{window.top.__canvasPwned='svg'}catch(e){}"></svg>
            <script>
              window.top.__canvasPwned = window.top.__canvasPwned || (window.top === window ? null : 'script');
              const chart = document.getElementById('chart').getContext('2d');
              chart.fillStyle = 'rgb(220, 0, 0)';
              chart.fillRect(0, 0, 80, 60);
              window.paint = () => {
                chart.fillStyle = 'rgb(0, 200, 0)';
                chart.fillRect(0, 0, 80, 60);
                const hidden = document.getElementById('secret').getContext('2d');
                hidden.font = '20px sans-serif';
                hidden.fillText('{{secret}}', 4, 28);
              };
            </script>
            """, new JsonObject { ["record_sessions_percent"] = 100, ["record_canvas"] = true });

        await using var visitor = await suite.NewContextAsync();
        var site = await visitor.NewPageAsync();
        await site.GotoAsync(page);
        var replayId = await SdkSite.ReadyAsync(site) ?? throw new InvalidOperationException("Not recording");
        var distinctId = await SdkSite.DistinctIdAsync(site);
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        await api.WaitForSnapshotsAsync(replayId, 1);
        // The page's clock stamps the events too: the moment of the paint places the seek below.
        var paintedAt = await site.EvaluateAsync<double>("() => { const at = Date.now(); window.paint(); return at; }");
        await site.Mouse.MoveAsync(100, 80, new() { Steps = 6 });

        var events = await api.WaitForStoredEventsAsync(replayId, all => all.Any(IsCanvasFrame));
        await site.EvaluateAsync("() => hindsight.stop_session_recording()");
        events = await api.WaitForStoredEventsAsync(replayId, all => all.Any(IsCanvasFrame) && all.Count(e => (int)e["type"]! == 3 && (int?)e["data"]?["source"] == 1) >= 1);

        var frames = events.Where(IsCanvasFrame).ToList();
        var chartId = FindCanvasId(events.First(e => (int)e["type"]! == 2)["data"]!["node"]!, "chart");
        Assert.All(frames, f => Assert.Equal(chartId, (int)f["data"]!["id"]!));
        Assert.All(frames, f =>
        {
            var blob = f["data"]!["commands"]![1]!["args"]![0]!["args"]![0]!;
            Assert.Equal("image/webp", (string?)blob["type"]);
            Assert.StartsWith("UklGR", (string?)blob["data"]![0]!["base64"]); // "RIFF"
        });
        var stored = string.Join("\n", events.Select(e => e.ToJsonString()));
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain("fillText", stored);

        await using var teammate = await suite.NewContextAsync();
        var player = await teammate.NewPageAsync();
        var dashboard = new Dashboard(player, suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("ended", 30_000);
        // The last frame is green; the snapshot's own picture was red. WebP at 0.6 is near, not exact.
        await player.WaitForFunctionAsync($"() => {{ const p = ({ReplayedPixel})(); return p && p[1] > 150 && p[0] < 60 && p[3] > 200; }}",
            null, new() { Timeout = 15_000 });

        // Back to halfway between the start and the paint: the canvas shows the snapshot's red picture again. The
        // fraction comes from the stored times, since how long the paint waited for the snapshot varies by machine.
        var played = await api.WaitForStoredEventsAsync(replayId, _ => true);
        var first = played.Min(e => (double)e["timestamp"]!);
        var last = played.Max(e => (double)e["timestamp"]!);
        await dashboard.SeekToFractionAsync((paintedAt - first) / (last - first) / 2);
        await player.WaitForFunctionAsync($"() => {{ const p = ({ReplayedPixel})(); return p && p[0] > 150 && p[1] < 60; }}",
            null, new() { Timeout = 15_000 });

        Assert.Null(await player.EvaluateAsync<string?>("() => window.__canvasPwned ?? null"));
        Assert.Null(await player.EvaluateAsync<string?>(
            "() => document.querySelector('[data-testid=player-frame] iframe').contentWindow.__canvasPwned ?? null"));
        var sandbox = await player.Locator("[data-testid=player-frame] iframe").GetAttributeAsync("sandbox");
        Assert.NotNull(sandbox);
        Assert.DoesNotContain("allow-scripts", sandbox);
    }

    static int FindCanvasId(JsonNode node, string elementId)
    {
        if ((string?)node["tagName"] == "canvas" && (string?)node["attributes"]?["id"] == elementId) return (int)node["id"]!;
        foreach (var child in node["childNodes"]?.AsArray() ?? [])
        {
            var found = FindCanvasId(child!, elementId);
            if (found >= 0) return found;
        }
        return -1;
    }
}
