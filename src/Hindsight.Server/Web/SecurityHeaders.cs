using Hindsight.Server.Ingest;

namespace Hindsight.Server.Web;

/// <summary>
/// Headers for the dashboard's own responses (pages, assets, /api). SDK endpoints, /sdk files and the demo
/// are embedded in other sites' pages, so they are left alone.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!WebApi.IsOutsideDashboard(context.Request.Path))
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
        }
        return next(context);
    });
}
