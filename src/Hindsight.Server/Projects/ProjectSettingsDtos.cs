namespace Hindsight.Server.Projects;

// Wire shapes of the project settings API; they mirror types/src/index.ts (camelCase JSON).

/// <summary>GET /api/projects/{id}/settings, and the reply of PUT …/settings and POST …/capture.</summary>
public sealed record ProjectSettings(
    double? RecordSessionsPercent,
    long? RecordIdleTimeoutMs,
    long? RecordMinMs,
    long? RecordMaxMs,
    bool? RecordHeatmapData,
    bool RecordManually,
    CaptureStatus CaptureStatus,
    // Days replays are kept from ingestion (Retention/); changed with PUT …/retention.
    int RetentionDays,
    bool CanEdit,
    bool CanChangeCapture,
    bool CanReadImportSecret,
    string? Snippet)
{
    public static ProjectSettings Of(ReplaySettings settings, int retentionDays, bool canEdit, bool canChangeCapture, bool canReadImportSecret, string? snippet) => new(
        settings.RecordSessionsPercent, settings.RecordIdleTimeoutMs, settings.RecordMinMs, settings.RecordMaxMs,
        settings.RecordHeatmapData, settings.RecordManually, settings.CaptureStatus, retentionDays, canEdit, canChangeCapture, canReadImportSecret, snippet);
}

/// <summary>Body of POST /api/projects/{id}/capture.</summary>
public sealed record CaptureRequest(string? Status);
