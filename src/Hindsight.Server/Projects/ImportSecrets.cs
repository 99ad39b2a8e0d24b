using System.Security.Cryptography;
using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Projects;

/// <summary>
/// Each project's import secret: what a backend authenticates POST /import with (as Mixpanel's project
/// secret, the user name of HTTP Basic). Unlike the token, which every visitor's browser sees, it can write
/// events with any time and as any user, so only admins see it (GET /api/projects/{id}/import-secret).
/// It is kept as is, not hashed, because an admin must be able to read it again; it is never logged.
/// </summary>
public sealed class ImportSecrets(IDatabase database)
{
    /// <summary>32 random bytes, base64url: 43 characters that need no escaping in a header or a shell.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A secret's shape, checked before any lookup.</summary>
    public static bool LooksValid(string secret) =>
        secret.Length is >= 16 and <= 128 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Gives every project without a secret (those created before secrets existed) one of its own.</summary>
    public async Task EnsureEveryProjectHasOneAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var missing = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM projects WHERE import_secret IS NULL", cancellationToken: ct));
        foreach (var id in missing)
        {
            // IS NULL again: a second server starting at the same time may have given it one already.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE projects SET import_secret = @secret WHERE id = @id AND import_secret IS NULL",
                new { id, secret = Generate() }, cancellationToken: ct));
        }
    }

    /// <summary>The project's secret (made now if it has none yet: a project inserted behind the server's back), or null when there is no such project.</summary>
    public async Task<string?> ReadAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET import_secret = @secret WHERE id = @projectId AND import_secret IS NULL",
            new { projectId, secret = Generate() }, cancellationToken: ct));
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT import_secret FROM projects WHERE id = @projectId", new { projectId }, cancellationToken: ct));
    }

    /// <summary>The id of the project whose secret this is, or null.</summary>
    public async Task<long?> FindProjectAsync(string secret, CancellationToken ct)
    {
        if (!LooksValid(secret)) return null;
        await using var connection = await database.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM projects WHERE import_secret = @secret", new { secret }, cancellationToken: ct));
        return id;
    }
}
