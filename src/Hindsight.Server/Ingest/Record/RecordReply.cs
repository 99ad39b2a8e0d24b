using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Ingest.Record;

/// <summary>
/// Every /record reply, success or error, is JSON: the SDK parses each reply, and an empty or non-JSON
/// 200 makes it stop recording silently.
/// </summary>
public sealed record RecordReply(
    int Code,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null)
{
    public static JsonHttpResult<RecordReply> Ok() => TypedResults.Json(new RecordReply(200, "OK"));
}

/// <summary>Why a /record request was refused; nothing was written.</summary>
public sealed record RecordRejection(int Status, string Error, string Message)
{
    public JsonHttpResult<RecordReply> AsReply() =>
        TypedResults.Json(new RecordReply(Status, "error", Error, Message), statusCode: Status);

    public static RecordRejection BadRequest(string error, string message) => new(400, error, message);

    public static RecordRejection TooLarge(string error, string message) => new(413, error, message);

    /// <summary>The batch was checked but could not be stored (a disk or database failure); it may be sent again.</summary>
    public static readonly RecordRejection StorageFailed = new(500, "storage_failed",
        "The batch could not be stored. Nothing of it was acknowledged: send it again later.");

    public static readonly RecordRejection CapturePaused = new(403, "capture_paused",
        "Capture is paused for this project: no new replay may start. Replays already under way are still accepted.");

    /// <summary>The project reached its monthly cap or its trial ended (Quotas/): no new replay; one under way goes on.</summary>
    public static RecordRejection QuotaExceeded(string message) => new(403, "quota_exceeded", message);
}
