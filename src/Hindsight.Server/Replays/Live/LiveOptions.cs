namespace Hindsight.Server.Replays.Live;

/// <summary>Section "Hindsight:Live": when a replay counts as live, and the bounds of live streams.</summary>
public sealed class LiveOptions
{
    public const string Section = "Hindsight:Live";

    /// <summary>
    /// A replay is live while its last batch arrived less than this long ago and its last event is that recent too. The SDK sends a batch at least
    /// every 10 s while the visitor is active, so a minute without one means the visit stopped or went idle.
    /// A stream with no new chunk for this long says "end" and closes.
    /// </summary>
    public int LiveWindowSeconds { get; set; } = 60;

    /// <summary>A comment line this often keeps proxies from closing a quiet stream.</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Live streams one dashboard user may hold open at once (one per open player tab).</summary>
    public int MaxStreamsPerUser { get; set; } = 5;

    public static bool IsValid(LiveOptions o) => o.LiveWindowSeconds > 0 && o.HeartbeatSeconds > 0 && o.MaxStreamsPerUser > 0;
}
