namespace Hindsight.Server.Authorization;

/// <summary>A member's role in one project (the <c>memberships.role</c> column holds its lower-case name).</summary>
public enum ProjectRole { Admin, Architect, Analyst, Viewer }

/// <summary>What a member may do in a project; each /api endpoint asks for one (README, "Roles and permissions").</summary>
public enum Permission
{
    /// <summary>The replay feed, a replay's detail, its chunks.</summary>
    ReadReplays,
    /// <summary>The project's replay settings, capture status and install snippet.</summary>
    ReadSettings,
    /// <summary>Sampling, replay limits, heatmap data, manual mode.</summary>
    EditReplaySettings,
    /// <summary>Pausing and resuming capture (Heap lets Admins and Architects do it).</summary>
    ChangeCaptureStatus,
    /// <summary>Events report, funnels, people and their activity, event definitions.</summary>
    ReadAnalytics,
    /// <summary>Event descriptions (Heap lets Architects edit event definitions).</summary>
    EditEventDefinitions,
    /// <summary>The project's secret for /import: it can write events as any of the project's users.</summary>
    ReadImportSecret,
    /// <summary>Importing an rrweb recording as a new replay: it writes replays as if recorded on the project's site.</summary>
    ImportReplays,
    /// <summary>The access log: who opened which replay and changed what (admins only).</summary>
    ReadAccessLog,
}

/// <summary>The permission matrix: the one place that says which role may do what.</summary>
public static class Permissions
{
    private static readonly IReadOnlyDictionary<ProjectRole, IReadOnlySet<Permission>> Granted = new Dictionary<ProjectRole, IReadOnlySet<Permission>>
    {
        [ProjectRole.Admin] = Enum.GetValues<Permission>().ToHashSet(),
        [ProjectRole.Architect] = new HashSet<Permission>
        {
            Permission.ReadReplays, Permission.ReadSettings, Permission.ChangeCaptureStatus, Permission.ReadAnalytics,
            Permission.EditEventDefinitions,
        },
        // Analysts and viewers read alike for now; exports (analysts only) come later.
        [ProjectRole.Analyst] = new HashSet<Permission> { Permission.ReadReplays, Permission.ReadSettings, Permission.ReadAnalytics },
        [ProjectRole.Viewer] = new HashSet<Permission> { Permission.ReadReplays, Permission.ReadSettings, Permission.ReadAnalytics },
    };

    public static bool Allows(this ProjectRole role, Permission permission) => Granted[role].Contains(permission);

    /// <summary>The role a stored name means; null for a name no role has (never granted anything).</summary>
    public static ProjectRole? ParseRole(string? stored) => stored switch
    {
        "admin" => ProjectRole.Admin,
        "architect" => ProjectRole.Architect,
        "analyst" => ProjectRole.Analyst,
        "viewer" => ProjectRole.Viewer,
        _ => null,
    };

    /// <summary>The name stored and shown for a role.</summary>
    public static string Name(this ProjectRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The error a member whose role lacks the permission is answered with.</summary>
    public static (string Error, string Message) Refusal(Permission permission, long projectId, ProjectRole role) => permission switch
    {
        Permission.EditReplaySettings => ("admin_required",
            $"Only an admin of project {projectId} may change its replay settings; your role is {role.Name()}."),
        Permission.ChangeCaptureStatus => ("architect_required",
            $"Only an admin or an architect of project {projectId} may pause or resume capture; your role is {role.Name()}."),
        Permission.EditEventDefinitions => ("architect_required",
            $"Only an admin or an architect of project {projectId} may edit event descriptions; your role is {role.Name()}."),
        Permission.ReadImportSecret => ("admin_required",
            $"Only an admin of project {projectId} may see its import secret; your role is {role.Name()}."),
        Permission.ImportReplays => ("admin_required",
            $"Only an admin of project {projectId} may import replays; your role is {role.Name()}."),
        Permission.ReadAccessLog => ("admin_required",
            $"Only an admin of project {projectId} may read its access log; your role is {role.Name()}."),
        _ => ("forbidden", $"Your role in project {projectId} ({role.Name()}) may not do that."),
    };
}
