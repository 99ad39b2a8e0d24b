using System.Security.Claims;

namespace Hindsight.Server.Accounts;

/// <summary>A row of the users table.</summary>
public sealed class User
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string? Name { get; set; }
    public string PasswordHash { get; set; } = "";
    public long CreatedAt { get; set; }
}

public static class UserClaims
{
    /// <summary>The signed-in user's id; endpoints behind RequireAuthorization always have one.</summary>
    public static long UserId(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
                   ?? throw new InvalidOperationException("The session carries no user id."),
            System.Globalization.CultureInfo.InvariantCulture);
}
