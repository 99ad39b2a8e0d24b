using Hindsight.Server.Accounts;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Projects;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Hosting;

/// <summary>What first start set up, for the banner.</summary>
public sealed class StartupState
{
    public Project? DefaultProject { get; set; }
    public AdminSignIn? Admin { get; set; }
}

/// <summary>
/// Runs before the server takes requests: migrations, then the default project and the first admin
/// (created on the very first start, found again on later ones).
/// </summary>
public sealed class FirstStart(IDatabase database, IAnalyticsDatabase analytics, DefaultProject defaultProject, FirstAdmin firstAdmin, StartupState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await analytics.MigrateAsync(cancellationToken);
        state.DefaultProject = await defaultProject.EnsureAsync(cancellationToken);
        state.Admin = await firstAdmin.EnsureAsync(state.DefaultProject, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
