using Hindsight.Server.Projects;
using Hindsight.Server.Web;

namespace Hindsight.Server.Demo;

/// <summary>
/// The demo shop at /demo/: plain pages carrying the default project's install snippet, so that a newcomer
/// clicks around and watches their own replay seconds later. The pages mark where the snippet goes.
/// </summary>
public static class DemoSite
{
    const string SnippetMarker = "<!-- hindsight-snippet -->";

    static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static WebApplication MapDemo(this WebApplication app)
    {
        app.MapGet("/demo/{file?}", ServeAsync);
        return app;
    }

    static async Task<IResult> ServeAsync(string? file, HttpContext http, IWebHostEnvironment environment,
        ProjectStore projects, InstallSnippet snippet, CancellationToken ct)
    {
        // The pages link to each other relatively, so the shop's root needs its trailing slash.
        if (http.Request.Path == "/demo") return Results.Redirect("/demo/");
        file = string.IsNullOrEmpty(file) ? "index.html" : file;
        var path = Path.Combine(environment.ContentRootPath, "Demo", "site", file);
        if (Path.GetFileName(file) != file || !ContentTypes.TryGetValue(Path.GetExtension(file), out var type) || !File.Exists(path))
            return Results.NotFound();
        if (!file.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) return Results.File(path, type);

        var project = await projects.FindDefaultAsync(ct);
        var install = project is null ? null : snippet.For(http.Request, project.Token);
        var page = (await File.ReadAllTextAsync(path, ct))
            .Replace(SnippetMarker, install ?? "<!-- The SDK is not built yet: run `npm run build -w sdk`. -->", StringComparison.Ordinal);
        // Without a public URL the snippet names the host the request asked for; a shared cache must never hand
        // a page built for one Host header (an attacker's) to the next visitor.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(page, type);
    }
}
