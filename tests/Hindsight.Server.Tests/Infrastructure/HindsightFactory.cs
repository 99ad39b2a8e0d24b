using Dapper;
using Hindsight.Server.Analytics.Store;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>
/// The real server in memory, on its own temporary SQLite file, blob folder and web root. One per test
/// class (IClassFixture); subclasses change settings.
/// </summary>
public class HindsightFactory : WebApplicationFactory<Program>
{
    public const string Token = "0123456789abcdef0123456789abcdef";
    public const string AdminEmail = "admin@tests.hindsight";
    public const string AdminPassword = "correct horse battery staple";

    public HindsightFactory() : this(null) { }

    /// <summary>With a root, a second factory can start on the data a first one left (a restart).</summary>
    protected HindsightFactory(string? root) => Root = root ?? Directory.CreateTempSubdirectory("hindsight-server-tests-").FullName;

    public string Root { get; }

    /// <summary>Whether disposing deletes the folder; a restart test keeps it for the next start.</summary>
    public bool KeepFolder { get; set; }
    public string DataPath => Path.Combine(Root, "data");
    public string WebRootPath => Path.Combine(Root, "wwwroot");

    /// <summary>Settings on top of the test defaults; a null value removes a default.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hindsight:DataPath"] = DataPath,
            ["Hindsight:WebRoot"] = WebRootPath,
            ["Hindsight:AdminEmail"] = AdminEmail,
            ["Hindsight:AdminPassword"] = AdminPassword,
            ["Hindsight:DefaultProjectToken"] = Token,
            ["Hindsight:Accounts:FailedLoginsPerMinute"] = "1000",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings)
        {
            if (value is not null) builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Get<IDatabase>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) => (await QueryAsync<T>(sql, parameters)).Single();

    /// <summary>
    /// A query of the analytics store (DuckDB: parameters are <c>$name</c>), through the server's own
    /// <see cref="IAnalyticsDatabase"/>: in one process, DuckDB.NET shares the server's database instance.
    /// </summary>
    public async Task<List<T>> QueryAnalyticsAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Get<IAnalyticsDatabase>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    public async Task<T> QueryAnalyticsSingleAsync<T>(string sql, object? parameters = null) => (await QueryAnalyticsAsync<T>(sql, parameters)).Single();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (!KeepFolder)
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        }
    }
}
