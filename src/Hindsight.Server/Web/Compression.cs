using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Hindsight.Server.Web;

/// <summary>
/// Brotli or gzip for the dashboard's scripts and styles, the SDK bundles and the /api JSON: scripts and JSON
/// shrink to a third or less, which is most of a first visit's transfer (the player's code alone is 190 kB).
/// Chunks are left as they are: they are stored gzip and already carry Content-Encoding.
/// </summary>
public static class Compression
{
    public static IServiceCollection AddDashboardCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // These responses hold no secret beside text an attacker could choose (the session is a cookie,
            // never in a body), so compressing them over HTTPS gives BREACH nothing to guess.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // Fastest: the bodies are small, and on a fast network a slower level costs more time than it saves.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Only where it pays: not the SDK endpoints, whose replies are a few bytes and whose rate matters.</summary>
    public static IApplicationBuilder UseDashboardCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => IsCompressed(context.Request.Path), branch => branch.UseResponseCompression());

    public static bool IsCompressed(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/app") || path.StartsWithSegments("/sdk");
}
