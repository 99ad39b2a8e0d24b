namespace Hindsight.Server.Storage;

/// <summary>Settings of the embedded storage (Hindsight:Storage); the defaults need no configuration.</summary>
public sealed class StorageOptions
{
    public const string Section = "Hindsight:Storage";

    /// <summary>
    /// How long a replaced chunk's old bytes stay readable after the row that replaced it is committed:
    /// longer than any download of a chunk the player starts should take.
    /// </summary>
    public TimeSpan BlobFreeGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the background drain looks for frees that are due (and tries failed ones again).</summary>
    public TimeSpan BlobFreeInterval { get; set; } = TimeSpan.FromSeconds(30);
}
