using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// Replays are untrusted: anyone holding a project token can send any DOM. Whatever a recording holds, nothing in it
/// may run in the teammate's dashboard.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class PlayerSecurityTests(BrowserSuite suite)
{
    // Each payload, if it ever ran, leaves a mark on the dashboard window or asks the server for /pwned.
    static string Mark(string how) =>
        $"try{{window.top.__pwned=(window.top.__pwned||[]).concat('{how}')}}catch(e){{}};" +
        $"try{{fetch('/pwned?{how}')}}catch(e){{}};try{{alert('{how}')}}catch(e){{}}";

    [Fact]
    public async Task Scripts_and_inline_event_handlers_in_a_recording_never_run_in_the_player()
    {
        var replayId = $"hostile-{Guid.NewGuid():N}";
        var distinctId = $"attacker-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var events = Start(t0,
        [
            Element(10, "script", new JsonObject(), [Text(11, Mark("script"))]),
            Element(12, "img", new JsonObject { ["src"] = "/missing.png", ["onerror"] = Mark("onerror") }, []),
            Element(13, "h1", new JsonObject { ["onmouseover"] = Mark("onmouseover"), ["onclick"] = Mark("onclick") },
                [Text(14, "Hostile page")]),
            Element(15, "iframe", new JsonObject { ["srcdoc"] = $"<script>{Mark("srcdoc")}</script>" }, []),
            Element(16, "a", new JsonObject { ["href"] = $"javascript:{Mark("href")}", ["id"] = "link" }, [Text(17, "link")]),
            Element(18, "svg", new JsonObject { ["onload"] = Mark("svg-onload") }, []),
            Element(19, "details", new JsonObject { ["open"] = "", ["ontoggle"] = Mark("ontoggle") }, [Text(20, "x")]),
        ], new JsonObject { ["onload"] = Mark("body-onload") });
        // Later mutations try the same: a script added, a handler set on an existing element, then a click on it.
        events.Add(new JsonObject { ["type"] = 3, ["timestamp"] = t0 + 400, ["data"] = new JsonObject
        {
            ["source"] = 0, ["texts"] = new JsonArray(), ["removes"] = new JsonArray(),
            ["attributes"] = new JsonArray(new JsonObject { ["id"] = 13, ["attributes"] = new JsonObject { ["onfocus"] = Mark("onfocus"), ["autofocus"] = "" } }),
            ["adds"] = new JsonArray(new JsonObject { ["parentId"] = 5, ["nextId"] = null,
                ["node"] = Element(30, "script", new JsonObject(), [Text(31, Mark("added-script"))]) }),
        } });
        events.Add(new JsonObject { ["type"] = 3, ["timestamp"] = t0 + 600,
            ["data"] = new JsonObject { ["source"] = 2, ["type"] = 2, ["id"] = 13, ["x"] = 20, ["y"] = 20 } });
        foreach (var e in Activity(t0 + 800, t0 + 2500)) events.Add(e!.DeepClone());

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        (await api.RecordAsync(replayId, 0, events.ToJsonString(), distinctId)).EnsureSuccessStatusCode();

        await using var teammate = await suite.NewContextAsync();
        var page = await teammate.NewPageAsync();
        var signs = new List<string>();
        page.Dialog += (_, dialog) => { signs.Add($"dialog {dialog.Message}"); _ = dialog.DismissAsync(); };
        page.Request += (_, request) => { if (request.Url.Contains("/pwned")) signs.Add($"request {request.Url}"); };
        var dashboard = new Dashboard(page, suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("ended", 20_000);
        await dashboard.Stage.Locator("h1").HoverAsync(new() { Force = true, Trial = false });

        Assert.Null(await page.EvaluateAsync<string[]?>("() => window.__pwned ?? null"));
        Assert.Empty(signs);
        var sandbox = await page.Locator("[data-testid=player-frame] iframe").GetAttributeAsync("sandbox");
        Assert.NotNull(sandbox);
        Assert.DoesNotContain("allow-scripts", sandbox);
    }

    // A 1×1 PNG: a recorded page's inline image, as pages embed icons and placeholders.
    const string Pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    [Fact]
    public async Task A_recorded_pages_styles_and_inline_images_still_show_under_the_dashboards_content_policy()
    {
        var replayId = $"styled-{Guid.NewGuid():N}";
        var distinctId = $"styled-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var events = Start(t0,
        [
            Element(10, "style", new JsonObject(), [Text(11, $".ruled {{ color: rgb(0, 128, 0); background-image: url(\"{Pixel}\"); }}")]),
            Element(12, "h1", new JsonObject { ["style"] = "color: rgb(255, 0, 0)" }, [Text(13, "Styled by attribute")]),
            Element(14, "p", new JsonObject { ["class"] = "ruled" }, [Text(15, "Styled by a rule")]),
            Element(16, "img", new JsonObject { ["src"] = Pixel, ["id"] = "pixel" }, []),
        ]);
        foreach (var e in Activity(t0 + 100, t0 + 1500)) events.Add(e!.DeepClone());

        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        (await api.RecordAsync(replayId, 0, events.ToJsonString(), distinctId)).EnsureSuccessStatusCode();

        await using var teammate = await suite.NewContextAsync();
        var page = await teammate.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) violations.Add(message.Text); };
        var dashboard = new Dashboard(page, suite.Server);
        await dashboard.LoginAsync();
        await (await dashboard.FindInFeedAsync(distinctId, replayId)).ClickAsync();
        await dashboard.WaitForStateAsync("ended", 20_000);

        Assert.Equal("rgb(255, 0, 0)", await dashboard.Stage.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Equal("rgb(0, 128, 0)", await dashboard.Stage.Locator("p.ruled").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await dashboard.Stage.Locator("#pixel").EvaluateAsync("e => e.complete ? null : new Promise(r => e.addEventListener('load', r))");
        Assert.Equal(1, await dashboard.Stage.Locator("#pixel").EvaluateAsync<int>("e => e.naturalWidth"));
        Assert.Empty(violations);
        // The policy really is in force on the page that played it, so the empty list means something.
        Assert.Contains("script-src 'self'", await page.EvaluateAsync<string>(
            "async () => (await fetch(location.href)).headers.get('content-security-policy') ?? ''"));
    }
}
