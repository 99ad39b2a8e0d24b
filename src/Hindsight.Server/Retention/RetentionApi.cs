using System.Text.Json;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Projects;
using Hindsight.Server.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Retention;

/// <summary>Body and reply of PUT /api/projects/{id}/retention.</summary>
public sealed record RetentionSetting(int RetentionDays);

/// <summary>
/// PUT /api/projects/{id}/retention: how many days the project keeps replays (admins, like the other replay
/// settings; every member reads it in GET …/settings). A shorter retention deletes what it makes expired at
/// the next sweep.
/// </summary>
public static class RetentionApi
{
    private const int MaxBodyBytes = 256;

    public static RouteGroupBuilder MapRetention(this RouteGroupBuilder api)
    {
        api.MapPut("/projects/{id}/retention", PutAsync).RequireProjectPermission(Permission.EditReplaySettings);
        return api;
    }

    private static async Task<Results<Ok<RetentionSetting>, JsonHttpResult<ApiError>>> PutAsync(
        HttpContext http, ProjectStore projects, AccessLogStore accessLog, CancellationToken ct)
    {
        var projectId = http.ProjectGrant().ProjectId!.Value;
        if (await BoundedBody.ReadAsync(http.Request, MaxBodyBytes, ct) is not { } body)
            return ApiErrors.Create(413, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
        if (Parse(body) is not { } days)
            return TypedResults.Json(new ApiError("invalid_retention_days",
                $"Send {{\"retentionDays\": n}} with a whole number of days from {RetentionPolicy.MinDays} to {RetentionPolicy.MaxDays}.",
                "retentionDays"), statusCode: 400);
        if (!await projects.SetRetentionAsync(projectId, days, ct)) return ApiErrors.NotFound("project_not_found", $"There is no project {projectId}.");
        await accessLog.RecordAsync(http.User, projectId, AccessActions.RetentionChanged, detail: $"{days} days");
        return TypedResults.Ok(new RetentionSetting(days));
    }

    /// <summary>The days asked for: a JSON number, whole and in range; anything else is null.</summary>
    private static int? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("retentionDays", out var value)
                && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days)
                && days is >= RetentionPolicy.MinDays and <= RetentionPolicy.MaxDays
                ? days
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
