using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Web;

/// <summary>
/// Headers for the dashboard's own responses (pages, assets, /api). SDK endpoints, /sdk files and the demo
/// are embedded in other sites' pages, so they are left alone.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The dashboard's scripts come only from its own files (Vite emits no inline script). Everything else is
    /// loose on purpose: the player rebuilds recorded pages in a sandboxed same-origin iframe (srcdoc, no
    /// allow-scripts) that inherits this policy, and those pages need their inline styles, style attributes,
    /// and images, fonts, stylesheets and media from whatever site they were recorded on, or data:/blob: URLs.
    /// Scripts are the danger in untrusted markup, and no recorded script may run.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline' http: https: data: blob:; " +
        "img-src 'self' http: https: data: blob:; " +
        "font-src 'self' http: https: data: blob:; " +
        "media-src 'self' http: https: data: blob:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>Powerful features the dashboard never uses; fullscreen stays for the player's own button.</summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)";

    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app)
    {
        var publicUrl = app.ApplicationServices.GetRequiredService<IOptions<HindsightOptions>>().Value.PublicUrl;
        var publicIsHttps = Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        return app.Use((context, next) => AddHeaders(context, next, publicIsHttps));
    }

    private static Task AddHeaders(HttpContext context, RequestDelegate next, bool publicIsHttps)
    {
        var path = context.Request.Path;
        if (!WebApi.IsOutsideDashboard(path))
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // /api replies hold personal data (emails, visitors' pages); no cache, shared or private, keeps
            // them unless an endpoint says otherwise (chunks revalidate by ETag and stay private).
            if (path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
            // Once the dashboard is reached over https, a browser must never fall back to http, where the session
            // cookie could be stripped of its Secure flag by a network in the middle. Browsers ignore it over http.
            // Subdomains are not included: they may be other people's sites.
            if (context.Request.IsHttps || publicIsHttps) headers.StrictTransportSecurity = "max-age=31536000";
        }
        return next(context);
    }
}
