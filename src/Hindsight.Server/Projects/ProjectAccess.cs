using System.Globalization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Projects;

/// <summary>The outcome of "may this user read this project?": a grant, or the error to answer with.</summary>
public readonly record struct ProjectAccess(long ProjectId, string Role, JsonHttpResult<ApiError>? Error)
{
    /// <summary>Admins change a project's settings; architects, analysts and viewers read them.</summary>
    public bool IsAdmin => Error is null && Role == "admin";

    public static ProjectAccess Denied(JsonHttpResult<ApiError> error) => new(0, "", error);
}

public static class ProjectAccessExtensions
{
    /// <summary>
    /// Checks the `project` query parameter: 400 when malformed, 404 when no such project, 403 when the
    /// user is not a member. Without the parameter the user's first project is used.
    /// </summary>
    public static async Task<ProjectAccess> CheckAccessAsync(this ProjectStore projects, long userId, string? project, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(project))
        {
            var first = (await projects.ListForUserAsync(userId, ct)).FirstOrDefault();
            return first is null
                ? ProjectAccess.Denied(ApiErrors.NotFound("project_not_found", "You are not a member of any project."))
                : new ProjectAccess(first.Project.Id, first.Role, null);
        }
        if (!long.TryParse(project, NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
            return ProjectAccess.Denied(ApiErrors.BadRequest("invalid_project", "project must be a project id (a positive integer)."));

        var role = await projects.FindRoleAsync(userId, projectId, ct);
        if (role is not null) return new ProjectAccess(projectId, role, null);
        return await projects.FindByIdAsync(projectId, ct) is null
            ? ProjectAccess.Denied(ApiErrors.NotFound("project_not_found", $"There is no project {projectId}."))
            : ProjectAccess.Denied(ApiErrors.Create(403, "forbidden", $"You are not a member of project {projectId}."));
    }
}
