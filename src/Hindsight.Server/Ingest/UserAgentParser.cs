namespace Hindsight.Server.Ingest;

/// <summary>Browser, operating system and device class, as the replay feed shows them.</summary>
public sealed record UserAgentInfo(string? Browser, string? Os, string? Device)
{
    public static readonly UserAgentInfo Unknown = new(null, null, null);
}

/// <summary>
/// A small hand-written User-Agent parser: names only, no versions. Browser and system names are
/// mixpanel-browser's (`_.info.browser`, `_.info.os`), the vocabulary of types/src/index.ts
/// (BROWSER_NAMES, OS_NAMES), so a replay and the events of its visit name a browser alike. The checks
/// run in mixpanel-browser's order, because many user agents mention names checked later (every
/// Chromium says "Safari"). The device class (Desktop, Mobile, Tablet) is the server's own.
/// </summary>
public static class UserAgentParser
{
    public static UserAgentInfo Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return UserAgentInfo.Unknown;
        return new UserAgentInfo(Browser(userAgent), Os(userAgent), Device(userAgent));
    }

    private static string? Browser(string ua) =>
        Has(ua, " OPR/") || Has(ua, "Opera") ? (Has(ua, "Mini") ? "Opera Mini" : "Opera")
        : HasIgnoringCase(ua, "BlackBerry") || Has(ua, "PlayBook") || Has(ua, "BB10") ? "BlackBerry"
        : Has(ua, "IEMobile") || Has(ua, "WPDesktop") ? "Internet Explorer Mobile"
        : Has(ua, "SamsungBrowser/") ? "Samsung Internet"
        : Has(ua, "Edge") || Has(ua, "Edg/") ? "Microsoft Edge"
        : Has(ua, "FBIOS") ? "Facebook Mobile"
        : Has(ua, "Whale/") ? "Whale Browser"
        : Has(ua, "Chrome") ? "Chrome"
        : Has(ua, "CriOS") ? "Chrome iOS"
        : Has(ua, "UCWEB") || Has(ua, "UCBrowser") ? "UC Browser"
        : Has(ua, "FxiOS") ? "Firefox iOS"
        : IsAppleVendor(ua) ? (Has(ua, "Mobile") ? "Mobile Safari" : "Safari")
        : Has(ua, "Android") ? "Android Mobile"
        : Has(ua, "Konqueror") ? "Konqueror"
        : Has(ua, "Firefox") ? "Firefox"
        : Has(ua, "MSIE") || Has(ua, "Trident/") ? "Internet Explorer"
        : Has(ua, "Gecko") ? "Mozilla"
        : null;

    private static string? Os(string ua) =>
        HasIgnoringCase(ua, "Windows") ? (Has(ua, "Phone") || Has(ua, "WPDesktop") ? "Windows Phone" : "Windows")
        : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod") ? "iOS"
        : Has(ua, "Android") ? "Android"
        : HasIgnoringCase(ua, "BlackBerry") || Has(ua, "PlayBook") || Has(ua, "BB10") ? "BlackBerry"
        : HasIgnoringCase(ua, "Mac") ? "Mac OS X"
        : Has(ua, "Linux") ? "Linux"
        : Has(ua, "CrOS") ? "Chrome OS"
        : null;

    private static string Device(string ua) =>
        Has(ua, "iPad") || Has(ua, "Tablet") || (Has(ua, "Android") && !Has(ua, "Mobile")) ? "Tablet"
        : Has(ua, "Mobi") || Has(ua, "iPhone") || Has(ua, "iPod") ? "Mobile"
        : "Desktop";

    /// <summary>
    /// mixpanel-browser asks navigator.vendor, which the server never sees. "Apple" is what every WebKit
    /// browser on Apple's systems reports: a WebKit user agent that is neither Chromium nor Android.
    /// </summary>
    private static bool IsAppleVendor(string ua) => Has(ua, "AppleWebKit") && !Has(ua, "Chrome") && !Has(ua, "Android");

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);

    private static bool HasIgnoringCase(string ua, string token) => ua.Contains(token, StringComparison.OrdinalIgnoreCase);
}
