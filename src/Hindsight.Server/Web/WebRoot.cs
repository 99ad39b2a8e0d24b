using Hindsight.Server.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Web;

/// <summary>
/// The folder the SDK and dashboard builds write into (wwwroot/sdk, wwwroot/app). It may not exist yet
/// when the server starts, and a build may fill it while the server runs.
/// </summary>
public sealed class WebRoot(IOptions<HindsightOptions> options, IWebHostEnvironment environment)
{
    public string Path { get; } = System.IO.Path.GetFullPath(
        options.Value.WebRoot ?? environment.WebRootPath ?? System.IO.Path.Combine(environment.ContentRootPath, "wwwroot"));

    public string SdkPath => System.IO.Path.Combine(Path, "sdk");
    public string AppPath => System.IO.Path.Combine(Path, "app");
    public string DashboardIndex => System.IO.Path.Combine(AppPath, "index.html");
    public string SnippetPath => System.IO.Path.Combine(SdkPath, "snippet.html");

    /// <summary>Files of a folder, created empty when missing so a later build is served without a restart.</summary>
    public static IFileProvider FilesOf(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return new PhysicalFileProvider(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new NullFileProvider();
        }
    }
}
