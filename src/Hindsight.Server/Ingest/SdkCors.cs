using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Hindsight.Server.Ingest;

/// <summary>
/// CORS for the SDK endpoints. Any site may send (the token, not the origin, names the project), and the
/// SDK's XHR sends credentials, which forbids `*`: the request's Origin is echoed, with Vary: Origin.
/// </summary>
public static class SdkCors
{
    public const string Policy = "sdk";

    public static void Configure(CorsPolicyBuilder policy) => policy
        .SetIsOriginAllowed(_ => true)
        .AllowCredentials()
        .WithMethods("GET", "POST", "OPTIONS")
        .WithHeaders("Authorization", "Content-Type", "traceparent")
        .WithExposedHeaders("Retry-After")
        .SetPreflightMaxAge(TimeSpan.FromHours(2));
}
