using Hindsight.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Accounts;

/// <summary>
/// Refuses state-changing /api requests sent from another site's page. SameSite=Lax already keeps the
/// cookie off cross-site POSTs; this also covers same-site neighbours (another port or subdomain).
/// </summary>
public sealed class SameOriginFilter(IOptions<HindsightOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || IsSameOrigin(request))
            return next(context);
        return ValueTask.FromResult<object?>(ApiErrors.Create(403, "cross_origin_request",
            "This request came from another site's page and was refused."));
    }

    private bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        // No Origin: not a browser, or an old one; Sec-Fetch-Site still tells when a browser sent it from another
        // site, or from a neighbour on the same site (another subdomain), which is no more the dashboard.
        if (origin.Length == 0) return request.Headers["Sec-Fetch-Site"].ToString() is not ("cross-site" or "same-site");
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false; // "null" from sandboxed frames
        var authority = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        if (string.Equals(authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)) return true;
        // Behind a proxy that rewrites Host, the public URL names the dashboard's real origin.
        return Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var publicUrl)
               && string.Equals(publicUrl.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase);
    }
}
