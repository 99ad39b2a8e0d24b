using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>Waits on the page's own event loop rather than on the clock.</summary>
public static class PageTurns
{
    /// <summary>
    /// Returns once the page has drawn a frame and run a task after everything it had queued: mutation
    /// observer callbacks (microtasks) and the event handlers of what the test just did have all run. The
    /// recorder's observers report input, clicks and DOM changes from those callbacks, at once.
    /// </summary>
    public static Task SettledAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))");
}
