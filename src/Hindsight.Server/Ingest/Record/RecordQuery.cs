using System.Globalization;

namespace Hindsight.Server.Ingest.Record;

public enum BatchFormat { Gzip, Body }

/// <summary>The query of POST /record (docs/PROTOCOL.md), checked.</summary>
public sealed record RecordQuery(
    string ReplayId,
    int Seq,
    BatchFormat? Format,
    string? DistinctId,
    string? DeviceId,
    string? UserId,
    string? CurrentUrl,
    string? ReplayStartUrl,
    string? TabId = null)
{
    public const int MaxSeq = 1_000_000;

    public static (RecordQuery? Query, RecordRejection? Rejection) Parse(IQueryCollection query)
    {
        var (replayId, replayIdRejection) = ParseReplayId(query);
        if (replayId is null) return (null, replayIdRejection);

        var seqText = query["seq"].ToString();
        if (seqText.Length == 0) return Reject("missing_seq", "The seq parameter is missing.");
        if (!int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq > MaxSeq)
            return Reject("invalid_seq", $"seq must be an integer from 0 to {MaxSeq}.");

        // Absent format: the body's first bytes decide (gzip starts with 1f 8b).
        var formatText = query["format"].ToString();
        BatchFormat? format = formatText switch { "gzip" => BatchFormat.Gzip, "body" => BatchFormat.Body, _ => null };
        if (formatText.Length > 0 && format is null) return Reject("invalid_format", "format must be 'gzip' or 'body'.");

        return (new RecordQuery(replayId, seq, format,
            Text(query, "distinct_id", 255), Text(query, "$device_id", 255), Text(query, "$user_id", 255),
            Text(query, "$current_url", 2048), Text(query, "replay_start_url", 2048), TabIdOf(query)), null);
    }

    /// <summary>The replay_id parameter, checked (also by /record/dropped).</summary>
    public static (string? ReplayId, RecordRejection? Rejection) ParseReplayId(IQueryCollection query)
    {
        var replayId = query["replay_id"].ToString();
        if (replayId.Length == 0) return (null, RecordRejection.BadRequest("missing_replay_id", "The replay_id parameter is missing."));
        if (!IsValidReplayId(replayId))
            return (null, RecordRejection.BadRequest("invalid_replay_id",
                "replay_id must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (not only dots)."));
        return (replayId, null);
    }

    /// <summary>The id becomes part of a blob path, so '.' and '..' are refused along with everything unsafe.</summary>
    public static bool IsValidReplayId(string id) =>
        id.Length is >= 1 and <= 128
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-')
        && id.Any(c => c != '.');

    /// <summary>
    /// Our SDK's tab session id (tab_id), by which a quota counts a tab once however many replays it starts.
    /// mixpanel-browser sends none, and each of its replays counts. A value that is not an id is ignored
    /// rather than refused: it only ever decides how a replay is counted.
    /// </summary>
    private static string? TabIdOf(IQueryCollection query)
    {
        var value = query["tab_id"].ToString();
        return value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : null;
    }

    private static string? Text(IQueryCollection query, string name, int maxLength)
    {
        var value = query[name].ToString().Trim();
        return value.Length == 0 ? null : value.CutTo(maxLength);
    }

    private static (RecordQuery?, RecordRejection?) Reject(string error, string message) =>
        (null, RecordRejection.BadRequest(error, message));
}
