using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.People;

/// <summary>
/// GET /api/projects/{id}/people (the list), /people/{distinctId} (a profile) and /people/{distinctId}/activity
/// (the activity stream in sessions). Every member reads them. A person's replays are the feed filtered
/// with person= (Replays/).
/// </summary>
public static class PeopleApi
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<IPersonActivity, PersonActivity>();
        services.AddSingleton<PeopleStore>();
        services.AddSingleton<ActivityStream>();
        return services;
    }

    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/projects/{id}/people").RequireProjectPermission(Permission.ReadAnalytics)
            .AddEndpointFilter<QueryTimeoutFilter>();
        people.MapGet("", ListAsync);
        people.MapGet("/{distinctId}", GetAsync);
        people.MapGet("/{distinctId}/activity", GetActivityAsync);
        return api;
    }

    private static async Task<Results<Ok<PeoplePage>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, PeopleStore people, string? q, string? sort, string? order, string? cursor, string? limit, CancellationToken ct)
    {
        var (query, error) = PeopleQuery.Parse(q, sort, order, cursor, limit);
        if (query is null) return error!;
        return TypedResults.Ok(await people.ListAsync(http.ProjectGrant().ProjectId!.Value, query, ct));
    }

    private static async Task<Results<Ok<PersonProfile>, JsonHttpResult<ApiError>>> GetAsync(
        HttpContext http, PeopleStore people, string distinctId, CancellationToken ct)
    {
        var profile = await people.FindAsync(http.ProjectGrant().ProjectId!.Value, distinctId, ct);
        return profile is null ? PersonNotFound(distinctId) : TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<ActivityPage>, JsonHttpResult<ApiError>>> GetActivityAsync(
        HttpContext http, ActivityStream activity, string distinctId, string? before, string? limit, CancellationToken ct)
    {
        var (query, error) = ActivityQuery.Parse(before, limit);
        if (query is null) return error!;
        var page = await activity.PageAsync(http.ProjectGrant().ProjectId!.Value, distinctId, query, ct);
        return page is null ? PersonNotFound(distinctId) : TypedResults.Ok(page);
    }

    private static JsonHttpResult<ApiError> PersonNotFound(string distinctId) =>
        ApiErrors.NotFound("person_not_found", $"No one with the id {distinctId} has a profile or a tracked event in this project.");
}
