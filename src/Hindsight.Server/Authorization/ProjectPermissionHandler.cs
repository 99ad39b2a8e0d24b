using System.Globalization;
using Hindsight.Server.Accounts;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Authorization;

namespace Hindsight.Server.Authorization;

/// <summary>The requirement of an endpoint that acts on a project: the caller's role there must have the permission.</summary>
public sealed record ProjectPermissionRequirement(Permission Permission) : IAuthorizationRequirement;

/// <summary>Why a project policy refused: the status and JSON error the caller gets (ProjectAuthorizationResults).</summary>
public sealed class ProjectRefusal(IAuthorizationHandler handler, int status, string error, string message)
    : AuthorizationFailureReason(handler, message)
{
    public int Status { get; } = status;
    public string Error { get; } = error;
}

/// <summary>
/// Resolves the project a request names — the route's <c>{id}</c>, else the <c>project</c> query
/// parameter — and the caller's role in it, and grants the request when that role has the permission.
/// A request naming no project is granted the caller's projects whose role has it.
/// </summary>
public sealed class ProjectPermissionHandler(ProjectStore projects) : AuthorizationHandler<ProjectPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectPermissionRequirement requirement)
    {
        // Without a session the group's own requirement answers 401.
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true) return;
        var userId = context.User.UserId();
        var ct = http.RequestAborted;
        var named = http.GetRouteValue("id") as string ?? http.Request.Query["project"].ToString();

        if (string.IsNullOrEmpty(named))
        {
            var granted = (await projects.ListForUserAsync(userId, ct))
                .Where(m => Permissions.ParseRole(m.Role)?.Allows(requirement.Permission) == true)
                .Select(m => m.Project.Id).ToList();
            http.Features.Set(new ProjectGrant(granted, null, null));
            context.Succeed(requirement);
            return;
        }
        if (!long.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var projectId))
        {
            context.Fail(new ProjectRefusal(this, 400, "invalid_project", "project must be a project id (a positive integer)."));
            return;
        }
        var role = Permissions.ParseRole(await projects.FindRoleAsync(userId, projectId, ct));
        if (role is null)
        {
            context.Fail(await projects.FindByIdAsync(projectId, ct) is null
                ? new ProjectRefusal(this, 404, "project_not_found", $"There is no project {projectId}.")
                : new ProjectRefusal(this, 403, "forbidden", $"You are not a member of project {projectId}."));
            return;
        }
        if (!role.Value.Allows(requirement.Permission))
        {
            var (error, message) = Permissions.Refusal(requirement.Permission, projectId, role.Value);
            context.Fail(new ProjectRefusal(this, 403, error, message));
            return;
        }
        http.Features.Set(new ProjectGrant([projectId], projectId, role));
        context.Succeed(requirement);
    }
}
