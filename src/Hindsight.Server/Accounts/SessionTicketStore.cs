using System.Security.Claims;
using System.Security.Cryptography;
using Dapper;
using Hindsight.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hindsight.Server.Accounts;

/// <summary>
/// Keeps sessions in the database and only a session id in the cookie, so logging out ends the session
/// for good: a copy of the old cookie no longer signs anyone in.
/// </summary>
public sealed class SessionTicketStore(IDatabase database, TimeProvider clock) : ITicketStore
{
    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        // Sweeping expired sessions here keeps the table small without a background job.
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM sessions WHERE expires_at < @now;
            INSERT INTO sessions (id, user_id, ticket, expires_at, created_at)
            VALUES (@id, @userId, @ticket, @expiresAt, @now);
            """, new
            {
                id,
                userId = ticket.Principal.UserId(),
                ticket = TicketSerializer.Default.Serialize(ticket),
                expiresAt = ticket.Properties.ExpiresUtc?.ToUnixTimeMilliseconds(),
                now,
            }, cancellationToken: cancellationToken));
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET ticket = @ticket, expires_at = @expiresAt WHERE id = @key",
            new
            {
                key,
                ticket = TicketSerializer.Default.Serialize(ticket),
                expiresAt = ticket.Properties.ExpiresUtc?.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var bytes = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT ticket FROM sessions WHERE id = @key AND (expires_at IS NULL OR expires_at > @now)",
            new { key, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sessions WHERE id = @key", new { key }, cancellationToken: cancellationToken));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The principal a fresh session carries.</summary>
    public static ClaimsPrincipal PrincipalFor(User user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         new Claim(ClaimTypes.Email, user.Email)],
        CookieAuthenticationDefaults.AuthenticationScheme));
}
