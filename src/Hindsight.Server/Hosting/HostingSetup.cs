namespace Hindsight.Server.Hosting;

public static class HostingSetup
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Options, the HINDSIGHT_* variables, the default address, first start and the banner.</summary>
    public static WebApplicationBuilder AddHindsightHosting(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddHindsightVariables();
        if (!HasConfiguredUrls(builder.Configuration)) builder.WebHost.UseUrls(DefaultUrl);

        var services = builder.Services;
        services.AddOptions<HindsightOptions>().BindConfiguration(HindsightOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataFolder>();
        services.AddSingleton<StartupState>();
        // Registered before the web server's own hosted service, so migrations finish before any request.
        services.AddHostedService<FirstStart>();
        services.AddHostedService<StartupBanner>();
        return builder;
    }

    /// <summary>--urls, ASPNETCORE_URLS, ASPNETCORE_HTTP(S)_PORTS or a Kestrel endpoint: the operator chose.</summary>
    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
