using System.Text;
using Hindsight.Server.Accounts;
using Hindsight.Server.Projects;
using Hindsight.Server.Web;

namespace Hindsight.Server.Hosting;

/// <summary>Everything the startup banner shows.</summary>
public sealed record BannerInfo(string BaseUrl, AdminSignIn Admin, Project Project, string? SnippetTemplate, string SnippetPath);

/// <summary>
/// The text printed once the server listens. Its first line is exactly "Hindsight is listening on
/// &lt;base url&gt;": scripts and the browser tests read the URL from it.
/// </summary>
public static class BannerText
{
    public static string Compose(BannerInfo info)
    {
        var text = new StringBuilder();
        text.AppendLine($"Hindsight is listening on {info.BaseUrl}");
        text.AppendLine();
        text.AppendLine($"  Dashboard   {info.BaseUrl}/");
        text.AppendLine($"  Sign in     {info.Admin.Email}");
        text.AppendLine($"  Password    {Password(info.Admin)}");
        text.AppendLine($"  Project     {info.Project.Name}");
        text.AppendLine($"  Token       {info.Project.Token}");
        text.AppendLine($"  Demo shop   {info.BaseUrl}/demo/");
        text.AppendLine();
        if (info.SnippetTemplate is null)
        {
            text.AppendLine($"  The SDK is not built yet ({info.SnippetPath} is missing): run `npm run build -w sdk`");
            text.AppendLine("  for the install snippet and the demo's recordings.");
        }
        else
        {
            text.AppendLine("  Install snippet: paste this into the <head> of your site's pages.");
            text.AppendLine();
            text.AppendLine(InstallSnippet.Fill(info.SnippetTemplate, info.BaseUrl, info.Project.Token).TrimEnd());
        }
        return text.ToString();
    }

    private static string Password(AdminSignIn admin) =>
        admin.Password is not null ? $"{admin.Password}   (saved in {admin.PasswordFile})"
        : admin.PasswordFromConfiguration ? "as set in HINDSIGHT_ADMIN_PASSWORD"
        : "the one you chose (the generated password's file has been removed)";
}
