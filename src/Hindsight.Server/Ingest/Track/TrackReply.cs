using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Ingest.Track;

/// <summary>The verbose reply of /track, /engage and /groups (docs/PROTOCOL.md).</summary>
public sealed record TrackVerboseReply(int Status, string? Error);

/// <summary>Why a /track, /engage or /groups request was refused; nothing was stored.</summary>
public sealed record TrackRejection(int Status, string Message)
{
    public static TrackRejection BadRequest(string message) => new(400, message);
}

public static class TrackReply
{
    /// <summary>With verbose=1 the SDK reads JSON; without it, the text 1 or 0.</summary>
    public static Results<JsonHttpResult<TrackVerboseReply>, ContentHttpResult> Ok(HttpRequest request) =>
        IsVerbose(request)
            ? TypedResults.Json(new TrackVerboseReply(1, null))
            : TypedResults.Text("1", "text/plain");

    public static Results<JsonHttpResult<TrackVerboseReply>, ContentHttpResult> Fail(HttpRequest request, TrackRejection rejection) =>
        IsVerbose(request)
            ? TypedResults.Json(new TrackVerboseReply(0, rejection.Message), statusCode: rejection.Status)
            : TypedResults.Text("0", "text/plain", statusCode: rejection.Status);

    private static bool IsVerbose(HttpRequest request) => request.Query["verbose"] == "1";
}
