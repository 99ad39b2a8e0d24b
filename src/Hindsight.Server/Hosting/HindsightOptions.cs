namespace Hindsight.Server.Hosting;

/// <summary>
/// The settings a newcomer may give (section "Hindsight", or the HINDSIGHT_* variables). Every one has a
/// default, so the server starts with no configuration at all.
/// </summary>
public sealed class HindsightOptions
{
    public const string Section = "Hindsight";

    /// <summary>Folder for the SQLite file, blobs and keys; relative paths start at the working directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Email of the first admin, created on first start.</summary>
    public string AdminEmail { get; set; } = "admin@hindsight.local";

    /// <summary>Password of the first admin; generated (and saved to the data folder) when absent.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>A fixed token for the default project, so scripts and tests know it in advance.</summary>
    public string? DefaultProjectToken { get; set; }

    /// <summary>Base URL for printed links when the server sits behind a proxy; else the first bound address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Where the built SDK (sdk/) and dashboard (app/) are served from; defaults to the web root.</summary>
    public string? WebRoot { get; set; }
}
