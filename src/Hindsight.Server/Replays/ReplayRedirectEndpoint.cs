using System.Globalization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Replays;

/// <summary>
/// GET /projects/replay-redirect?replay_id=…&amp;distinct_id=…&amp;token=…: the link get_session_replay_url()
/// gives, in mixpanel-browser's shape. The SDK knows its project's token, not the project's id; this finds the
/// project and sends to the replay's dashboard route, which then asks for a login and checks membership.
/// </summary>
public static class ReplayRedirectEndpoint
{
    public const string Path = "/projects/replay-redirect";

    public static IEndpointRouteBuilder MapReplayRedirect(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, RedirectAsync);
        return app;
    }

    /// <summary>
    /// Errors are JSON, as everywhere else: the link is followed by a person, but one who pasted it from a
    /// support ticket, and the message says what is wrong with it.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, JsonHttpResult<ApiError>>> RedirectAsync(
        ProjectStore projects, string? replay_id, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(replay_id))
            return ApiErrors.BadRequest("missing_replay_id", "This replay link has no replay_id.");
        if (!RecordQuery.IsValidReplayId(replay_id))
            return ApiErrors.BadRequest("invalid_replay_id", "This replay link's replay_id is not a replay id.");
        if (string.IsNullOrEmpty(token))
            return ApiErrors.BadRequest("missing_token", "This replay link has no project token.");
        var project = ProjectTokens.IsValid(token) ? await projects.FindByTokenAsync(token, ct) : null;
        if (project is null)
            return ApiErrors.NotFound("unknown_project", "No project has this replay link's token.");
        return TypedResults.Redirect(string.Create(CultureInfo.InvariantCulture, $"/replays/{Uri.EscapeDataString(replay_id)}?project={project.Id}"));
    }
}
