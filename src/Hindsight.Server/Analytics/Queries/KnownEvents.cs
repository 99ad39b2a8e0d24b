using System.Data.Common;
using Dapper;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>
/// Refuses a chart of an event the project has never seen (a typo, a renamed event) with 404
/// <c>unknown_event</c>, rather than a chart of zeros that looks like a real drop.
/// </summary>
public static class KnownEvents
{
    /// <summary>The 404 for the first of <paramref name="names"/> never tracked in the project, or null when all were.</summary>
    public static async Task<JsonHttpResult<ApiError>?> CheckAsync(DbConnection analytics, long projectId, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        var known = (await analytics.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT name FROM events WHERE project_id = $projectId AND name IN $wanted",
            new { projectId, wanted }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.FirstOrDefault(n => !known.Contains(n));
        return unknown is null
            ? null
            : TypedResults.Json(new ApiError("unknown_event", $"No event named \"{unknown}\" was ever tracked in project {projectId}.", "event"), statusCode: 404);
    }
}
