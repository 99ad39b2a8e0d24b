using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Projects;

public sealed record ProjectMembership(Project Project, string Role);

/// <summary>Projects, their tokens and who belongs to them.</summary>
public sealed class ProjectStore(IDatabase database, TimeProvider clock)
{
    private readonly ProjectCache cache = new(clock);

    /// <summary>
    /// The project with this token as read at most a few seconds ago (<see cref="ProjectCache"/>), for the SDK
    /// endpoints that ask on every request; a change made through this store shows at once.
    /// </summary>
    public Task<Project?> FindByTokenCachedAsync(string token, CancellationToken ct) =>
        cache.GetOrReadAsync(token, () => FindByTokenAsync(token, ct));

    public async Task<Project?> FindByTokenAsync(string token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Project>(new CommandDefinition(
            "SELECT id, name, token, settings, created_at, retention_days FROM projects WHERE token = @token",
            new { token }, cancellationToken: ct));
    }

    public async Task<Project?> FindByIdAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Project>(new CommandDefinition(
            "SELECT id, name, token, settings, created_at, retention_days FROM projects WHERE id = @id",
            new { id }, cancellationToken: ct));
    }

    /// <summary>The default project is the first one created.</summary>
    public async Task<Project?> FindDefaultAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<Project>(new CommandDefinition(
            "SELECT id, name, token, settings, created_at, retention_days FROM projects ORDER BY id LIMIT 1",
            cancellationToken: ct));
    }

    public async Task<Project> CreateAsync(string name, string token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<Project>(new CommandDefinition("""
            INSERT INTO projects (name, token, settings, created_at, import_secret) VALUES (@name, @token, '{}', @now, @importSecret)
            RETURNING id, name, token, settings, created_at, retention_days
            """, new { name, token, now = clock.GetUtcNow().ToUnixTimeMilliseconds(), importSecret = ImportSecrets.Generate() }, cancellationToken: ct));
    }

    public async Task SetTokenAsync(long id, string token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET token = @token WHERE id = @id", new { id, token }, cancellationToken: ct));
        cache.Clear();
    }

    /// <summary>
    /// Changes a project's replay settings and returns the project as stored, or null when there is no
    /// such project. Read and write share one transaction, so a pause and a save made together both last,
    /// and the keys other features keep in the settings JSON are left as they were.
    /// </summary>
    public async Task<Project?> UpdateReplaySettingsAsync(long id, Func<ReplaySettings, ReplaySettings> change, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var project = await connection.QuerySingleOrDefaultAsync<Project>(new CommandDefinition(
            "SELECT id, name, token, settings, created_at, retention_days FROM projects WHERE id = @id", new { id }, transaction, cancellationToken: ct));
        if (project is null) return null;

        var stored = Project.SettingsObject(project.Settings);
        change(ReplaySettings.Read(stored)).WriteTo(stored);
        project.Settings = stored.ToJsonString();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET settings = @Settings WHERE id = @Id", project, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        cache.Clear();
        return project;
    }

    /// <summary>Sets how long the project keeps replays; false when there is no such project.</summary>
    public async Task<bool> SetRetentionAsync(long id, int days, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET retention_days = @days WHERE id = @id", new { id, days }, cancellationToken: ct));
        cache.Clear();
        return changed > 0;
    }

    public async Task AddMemberAsync(long projectId, long userId, string role, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO memberships (user_id, project_id, role, created_at) VALUES (@userId, @projectId, @role, @now)
            ON CONFLICT (user_id, project_id) DO UPDATE SET role = excluded.role
            """, new { userId, projectId, role, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task<string?> FindRoleAsync(long userId, long projectId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT role FROM memberships WHERE user_id = @userId AND project_id = @projectId",
            new { userId, projectId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ProjectMembership>> ListForUserAsync(long userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Project, string, ProjectMembership>(new CommandDefinition("""
            SELECT p.id, p.name, p.token, p.settings, p.created_at, p.retention_days, m.role
            FROM memberships m JOIN projects p ON p.id = m.project_id
            WHERE m.user_id = @userId
            ORDER BY p.id
            """, new { userId }, cancellationToken: ct),
            (project, role) => new ProjectMembership(project, role), splitOn: "role");
        return rows.ToList();
    }
}
