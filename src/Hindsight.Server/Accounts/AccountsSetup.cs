using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Accounts;

public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section)
            .Validate(o => o.FailedLoginsPerMinute > 0 && o.SessionLifetime > TimeSpan.Zero,
                $"{AccountsOptions.Section}: FailedLoginsPerMinute and SessionLifetime must be positive.")
            .ValidateOnStart();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<FirstAdmin>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();

        // Keys live in the data folder so sessions survive restarts (and every node of a cluster could share them).
        services.AddDataProtection().SetApplicationName("Hindsight");
        services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((o, data, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(CreateOwnerOnly(data.KeysPath), logs));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(ConfigureCookie);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionTicketStore, IOptions<AccountsOptions>, IOptions<HindsightOptions>>((o, store, accounts, hindsight) =>
            {
                o.SessionStore = store;
                o.ExpireTimeSpan = accounts.Value.SessionLifetime;
                // Behind a proxy that ends TLS the request reaches us over http; the public URL tells the truth.
                if (IsHttps(hindsight.Value.PublicUrl)) o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        services.AddAuthorization();
        return services;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The /api group: a session is required, cross-site writes are refused. Attached once here.</summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<SameOriginFilter>();

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "hindsight_session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.Path = "/";
        o.SlidingExpiration = true;
        // The dashboard is a single-page app: it wants a status code and JSON, never a redirect to a login page.
        o.Events.OnRedirectToLogin = c => ApiErrors.WriteAsync(c.Response, 401, "unauthorized", "Sign in to use the API.");
        o.Events.OnRedirectToAccessDenied = c => ApiErrors.WriteAsync(c.Response, 403, "forbidden", "You may not do that.");
    }

    private static bool IsHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static DirectoryInfo CreateOwnerOnly(string path) =>
        OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
