using System.Globalization;
using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>A teammate driving the dashboard through its test hooks (data-testid), as a person would click it.</summary>
public sealed class Dashboard(IPage page, HindsightServer server)
{
    public IPage Page => page;

    public ILocator Player => page.GetByTestId("player");

    /// <summary>rrweb's replay iframe, where the recorded page is rebuilt.</summary>
    public IFrameLocator Stage => page.FrameLocator("[data-testid=player-frame] iframe");

    public async Task LoginAsync(string email = HindsightServer.AdminEmail, string password = HindsightServer.AdminPassword)
    {
        await page.GotoAsync($"{server.Url}/login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("feed-search").WaitForAsync();
    }

    public async Task<ILocator> FindInFeedAsync(string query, string replayId)
    {
        await page.GetByTestId("feed-search").FillAsync(query);
        var row = page.Locator($"[data-testid=feed-row][data-replay-id='{replayId}']");
        await row.WaitForAsync(new() { Timeout = 15_000 });
        return row;
    }

    public async Task<string?> PlayerAttributeAsync(string name) => await Player.GetAttributeAsync(name);

    public async Task<double> CurrentMsAsync() =>
        double.Parse(await PlayerAttributeAsync("data-current-ms") ?? "0", CultureInfo.InvariantCulture);

    public async Task<double> TotalMsAsync() =>
        double.Parse(await PlayerAttributeAsync("data-total-ms") ?? "0", CultureInfo.InvariantCulture);

    public async Task WaitForStateAsync(string state, int timeoutMs = 15_000) =>
        await page.WaitForFunctionAsync(
            "s => document.querySelector('[data-testid=player]')?.getAttribute('data-state') === s",
            state, new() { Timeout = timeoutMs });

    /// <summary>Clicks the timeline at a fraction of its width, as a person scrubbing would.</summary>
    public async Task SeekToFractionAsync(double fraction)
    {
        var timeline = page.GetByTestId("player-timeline");
        var box = await timeline.BoundingBoxAsync() ?? throw new InvalidOperationException("The timeline is not visible.");
        await timeline.ClickAsync(new() { Position = new() { X = (float)(box.Width * fraction), Y = box.Height / 2 } });
    }
}
