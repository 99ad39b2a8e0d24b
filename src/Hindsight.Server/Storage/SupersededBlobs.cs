namespace Hindsight.Server.Storage;

/// <summary>
/// Frees blobs no row points to any more — the old bytes of a chunk whose seq was sent again — a grace
/// period after the row moved on: a download that read the old row just before still gets its bytes
/// (the folder store frees a blob in place, so a reader would otherwise see zeros). Pending frees live only
/// in memory: a restart forgets them, which leaves unreferenced bytes behind, never a row without its bytes.
/// </summary>
public sealed class SupersededBlobs(IBlobStore blobs, TimeProvider clock, ILogger<SupersededBlobs> log)
{
    /// <summary>Longer than any download of a chunk the player starts should take.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(2);

    /// <summary>Tests shorten it; zero frees at once, before <see cref="Free"/> returns.</summary>
    public TimeSpan Grace { get; set; } = DefaultGrace;

    /// <summary>Frees the blobs once the grace period is over; call only after the rows that replaced them are committed.</summary>
    public void Free(IReadOnlyCollection<string> locators)
    {
        if (locators.Count > 0) _ = FreeLaterAsync(locators);
    }

    private async Task FreeLaterAsync(IReadOnlyCollection<string> locators)
    {
        if (Grace > TimeSpan.Zero) await Task.Delay(Grace, clock);
        foreach (var locator in locators)
        {
            try
            {
                await blobs.DeleteAsync(locator, CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not free blob {Locator}, which no chunk points to any more; its bytes stay.", locator);
            }
        }
    }
}
