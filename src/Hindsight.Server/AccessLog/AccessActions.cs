namespace Hindsight.Server.AccessLog;

/// <summary>What an access log entry says was done; the log's action filter accepts these only.</summary>
public static class AccessActions
{
    public const string ReplayOpened = "replay.opened";
    public const string ReplayExported = "replay.exported";
    public const string ReplayImported = "replay.imported";
    public const string SettingsChanged = "settings.changed";
    public const string CapturePaused = "capture.paused";
    public const string CaptureResumed = "capture.resumed";
    public const string RetentionChanged = "retention.changed";
    public const string QuotaChanged = "quota.changed";
    public const string ImportSecretViewed = "import_secret.viewed";
    public const string EventDescribed = "event_definition.described";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ReplayOpened, ReplayExported, ReplayImported, SettingsChanged, CapturePaused, CaptureResumed,
        RetentionChanged, QuotaChanged, ImportSecretViewed, EventDescribed,
    };
}
