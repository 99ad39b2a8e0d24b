using System.Text.Json.Serialization;

namespace Hindsight.Server.Ingest.Import;

/// <summary>One item strict mode did not import: its position in the request, its $insert_id, the field at fault.</summary>
public sealed record FailedRecord(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("insert_id")] string? InsertId,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// The reply to an /import request that was read and authenticated, in Mixpanel's shape: 200 when every
/// item was imported (or, without strict mode, the valid ones), 400 with the failed records when some were
/// not — the valid ones are imported all the same.
/// </summary>
public sealed record ImportReply(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("num_records_imported")] int NumRecordsImported,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonPropertyName("failed_records"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FailedRecord>? FailedRecords = null);
