namespace Hindsight.Server.Ingest;

/// <summary>Browser, operating system and device class, as the replay feed shows them.</summary>
public sealed record UserAgentInfo(string? Browser, string? Os, string? Device)
{
    public static readonly UserAgentInfo Unknown = new(null, null, null);
}

/// <summary>
/// A small hand-written User-Agent parser: names only, no versions. Order matters, because every
/// Chromium browser also says "Chrome" and "Safari", and Android also says "Linux".
/// </summary>
public static class UserAgentParser
{
    public static UserAgentInfo Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return UserAgentInfo.Unknown;
        return new UserAgentInfo(Browser(userAgent), Os(userAgent), Device(userAgent));
    }

    private static string? Browser(string ua) =>
        Has(ua, "SamsungBrowser/") ? "Samsung Internet"
        : Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") || Has(ua, "Edge/") ? "Edge"
        : Has(ua, "OPR/") || Has(ua, "OPT/") || Has(ua, "OPiOS/") || Has(ua, "Opera") ? "Opera"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "CriOS/") || Has(ua, "Chrome/") || Has(ua, "Chromium/") ? "Chrome"
        : Has(ua, "Safari/") || (Has(ua, "AppleWebKit/") && IsApple(ua)) ? "Safari"
        : null;

    private static string? Os(string ua) =>
        Has(ua, "Windows") ? "Windows"
        : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod") ? "iOS"
        : Has(ua, "Android") ? "Android"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS"
        : Has(ua, "Linux") || Has(ua, "X11") ? "Linux"
        : null;

    private static string Device(string ua) =>
        Has(ua, "iPad") || Has(ua, "Tablet") || (Has(ua, "Android") && !Has(ua, "Mobile")) ? "Tablet"
        : Has(ua, "Mobi") || Has(ua, "iPhone") || Has(ua, "iPod") ? "Mobile"
        : "Desktop";

    private static bool IsApple(string ua) => Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod") || Has(ua, "Macintosh");

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);
}
