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
    bool CanEdit,
    bool CanChangeCapture,
    bool CanReadImportSecret,
    string? Snippet)
{
    public static ProjectSettings Of(ReplaySettings settings, bool canEdit, bool canChangeCapture, bool canReadImportSecret, string? snippet) => new(
        settings.RecordSessionsPercent, settings.RecordIdleTimeoutMs, settings.RecordMinMs, settings.RecordMaxMs,
        settings.RecordHeatmapData, settings.RecordManually, settings.CaptureStatus, canEdit, canChangeCapture, canReadImportSecret, snippet);
}

/// <summary>Body of POST /api/projects/{id}/capture.</summary>
public sealed record CaptureRequest(string? Status);
