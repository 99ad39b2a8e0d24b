using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Ingest.Import;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Ingest.Track;

namespace Hindsight.Server.Ingest;

/// <summary>The endpoints the SDKs call (docs/PROTOCOL.md), each with and without its trailing slash.</summary>
public static class IngestApi
{
    /// <summary>Paths of the SDK endpoints; the dashboard's fallback and security headers leave them alone.</summary>
    public static readonly string[] Paths = ["/record", "/track", "/engage", "/groups", "/settings", "/flags", "/import"];

    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section)
            .Validate(IngestOptions.IsValid, $"Every {IngestOptions.Section} limit must be a positive number.").ValidateOnStart();
        services.AddSingleton<ReplayChunkWriter>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<ChunkWriteQueue>();
        services.AddSingleton<DroppedDataCounter>();
        services.AddSingleton<EventWriteQueue>();
        services.AddSingleton<EventWriter>();
        services.AddSingleton<ProfileWriter>();
        services.AddCors(o => o.AddPolicy(SdkCors.Policy, SdkCors.Configure));
        return services;
    }

    public static WebApplication UseIngest(this WebApplication app)
    {
        app.UseCors();
        return app;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var sdk = app.MapGroup("").RequireCors(SdkCors.Policy);
        sdk.MapPost("/record", RecordEndpoint.HandleAsync);
        sdk.MapPost("/record/dropped", DroppedDataEndpoint.HandleAsync);
        sdk.MapMethods("/track", ["GET", "POST"], TrackEndpoints.TrackAsync);
        sdk.MapMethods("/engage", ["GET", "POST"], TrackEndpoints.EngageAsync);
        sdk.MapMethods("/groups", ["GET", "POST"], TrackEndpoints.GroupsAsync);
        sdk.MapGet("/settings", SettingsEndpoints.GetSettingsAsync);
        sdk.MapMethods("/flags", ["GET", "POST"], SettingsEndpoints.GetFlagsAsync);
        // Backends call /import with the import secret; no browser is meant to, so no CORS.
        app.MapPost("/import", ImportEndpoint.HandleAsync);
        return app;
    }
}
