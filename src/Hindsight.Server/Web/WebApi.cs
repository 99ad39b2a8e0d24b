using Dapper;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;

namespace Hindsight.Server.Web;

/// <summary>The SDK bundles (/sdk), the dashboard (/app and its routes), and /healthz.</summary>
public static class WebApi
{
    public static IServiceCollection AddWeb(this IServiceCollection services) =>
        services.AddSingleton<WebRoot>().AddSingleton<InstallSnippet>().AddDashboardCompression();

    public static WebApplication UseWeb(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<WebRoot>();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".map"] = "application/json";

        app.UseDashboardSecurityHeaders();
        app.UseDashboardCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/sdk",
            FileProvider = WebRoot.FilesOf(root.SdkPath),
            ContentTypeProvider = types,
            OnPrepareResponse = file =>
            {
                // ESM imports are CORS requests; sites load the SDK from anywhere.
                file.Context.Response.Headers.AccessControlAllowOrigin = "*";
                // Short: bundle names carry no hash, and a new SDK should reach sites within minutes.
                file.Context.Response.Headers.CacheControl = "public, max-age=300";
            },
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/app",
            FileProvider = WebRoot.FilesOf(root.AppPath),
            ContentTypeProvider = types,
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                file.Context.Request.Path.StartsWithSegments("/app/assets")
                    ? "public, max-age=31536000, immutable" // Vite puts a content hash in these names
                    : "no-cache",
        });
        return app;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapGet("/healthz", HealthAsync);
        app.MapFallback(ServeDashboard);
        return app;
    }

    /// <summary>Paths the dashboard does not own: no SPA fallback, no dashboard headers.</summary>
    public static bool IsOutsideDashboard(PathString path) =>
        path.StartsWithSegments("/sdk") || path.StartsWithSegments("/demo")
        || IngestApi.Paths.Any(p => path.StartsWithSegments(p));

    public sealed record Health(string Status);

    private static async Task<Results<Ok<Health>, JsonHttpResult<Health>>> HealthAsync(IDatabase database, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            return TypedResults.Ok(new Health("ok"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Json(new Health("unavailable"), statusCode: 503);
        }
    }

    /// <summary>Dashboard routes (/, /login, /replays/…) are the app's index.html; the app routes in the browser.</summary>
    private static IResult ServeDashboard(HttpContext http, WebRoot root)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api"))
            return ApiErrors.NotFound("not_found", $"There is no API endpoint {http.Request.Method} {path}.");
        if (IsOutsideDashboard(path) || path.StartsWithSegments("/app")
            || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
            return TypedResults.NotFound();
        if (!File.Exists(root.DashboardIndex))
            return TypedResults.Text("The dashboard is not built yet. Build it with `npm run build -w web` at the repository root, then reload.",
                "text/plain", statusCode: 503);

        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(root.DashboardIndex, "text/html; charset=utf-8");
    }
}
