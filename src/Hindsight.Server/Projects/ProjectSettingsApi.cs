using System.Text.Json;
using Hindsight.Server.Accounts;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Projects;

/// <summary>
/// GET and PUT /api/projects/{id}/settings (a project's replay settings and install snippet) and
/// POST /api/projects/{id}/capture (pause or resume capture). Every member reads; only admins change.
/// </summary>
public static class ProjectSettingsApi
{
    public static RouteGroupBuilder MapProjectSettings(this RouteGroupBuilder api)
    {
        var project = api.MapGroup("/projects/{id}");
        project.MapGet("/settings", GetAsync);
        project.MapPut("/settings", PutAsync);
        project.MapPost("/capture", SetCaptureAsync);
        return api;
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> GetAsync(
        HttpContext http, string id, ProjectStore projects, InstallSnippet snippet, CancellationToken ct)
    {
        var access = await projects.CheckAccessAsync(http.User.UserId(), id, ct);
        if (access.Error is { } denied) return denied;
        var project = await projects.FindByIdAsync(access.ProjectId, ct);
        if (project is null) return ProjectGone(access.ProjectId);
        return TypedResults.Ok(ProjectSettings.Of(project.ReplaySettings(), access.IsAdmin, snippet.For(http.Request, project.Token)));
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> PutAsync(
        HttpContext http, string id, ProjectStore projects, InstallSnippet snippet, CancellationToken ct)
    {
        var access = await AdminAccessAsync(http, projects, id, ct);
        if (access.Error is { } denied) return denied;
        var (body, bodyError) = await ReadBodyAsync(http.Request, ReplaySettingsRequest.MaxBodyBytes, ct);
        if (bodyError is not null) return bodyError;
        var (wanted, invalid) = ReplaySettingsRequest.Parse(body);
        if (wanted is null) return TypedResults.Json(invalid!, statusCode: 400);

        var saved = await projects.UpdateReplaySettingsAsync(access.ProjectId, current => wanted with { CaptureStatus = current.CaptureStatus }, ct);
        return Reply(http, access.ProjectId, saved, snippet);
    }

    private static async Task<Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>>> SetCaptureAsync(
        HttpContext http, string id, ProjectStore projects, InstallSnippet snippet, CancellationToken ct)
    {
        var access = await AdminAccessAsync(http, projects, id, ct);
        if (access.Error is { } denied) return denied;
        var (body, bodyError) = await ReadBodyAsync(http.Request, 1024, ct);
        if (bodyError is not null) return bodyError;
        if (ParseStatus(body) is not { } wanted)
            return TypedResults.Json(new ApiError("invalid_status", """Send {"status": "paused"} or {"status": "active"}.""", "status"), statusCode: 400);

        var saved = await projects.UpdateReplaySettingsAsync(access.ProjectId, current => current with { CaptureStatus = wanted }, ct);
        return Reply(http, access.ProjectId, saved, snippet);
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

    /// <summary>Membership as for reading, and then the admin role.</summary>
    private static async Task<ProjectAccess> AdminAccessAsync(HttpContext http, ProjectStore projects, string id, CancellationToken ct)
    {
        var access = await projects.CheckAccessAsync(http.User.UserId(), id, ct);
        if (access.Error is not null || access.IsAdmin) return access;
        return ProjectAccess.Denied(ApiErrors.Create(403, "admin_required",
            $"Only an admin of project {access.ProjectId} may change its settings; your role is {access.Role}."));
    }

    private static async Task<(ReadOnlyMemory<byte> Body, JsonHttpResult<ApiError>? Error)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var body = await BoundedBody.ReadAsync(request, maxBytes, ct);
        return body is { } bytes
            ? (bytes, null)
            : (default, ApiErrors.Create(413, "body_too_large", $"The body is larger than {maxBytes} bytes."));
    }

    private static Results<Ok<ProjectSettings>, JsonHttpResult<ApiError>> Reply(HttpContext http, long projectId, Project? saved, InstallSnippet snippet) =>
        saved is null
            ? ProjectGone(projectId)
            : TypedResults.Ok(ProjectSettings.Of(saved.ReplaySettings(), canEdit: true, snippet.For(http.Request, saved.Token)));

    // Deleted between the membership check and now (the membership row would have gone with it).
    private static JsonHttpResult<ApiError> ProjectGone(long projectId) =>
        ApiErrors.NotFound("project_not_found", $"There is no project {projectId}.");
}
