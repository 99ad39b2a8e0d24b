using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>
/// The server whose analytics store (the real DuckDB one) holds each write until the test lets it go, as a
/// slow disk would: to see what requests are answered while their events are not stored yet.
/// </summary>
public sealed class HeldWritesFactory : HindsightFactory
{
    public const int MaxQueuedEvents = 60;

    private readonly HeldWrites held = new();

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Hindsight:Ingest:MaxQueuedEvents"] = MaxQueuedEvents.ToString() };

    /// <summary>Completes when a write has reached the store and is being held.</summary>
    public Task WriteHeld => held.Entered.Task;

    /// <summary>Lets every held write, and every later one, through.</summary>
    public void Release() => held.Gate.TrySetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<DuckDbAnalyticsDatabase>(s => new DuckDbAnalyticsDatabase(s.GetRequiredService<DataFolder>()));
            services.AddSingleton<IAnalyticsDatabase>(s => new HeldDatabase(s.GetRequiredService<DuckDbAnalyticsDatabase>(), held));
        });
    }

    private sealed class HeldWrites
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class HeldDatabase(IAnalyticsDatabase store, HeldWrites held) : IAnalyticsDatabase
    {
        public Task<System.Data.Common.DbConnection> OpenAsync(CancellationToken cancellationToken) => store.OpenAsync(cancellationToken);

        public Task MigrateAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

        public async Task InsertAsync(IReadOnlyList<AnalyticsEvent> events, IReadOnlyList<AnalyticsIdentity> identities, CancellationToken cancellationToken)
        {
            held.Entered.TrySetResult();
            await held.Gate.Task;
            await store.InsertAsync(events, identities, cancellationToken);
        }
    }
}
