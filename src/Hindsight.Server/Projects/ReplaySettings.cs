using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hindsight.Server.Projects;

[JsonConverter(typeof(JsonStringEnumConverter<CaptureStatus>))]
public enum CaptureStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("paused")] Paused,
}

/// <summary>
/// What a project decides about recording, kept in its settings JSON (types/src/index.ts ReplaySettings).
/// A null value means "not set here": the site's own init config applies. Served to the SDK by /settings
/// under mixpanel-browser's names (<see cref="SdkConfig"/>).
/// </summary>
public sealed record ReplaySettings(
    double? RecordSessionsPercent = null,
    long? RecordIdleTimeoutMs = null,
    long? RecordMinMs = null,
    long? RecordMaxMs = null,
    bool? RecordHeatmapData = null,
    bool RecordManually = false,
    CaptureStatus CaptureStatus = CaptureStatus.Active)
{
    // The range each setting may take, inclusive (types/src/index.ts REPLAY_SETTING_LIMITS holds the same).
    public const long MinIdleTimeoutMs = 1_000, MaxIdleTimeoutMs = 86_400_000;
    public const long MaxMinMs = 8_000;
    public const long MinMaxMs = 1_000, MaxMaxMs = 86_400_000;

    /// <summary>The remote SDK config: only what an admin set, plus what manual mode and a pause impose.</summary>
    public JsonObject SdkConfig()
    {
        var config = new JsonObject();
        if (RecordSessionsPercent is { } percent) config["record_sessions_percent"] = percent;
        if (RecordIdleTimeoutMs is { } idle) config["record_idle_timeout_ms"] = idle;
        if (RecordMinMs is { } min) config["record_min_ms"] = min;
        if (RecordMaxMs is { } max) config["record_max_ms"] = max;
        if (RecordHeatmapData is { } heatmap) config["record_heatmap_data"] = heatmap;
        // A sampling rate of 0 as well: an unmodified mixpanel-browser knows neither key, but it applies
        // record_sessions_percent, so it too starts nothing by sampling.
        if (RecordManually)
        {
            config["record_manually"] = true;
            config["record_sessions_percent"] = 0;
        }
        if (CaptureStatus == CaptureStatus.Paused)
        {
            config["capture_status"] = "paused";
            config["record_sessions_percent"] = 0;
        }
        return config;
    }

    // ---- stored form: camelCase keys inside projects.settings, beside keys other features own ----

    /// <summary>Reads the settings from a project's settings JSON; a value of the wrong type counts as unset.</summary>
    public static ReplaySettings Read(JsonObject stored) => new(
        Number(stored, "recordSessionsPercent"),
        Integer(stored, "recordIdleTimeoutMs"),
        Integer(stored, "recordMinMs"),
        Integer(stored, "recordMaxMs"),
        Boolean(stored, "recordHeatmapData"),
        Boolean(stored, "recordManually") ?? false,
        stored["captureStatus"] is JsonValue status && status.TryGetValue<string>(out var text) && text == "paused"
            ? CaptureStatus.Paused
            : CaptureStatus.Active);

    /// <summary>Writes the settings into a project's settings JSON, leaving every other key as it was.</summary>
    public void WriteTo(JsonObject stored)
    {
        stored["recordSessionsPercent"] = RecordSessionsPercent;
        stored["recordIdleTimeoutMs"] = RecordIdleTimeoutMs;
        stored["recordMinMs"] = RecordMinMs;
        stored["recordMaxMs"] = RecordMaxMs;
        stored["recordHeatmapData"] = RecordHeatmapData;
        stored["recordManually"] = RecordManually;
        stored["captureStatus"] = CaptureStatus == CaptureStatus.Paused ? "paused" : "active";
    }

    private static double? Number(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static long? Integer(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    private static bool? Boolean(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
