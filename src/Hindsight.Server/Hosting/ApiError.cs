using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Hosting;

/// <summary>
/// Every /api error is JSON of this shape (types/src/index.ts ApiError); `field` names the field of the
/// request body an error is about, when it is about one.
/// </summary>
public sealed record ApiError(
    string Error, string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null);

public static class ApiErrors
{
    public static JsonHttpResult<ApiError> Create(int status, string error, string message) =>
        TypedResults.Json(new ApiError(error, message), statusCode: status);

    public static JsonHttpResult<ApiError> BadRequest(string error, string message) => Create(400, error, message);

    public static JsonHttpResult<ApiError> NotFound(string error, string message) => Create(404, error, message);

    /// <summary>For places outside an endpoint (authentication events, middleware).</summary>
    public static Task WriteAsync(HttpResponse response, int status, string error, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new ApiError(error, message));
    }
}
