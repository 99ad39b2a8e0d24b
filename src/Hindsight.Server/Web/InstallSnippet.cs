using Hindsight.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Web;

/// <summary>
/// The copy-paste install snippet, filled in for one project. The SDK build owns its code
/// (wwwroot/sdk/snippet.html, with {{API_HOST}} and {{TOKEN}} placeholders); the server only fills it in.
/// </summary>
public sealed class InstallSnippet(WebRoot root, IOptions<HindsightOptions> options)
{
    /// <summary>The snippet for a project, or null while the SDK is not built.</summary>
    public string? For(string apiHost, string token) =>
        File.Exists(root.SnippetPath) ? Fill(File.ReadAllText(root.SnippetPath), apiHost, token) : null;

    /// <summary>The snippet pointing at this server as the request reached it (or at the configured public URL).</summary>
    public string? For(HttpRequest request, string token) =>
        For(options.Value.PublicUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}", token);

    public static string Fill(string template, string apiHost, string token) =>
        template.Replace("{{API_HOST}}", apiHost, StringComparison.Ordinal).Replace("{{TOKEN}}", token, StringComparison.Ordinal);
}
