using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;
using Microsoft.Playwright;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The Settings page as an admin and as a viewer: replay settings that reach /settings at once, and capture
/// paused and resumed behind a confirmation. The shared server's settings are put back at the end.
/// </summary>
[Collection(nameof(BrowserSuite))]
public sealed class SettingsPageTests(BrowserSuite suite)
{
    [Fact]
    public async Task An_admin_changes_the_settings_and_pauses_and_resumes_capture_after_confirming()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var underWay = $"under-way-{Guid.NewGuid():N}";
        (await api.RecordAsync(underWay, 0, PlainPage(t0, "Before the pause").ToJsonString())).EnsureSuccessStatusCode();
        try
        {
            await using var teammate = await suite.NewContextAsync();
            var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
            await dashboard.LoginAsync();
            var page = dashboard.Page;

            await page.GetByTestId("nav-settings").ClickAsync();
            await Assertions.Expect(page.GetByTestId("capture-status")).ToHaveAttributeAsync("data-status", "active");
            await Assertions.Expect(page.GetByTestId("settings-snippet")).ToContainTextAsync(suite.Server.Token);

            // Sampling and idle timeout, in the units a person types: the SDK's next /settings has them in ms.
            await page.GetByTestId("settings-percent").FillAsync("35");
            await page.GetByTestId("settings-idle-minutes").FillAsync("7.5");
            await page.GetByTestId("settings-save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("settings-saved")).ToBeVisibleAsync();
            const string saved = """{"record_sessions_percent":35,"record_idle_timeout_ms":450000}""";
            Assert.Equal(saved, (await api.SdkConfigAsync()).ToJsonString());

            // A value out of range is explained beside its field and nothing is saved.
            await page.GetByTestId("settings-min-seconds").FillAsync("12");
            await page.GetByTestId("settings-save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("settings-error")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("setting-minSeconds-error")).ToContainTextAsync("8 seconds");
            await Assertions.Expect(page.GetByTestId("settings-min-seconds")).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Equal(saved, (await api.SdkConfigAsync()).ToJsonString());
            await page.GetByTestId("settings-min-seconds").FillAsync("");

            // A shorter retention deletes replays sooner: it is asked for twice.
            await Assertions.Expect(page.GetByTestId("retention-days")).ToHaveAttributeAsync("data-days", "30");
            await page.GetByTestId("retention-input").FillAsync("14");
            await page.GetByTestId("retention-save").ClickAsync();
            await Assertions.Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("more than 14 days ago");
            await page.GetByTestId("confirm-accept").ClickAsync();
            await Assertions.Expect(page.GetByTestId("retention-days")).ToHaveAttributeAsync("data-days", "14");
            Assert.Equal(14, (int)(await api.GetJsonAsync($"/api/projects/{await api.DefaultProjectIdAsync()}/settings"))["retentionDays"]!);

            // Cancel, by button and by Escape: nothing changes.
            var dialog = page.GetByTestId("confirm-dialog");
            await page.GetByTestId("capture-toggle").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Pause capture?" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("confirm-cancel")).ToBeFocusedAsync();
            await page.GetByTestId("confirm-cancel").ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await page.GetByTestId("capture-toggle").ClickAsync();
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("capture-toggle")).ToBeFocusedAsync();
            await Assertions.Expect(page.GetByTestId("capture-status")).ToHaveAttributeAsync("data-status", "active");
            await Assertions.Expect(page.GetByTestId("header-capture-badge")).ToHaveCountAsync(0);
            Assert.Equal(saved, (await api.SdkConfigAsync()).ToJsonString());

            // Pause.
            await page.GetByTestId("capture-toggle").ClickAsync();
            await page.GetByTestId("confirm-accept").ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("capture-status")).ToHaveAttributeAsync("data-status", "paused");
            await Assertions.Expect(page.GetByTestId("header-capture-badge")).ToBeVisibleAsync();
            Assert.Equal("""{"record_sessions_percent":0,"record_idle_timeout_ms":450000,"capture_status":"paused"}""",
                (await api.SdkConfigAsync()).ToJsonString());

            await page.GetByTestId("nav-replays").ClickAsync();
            await Assertions.Expect(page.GetByTestId("feed-capture-banner")).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByTestId("feed-capture-banner")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("header-capture-badge")).ToBeVisibleAsync();

            // The server refuses a brand-new replay, and lets the one under way go on.
            using (var refused = await api.RecordAsync($"new-while-paused-{Guid.NewGuid():N}", 0, PlainPage(t0 + 5_000, "New").ToJsonString()))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Equal("capture_paused", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]);
            }
            using (var next = await api.RecordAsync(underWay, 1, new JsonArray(MouseMove(t0 + 6_000, 10, 10)).ToJsonString()))
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);

            // Resume, from the header's badge.
            await page.GetByTestId("header-capture-badge").ClickAsync();
            await page.GetByTestId("capture-toggle").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Resume capture?" })).ToBeVisibleAsync();
            await page.GetByTestId("confirm-accept").ClickAsync();
            await Assertions.Expect(page.GetByTestId("capture-status")).ToHaveAttributeAsync("data-status", "active");
            await Assertions.Expect(page.GetByTestId("header-capture-badge")).ToHaveCountAsync(0);
            Assert.Equal(saved, (await api.SdkConfigAsync()).ToJsonString());
            using (var accepted = await api.RecordAsync($"after-resume-{Guid.NewGuid():N}", 0, PlainPage(t0 + 7_000, "Resumed").ToJsonString()))
                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            await page.GetByTestId("nav-replays").ClickAsync();
            await Assertions.Expect(page.GetByTestId("feed-search")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("feed-capture-banner")).ToHaveCountAsync(0);
        }
        finally
        {
            await api.ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task A_viewer_sees_the_settings_and_the_capture_status_but_cannot_change_them()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var viewer = await Teammates.AddAsync(suite.Server, "viewer");
        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync(viewer, Teammates.Password);
        var page = dashboard.Page;

        await page.GetByTestId("nav-settings").ClickAsync();

        await Assertions.Expect(page.GetByTestId("settings-readonly")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("capture-status")).ToHaveAttributeAsync("data-status", "active");
        foreach (var field in new[] { "settings-percent", "settings-idle-minutes", "settings-min-seconds", "settings-max-hours", "settings-heatmap", "settings-manual" })
            await Assertions.Expect(page.GetByTestId(field)).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("settings-save")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("capture-toggle")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("retention-days")).ToHaveAttributeAsync("data-days", "30");
        await Assertions.Expect(page.GetByTestId("retention-input")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("settings-snippet")).ToContainTextAsync(suite.Server.Token);
        // The import secret writes as anyone: a viewer gets no panel, and the API refuses them.
        await Assertions.Expect(page.GetByTestId("import-secret-panel")).ToHaveCountAsync(0);
        var refused = await page.EvaluateAsync<int>($"async () => (await fetch('/api/projects/{await api.DefaultProjectIdAsync()}/import-secret')).status");
        Assert.Equal(403, refused);
    }

    [Fact]
    public async Task An_admin_sees_the_import_secret_with_a_copy_button_and_a_curl_that_imports()
    {
        using var api = new ServerApi(suite.Server);
        await api.LoginAsync();
        var secret = await api.ImportSecretAsync();
        await using var teammate = await suite.NewContextAsync();
        var dashboard = new Dashboard(await teammate.NewPageAsync(), suite.Server);
        await dashboard.LoginAsync();
        var page = dashboard.Page;

        await page.GetByTestId("nav-settings").ClickAsync();

        await Assertions.Expect(page.GetByTestId("import-secret")).ToHaveTextAsync(secret);
        await page.GetByTestId("import-secret-copy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-secret-panel").GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Copied|Selected"));
        var curl = await page.GetByTestId("import-curl").TextContentAsync();
        Assert.Contains(secret, curl);
        Assert.Contains($"{suite.Server.Url}/import", curl);

        // The example works as printed.
        var run = new System.Diagnostics.ProcessStartInfo("/usr/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        run.ArgumentList.Add("-c");
        run.ArgumentList.Add(curl! + " --silent --show-error");
        using var shell = System.Diagnostics.Process.Start(run)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.Equal("""{"code":200,"num_records_imported":1,"status":"OK"}""", output.Trim());
    }
}
