using Microsoft.Extensions.Options;

namespace Hindsight.Server.Hosting;

/// <summary>The data folder and the well-known paths inside it, resolved once from HindsightOptions.</summary>
public sealed class DataFolder
{
    public DataFolder(IOptions<HindsightOptions> options)
    {
        // Relative to the working directory (not the content root): `HINDSIGHT_DATA=data` means ./data
        // wherever the server was started from.
        Root = Path.GetFullPath(options.Value.DataPath);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string DatabasePath => Path.Combine(Root, "hindsight.db");
    /// <summary>The analytics store: tracked events, in DuckDB (Analytics/Store).</summary>
    public string AnalyticsPath => Path.Combine(Root, "analytics.duckdb");
    public string BlobsPath => Path.Combine(Root, "blobs");
    public string KeysPath => Path.Combine(Root, "keys");
    public string InitialAdminPasswordPath => Path.Combine(Root, "initial-admin-password");
}
