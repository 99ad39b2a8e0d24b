using System.Text.Json;
using Hindsight.Server.Accounts;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

using Hindsight.Server.Authorization;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Projects;

/// <summary>
/// GET and PUT /api/projects/{id}/settings (a project's replay settings and install snippet) and
/// POST /api/projects/{id}/capture (pause or resume capture). Every member reads; admins change the
/// settings, admins and architects the capture status (Authorization/ProjectRole.cs).
/// </summary>
public static class ProjectSettingsApi
{
    public static RouteGroupBuilder MapProjectSettings(this RouteGroupBuilder api)
    {
        var project = api.MapGroup("/projects/{id}");
        project.MapGet("/settings", GetAsync).RequireProjectPermission(Permission.ReadSettings);
        project.MapPut("/settings", PutAsync).RequireProjectPermission(Permission.EditReplaySettings);
        project.MapPost("/capture", SetCaptureAsync).RequireProjectPermission(Permission.ChangeCaptureStatus);
        return api;
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> GetAsync(
        HttpContext http, ProjectStore projects, InstallSnippet snippet, CancellationToken ct)
    {
        var grant = http.ProjectGrant();
        var project = await projects.FindByIdAsync(grant.ProjectId!.Value, ct);
        return project is null ? ProjectGone(grant.ProjectId.Value) : Reply(http, grant, project, snippet);
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> PutAsync(
        HttpContext http, ProjectStore projects, InstallSnippet snippet, AccessLogStore accessLog, CancellationToken ct)
    {
        var grant = http.ProjectGrant();
        var (body, bodyError) = await ReadBodyAsync(http.Request, ReplaySettingsRequest.MaxBodyBytes, ct);
        if (bodyError is not null) return bodyError;
        var (wanted, invalid) = ReplaySettingsRequest.Parse(body);
        if (wanted is null) return TypedResults.Json(invalid!, statusCode: 400);

        var saved = await projects.UpdateReplaySettingsAsync(grant.ProjectId!.Value, current => wanted with { CaptureStatus = current.CaptureStatus }, ct);
        if (saved is null) return ProjectGone(grant.ProjectId.Value);
        await accessLog.RecordAsync(http.User, saved.Id, AccessActions.SettingsChanged, detail: saved.ReplaySettings().SdkConfig().ToJsonString());
        return Reply(http, grant, saved, snippet);
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> SetCaptureAsync(
        HttpContext http, ProjectStore projects, InstallSnippet snippet, AccessLogStore accessLog, CancellationToken ct)
    {
        var grant = http.ProjectGrant();
        var (body, bodyError) = await ReadBodyAsync(http.Request, 1024, ct);
        if (bodyError is not null) return bodyError;
        if (ParseStatus(body) is not { } wanted)
            return TypedResults.Json(new ApiError("invalid_status", """Send {"status": "paused"} or {"status": "active"}.""", "status"), statusCode: 400);

        var saved = await projects.UpdateReplaySettingsAsync(grant.ProjectId!.Value, current => current with { CaptureStatus = wanted }, ct);
        if (saved is null) return ProjectGone(grant.ProjectId.Value);
        await accessLog.RecordAsync(http.User, saved.Id, wanted == CaptureStatus.Paused ? AccessActions.CapturePaused : AccessActions.CaptureResumed);
        return Reply(http, grant, saved, snippet);
    }

    private static CaptureStatus? ParseStatus(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<CaptureRequest>(body.Span, JsonSerializerOptions.Web)?.Status switch
            {
                "active" => CaptureStatus.Active,
                "paused" => CaptureStatus.Paused,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<(ReadOnlyMemory<byte> Body, JsonHttpResult<ApiError>? Error)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var body = await BoundedBody.ReadAsync(request, maxBytes, ct);
        return body is { } bytes
            ? (bytes, null)
            : (default, ApiErrors.Create(413, "body_too_large", $"The body is larger than {maxBytes} bytes."));
    }

    /// <summary>The settings, with what the caller's role may change in them.</summary>
    private static Ok<ProjectSettings> Reply(HttpContext http, ProjectGrant grant, Project project, InstallSnippet snippet) =>
        TypedResults.Ok(ProjectSettings.Of(project.ReplaySettings(), project.RetentionDays,
            canEdit: grant.Role?.Allows(Permission.EditReplaySettings) == true,
            canChangeCapture: grant.Role?.Allows(Permission.ChangeCaptureStatus) == true,
            canReadImportSecret: grant.Role?.Allows(Permission.ReadImportSecret) == true,
            snippet.For(http.Request, project.Token)));

    // Deleted between the membership check and now (the membership row would have gone with it).
    private static JsonHttpResult<ApiError> ProjectGone(long projectId) =>
        ApiErrors.NotFound("project_not_found", $"There is no project {projectId}.");
}
