using System.Text;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Projects;

namespace Hindsight.Server.Ingest;

/// <summary>The project named by `Authorization: Basic base64(token + ":")` (/record, /settings, /flags).</summary>
public static class BasicTokenAuth
{
    /// <summary>The project as read a moment ago (ProjectStore.FindByTokenCachedAsync), or the 401 that explains why there is none.</summary>
    public static Task<(Project? Project, RecordRejection? Rejection)> AuthenticateAsync(
        HttpRequest request, ProjectStore projects, CancellationToken ct) =>
        AuthenticateAsync(request, token => projects.FindByTokenCachedAsync(token, ct));

    /// <summary>As <see cref="AuthenticateAsync(HttpRequest, ProjectStore, CancellationToken)"/>, with the project read from the database now.</summary>
    public static Task<(Project? Project, RecordRejection? Rejection)> AuthenticateFreshAsync(
        HttpRequest request, ProjectStore projects, CancellationToken ct) =>
        AuthenticateAsync(request, token => projects.FindByTokenAsync(token, ct));

    private static async Task<(Project? Project, RecordRejection? Rejection)> AuthenticateAsync(
        HttpRequest request, Func<string, Task<Project?>> find)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) return Fail("missing_token", "Send the project token as 'Authorization: Basic base64(token:)'.");
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return Fail("malformed_authorization", "The Authorization header must use the Basic scheme.");

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return Fail("malformed_authorization", "The Basic credentials are not valid base64.");
        }

        var colon = decoded.IndexOf(':');
        var token = colon < 0 ? decoded : decoded[..colon];
        if (token.Length == 0) return Fail("missing_token", "The Basic credentials hold no project token.");
        var project = ProjectTokens.IsValid(token) ? await find(token) : null;
        return project is null
            ? Fail("unknown_project", "No project has this token.")
            : (project, null);
    }

    private static (Project?, RecordRejection?) Fail(string error, string message) => (null, new RecordRejection(401, error, message));
}
