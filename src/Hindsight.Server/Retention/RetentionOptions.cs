namespace Hindsight.Server.Retention;

/// <summary>Settings of the retention sweep (Hindsight:Retention); the defaults need no configuration.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Hindsight:Retention";

    /// <summary>How often the sweep looks for expired replays: a replay is deleted at most this long after it expires.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Replays deleted in one transaction: small enough that ingestion never waits long for the write lock.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a process holds the sweep before another may take it over (if the holder died).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public static bool IsValid(RetentionOptions o) =>
        o.SweepInterval > TimeSpan.Zero && o.BatchSize is > 0 and <= 10_000 && o.LeaseDuration > TimeSpan.Zero;
}
