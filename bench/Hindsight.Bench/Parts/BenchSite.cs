using Hindsight.Browser.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hindsight.Bench.Parts;

/// <summary>
/// The customer's site every recorder runs on: the files of bench/site/, served once per recorder under
/// /r/&lt;recorder&gt;/, each HTML page with that recorder's install HTML where it says &lt;!-- recorder --&gt;.
/// Relative links stay under the same recorder, so a visit that navigates keeps its recorder.
/// </summary>
public static class BenchSite
{
    const string Marker = "<!-- recorder -->";

    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "bench", "site");

    static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    };

    public static Action<WebApplication> Routes(IReadOnlyList<Recorder> recorders) => app =>
        app.MapGet("/r/{recorder}/{**file}", (string recorder, string file) =>
        {
            var installed = recorders.FirstOrDefault(r => r.Key == recorder);
            var path = Path.GetFullPath(Path.Combine(Folder, file));
            if (installed is null || !path.StartsWith(Folder + Path.DirectorySeparatorChar) || !File.Exists(path)
                || !ContentTypes.TryGetValue(Path.GetExtension(path), out var type))
                return Results.NotFound();
            return type.StartsWith("text/html")
                ? Results.Text(File.ReadAllText(path).Replace(Marker, installed.Head), type)
                : Results.File(path, type);
        });
}
