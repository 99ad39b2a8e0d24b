using System.Globalization;
using System.Text.Json;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Hindsight.Server.Accounts;

/// <summary>POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapPost("/login", Login).AllowAnonymous();
        auth.MapPost("/logout", Logout);
        auth.MapGet("/me", GetMe);
        return api;
    }

    private static async Task<Results<Ok<Me>, JsonHttpResult<ApiError>>> Login(HttpContext http, UserStore users,
        ProjectStore projects, IPasswordHasher<User> hasher, LoginThrottle throttle, CancellationToken ct)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.MayTry(address, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.Create(429, "too_many_requests", "Too many failed sign-in attempts from this address; wait a minute and try again.");
        }

        var body = await BoundedBody.ReadAsync(http.Request, MaxLoginBodyBytes, ct);
        if (body is not { } bytes)
            return ApiErrors.Create(413, "body_too_large", $"A sign-in body is at most {MaxLoginBodyBytes} bytes.");
        var request = ReadLogin(bytes);
        if (request is not { Email: { Length: > 0 } email, Password: { Length: > 0 } password })
            return ApiErrors.BadRequest("invalid_request", "Send a JSON body {\"email\": …, \"password\": …}.");

        var user = await users.FindByEmailAsync(email, ct);
        if (!await VerifyAsync(users, hasher, user, password, ct))
        {
            throttle.RecordFailure(address);
            return ApiErrors.Create(401, "invalid_credentials", "The email or the password is wrong.");
        }

        await http.SignInAsync(SessionTicketStore.PrincipalFor(user!), new AuthenticationProperties { IsPersistent = true });
        return TypedResults.Ok(await MeAsync(user!, projects, ct));
    }

    private static async Task<NoContent> Logout(HttpRequest request)
    {
        // Signing out also deletes the session row, so a copy of the cookie is worthless afterwards.
        await request.HttpContext.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, JsonHttpResult<ApiError>>> GetMe(
        HttpContext http, UserStore users, ProjectStore projects, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(http.User.UserId(), ct);
        if (user is null) return ApiErrors.Create(401, "unauthorized", "This account no longer exists.");
        return TypedResults.Ok(await MeAsync(user, projects, ct));
    }

    private static async Task<Me> MeAsync(User user, ProjectStore projects, CancellationToken ct)
    {
        var memberships = await projects.ListForUserAsync(user.Id, ct);
        return new Me(user.Email, user.Name,
            memberships.Select(m => AsProjectInfo(m.Project, m.Role)).ToList());
    }

    private static ProjectInfo AsProjectInfo(Project project, string role)
    {
        var settings = project.ReplaySettings();
        return new ProjectInfo(project.Id, project.Name, project.Token, role, settings.CaptureStatus, settings.RecordManually);
    }

    // An email and a password fit many times over; without a bound, anyone could make us parse 30 MB per attempt.
    public const int MaxLoginBodyBytes = 8 * 1024;

    private static LoginRequest? ReadLogin(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<LoginRequest>(body.Span, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A hash is checked even for an unknown email, so response time does not tell which emails exist.
    private static readonly string UnknownUserHash = new PasswordHasher<User>().HashPassword(new User(), "not a password");

    private static async Task<bool> VerifyAsync(UserStore users, IPasswordHasher<User> hasher, User? user, string password, CancellationToken ct)
    {
        var result = hasher.VerifyHashedPassword(user ?? new User(), user?.PasswordHash ?? UnknownUserHash, password);
        if (user is null || result == PasswordVerificationResult.Failed) return false;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await users.SetPasswordHashAsync(user.Id, hasher.HashPassword(user, password), ct);
        return true;
    }
}
