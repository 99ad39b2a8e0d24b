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
/// Runs before the server takes requests: migrations, the one-time move of events into the analytics
/// store, then the default project and the first admin (created on the very first start, found again on
/// later ones).
/// </summary>
public sealed class FirstStart(
    IDatabase database, IAnalyticsDatabase analytics, RelationalEventsMove eventsMove, ImportSecrets importSecrets,
    DefaultProject defaultProject, FirstAdmin firstAdmin, StartupState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await analytics.MigrateAsync(cancellationToken);
        await eventsMove.RunAsync(cancellationToken);
        await importSecrets.EnsureEveryProjectHasOneAsync(cancellationToken);
        state.DefaultProject = await defaultProject.EnsureAsync(cancellationToken);
        state.Admin = await firstAdmin.EnsureAsync(state.DefaultProject, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
