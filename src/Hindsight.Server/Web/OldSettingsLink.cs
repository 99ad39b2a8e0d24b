using System.Globalization;

namespace Hindsight.Server.Web;

/// <summary>
/// The dashboard's Settings page was at /settings?project=&lt;id&gt;, the path of the SDK's remote settings
/// (GET /settings, token auth), so opening or reloading it showed the SDK's 401. It is now at
/// /projects/&lt;id&gt;/settings; a browser following an old link is sent there, while an SDK request (which
/// always carries its token) still gets the SDK's answer.
/// </summary>
public static class OldSettingsLink
{
    /// <summary>Where a browser following an old Settings link belongs, or null when this is an SDK request.</summary>
    public static string? TargetOf(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("token"))
            return null;
        var navigating = request.Headers["Sec-Fetch-Mode"] == "navigate"
            || request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (!navigating) return null;
        // Without a project id the old page showed the current project's; the feed leads there in one click.
        return long.TryParse(request.Query["project"], NumberStyles.None, CultureInfo.InvariantCulture, out var projectId) && projectId > 0
            ? $"/projects/{projectId.ToString(CultureInfo.InvariantCulture)}/settings"
            : "/";
    }
}
