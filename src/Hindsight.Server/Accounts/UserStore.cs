using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Accounts;

/// <summary>Dashboard users. Emails are compared lower-cased.</summary>
public sealed class UserStore(IDatabase database, TimeProvider clock)
{
    public async Task<User?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE email = @email",
            new { email = Normalize(email) }, cancellationToken: ct));
    }

    public async Task<User?> FindByIdAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(
            "SELECT id, email, name, password_hash, created_at FROM users WHERE id = @id",
            new { id }, cancellationToken: ct));
    }

    /// <summary>The first user ever created: the first admin.</summary>
    public async Task<User?> FindFirstAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<User>(new CommandDefinition(
            "SELECT id, email, name, password_hash, created_at FROM users ORDER BY id LIMIT 1", cancellationToken: ct));
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
    }

    public async Task<User> CreateAsync(string email, string? name, string passwordHash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleAsync<User>(new CommandDefinition("""
            INSERT INTO users (email, name, password_hash, created_at) VALUES (@email, @name, @passwordHash, @now)
            RETURNING id, email, name, password_hash, created_at
            """, new { email = Normalize(email), name, passwordHash, now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct));
    }

    public async Task SetPasswordHashAsync(long id, string passwordHash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @id", new { id, passwordHash }, cancellationToken: ct));
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
