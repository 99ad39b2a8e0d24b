using Dapper;

namespace Hindsight.Server.Storage;

public static class StorageSetup
{
    /// <summary>The embedded default: SQLite file and blob folder under the data folder.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        // Columns are snake_case, C# properties PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton<IDatabase, SqliteDatabase>();
        services.AddSingleton<IBlobStore, FileBlobStore>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.BlobFreeGrace >= TimeSpan.Zero && o.BlobFreeInterval > TimeSpan.Zero,
                $"{StorageOptions.Section}: BlobFreeGrace may not be negative and BlobFreeInterval must be positive.")
            .ValidateOnStart();
        // One instance, both the background service and what tests call.
        services.AddSingleton<BlobFreeDrain>();
        services.AddHostedService(s => s.GetRequiredService<BlobFreeDrain>());
        return services;
    }
}
