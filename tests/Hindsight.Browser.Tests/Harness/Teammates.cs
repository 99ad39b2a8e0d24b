using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Teammates other than the first admin. The dashboard has no screen to invite people yet, so a test adds
/// one the way the server keeps them: a user row with an ASP.NET Core password hash, and a membership.
/// </summary>
public static class Teammates
{
    public const string Password = "a teammate's password";

    /// <summary>A new user with the given role in the server's default project; returns their email.</summary>
    public static async Task<string> AddAsync(HindsightServer server, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@tests.hindsight";
        var hash = new PasswordHasher<object>().HashPassword(new object(), Password);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var db = server.OpenDatabase();
        await db.ExecuteAsync("""
            INSERT INTO users (email, name, password_hash, created_at) VALUES (@email, NULL, @hash, @now);
            INSERT INTO memberships (user_id, project_id, role, created_at)
            SELECT last_insert_rowid(), id, @role, @now FROM projects WHERE token = @token;
            """, new { email, hash, now, role, token = server.Token });
        return email;
    }

    /// <summary>A new project with the given token, the first admin its admin; returns its id.</summary>
    public static async Task<long> AddProjectAsync(HindsightServer server, string name, string token)
    {
        await using var db = server.OpenDatabase();
        return await db.ExecuteScalarAsync<long>("""
            INSERT INTO projects (name, token, created_at) VALUES (@name, @token, @now);
            INSERT INTO memberships (user_id, project_id, role, created_at)
            SELECT id, last_insert_rowid(), 'admin', @now FROM users WHERE email = @admin;
            SELECT id FROM projects WHERE token = @token;
            """, new { name, token, admin = HindsightServer.AdminEmail, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }
}
