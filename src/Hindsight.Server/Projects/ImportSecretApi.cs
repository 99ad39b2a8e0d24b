using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Projects;

/// <summary>GET /api/projects/{id}/import-secret: the secret POST /import takes, for admins only (it writes as anyone).</summary>
public static class ImportSecretApi
{
    public static RouteGroupBuilder MapImportSecret(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id}/import-secret", GetAsync).RequireProjectPermission(Permission.ReadImportSecret);
        return api;
    }

    private static async Task<Results<Ok<ImportSecretReply>, JsonHttpResult<ApiError>>> GetAsync(
        HttpContext http, ImportSecrets secrets, AccessLogStore accessLog, CancellationToken ct)
    {
        var projectId = http.ProjectGrant().ProjectId!.Value;
        var secret = await secrets.ReadAsync(projectId, ct);
        if (secret is null) return ApiErrors.NotFound("project_not_found", $"There is no project {projectId}.");
        await accessLog.RecordAsync(http.User, projectId, AccessActions.ImportSecretViewed);
        return TypedResults.Ok(new ImportSecretReply(secret));
    }
}

/// <summary>The reply of GET /api/projects/{id}/import-secret.</summary>
public sealed record ImportSecretReply(string Secret);
