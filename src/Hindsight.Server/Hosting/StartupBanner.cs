using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Hindsight.Server.Web;

namespace Hindsight.Server.Hosting;

/// <summary>
/// Prints the banner to stdout once the server listens, with the addresses it really bound (a port of 0
/// becomes the port the system picked).
/// </summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, StartupState state, WebRoot webRoot, IOptions<HindsightOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var baseUrl = BaseUrl(options.Value.PublicUrl, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        // No address: an in-memory test server, with nobody to read a banner.
        if (baseUrl is null || state.DefaultProject is null || state.Admin is null) return;
        var snippet = File.Exists(webRoot.SnippetPath) ? File.ReadAllText(webRoot.SnippetPath) : null;
        Console.Out.Write(BannerText.Compose(new BannerInfo(baseUrl, state.Admin, state.DefaultProject, snippet, webRoot.SnippetPath)));
        Console.Out.Flush();
    }

    /// <summary>The public URL when given, else the first bound address with a wildcard host made clickable.</summary>
    public static string? BaseUrl(string? publicUrl, IEnumerable<string> addresses)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl)) return publicUrl.Trim().TrimEnd('/');
        var first = addresses.FirstOrDefault();
        if (first is null) return null;
        foreach (var wildcard in new[] { "://[::]", "://0.0.0.0", "://+", "://*" })
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return first.TrimEnd('/');
    }
}
