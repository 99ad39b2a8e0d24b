using System.Text;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Projects;

namespace Hindsight.Server.Ingest.Import;

/// <summary>
/// The project an /import request writes to, named by its import secret as Mixpanel's project secret is
/// sent: the user name of HTTP Basic (<c>curl -u SECRET:</c>), the password empty. The public token is
/// refused: every visitor's browser holds it, and /import writes with any time and as anyone. An optional
/// <c>project_id</c> query parameter (Mixpanel's scripts send it) must name the secret's project.
/// </summary>
public static class ImportAuth
{
    public static async Task<(long? ProjectId, RecordRejection? Rejection)> AuthenticateAsync(
        HttpRequest request, ImportSecrets secrets, ProjectStore projects, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) return Fail("missing_secret", "Send the project's import secret as 'Authorization: Basic base64(secret:)' (curl -u SECRET:).");
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return Fail("malformed_authorization", "The Authorization header must use the Basic scheme, the import secret as the user name.");

        string user;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            user = colon < 0 ? decoded : decoded[..colon];
        }
        catch (FormatException)
        {
            return Fail("malformed_authorization", "The Basic credentials are not valid base64.");
        }
        if (user.Length == 0) return Fail("missing_secret", "The Basic credentials hold no import secret.");

        if (ProjectTokens.IsValid(user) && await projects.FindByTokenCachedAsync(user, ct) is not null)
            return Fail("token_not_accepted", "That is the project's public token; /import takes the project's import secret (Settings, Import secret).");
        if (await secrets.FindProjectAsync(user, ct) is not { } projectId)
            return Fail("invalid_secret", "No project has this import secret.");

        var named = request.Query["project_id"].ToString();
        if (named.Length > 0)
        {
            if (!long.TryParse(named, out var id)) return (null, RecordRejection.BadRequest("invalid_project_id", "'project_id' must be a project's number."));
            if (id != projectId) return Fail("project_mismatch", $"The import secret is not project {id}'s.");
        }
        return (projectId, null);
    }

    private static (long?, RecordRejection?) Fail(string error, string message) => (null, new RecordRejection(401, error, message));
}
