namespace Hindsight.Server.Authorization;

/// <summary>
/// What the project policy granted for this request, for its endpoint to use: the project the request
/// named (route <c>{id}</c> or <c>?project=</c>) with the member's role, or, when it named none, every
/// project of the caller whose role has the permission (the SDK's replay links name no project).
/// </summary>
public sealed record ProjectGrant(IReadOnlyList<long> ProjectIds, long? NamedProjectId, ProjectRole? Role)
{
    /// <summary>The named project, else the caller's first project with the permission; null when there is none.</summary>
    public long? ProjectId => NamedProjectId ?? (ProjectIds.Count > 0 ? ProjectIds[0] : null);
}

public static class ProjectGrantExtensions
{
    /// <summary>The grant the policy left; an endpoint without a project policy has none, which is a bug.</summary>
    public static ProjectGrant ProjectGrant(this HttpContext http) =>
        http.Features.Get<ProjectGrant>() ?? throw new InvalidOperationException("This endpoint has no project policy (RequireProjectPermission).");
}
