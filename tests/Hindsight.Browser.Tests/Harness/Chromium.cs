using Microsoft.Playwright;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>Debian's Chromium, launched the one way the browser tests and the benchmarks (bench/) launch it.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Without the background-networking flags Chromium keeps dialling hosts that are not there.</summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. Args, .. extraArgs],
        });
}
