using System.Globalization;
using System.Text.Json;
using Hindsight.Server.Accounts;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Analytics.Definitions;

/// <summary>
/// GET /api/projects/{id}/event-definitions (every event name with its volume), /event-definitions/{name}
/// (one, with the properties seen on it), PUT /event-definitions/{name} (its description: admins and
/// architects) and GET /event-definitions/{name}/replays (its latest events with their replays).
/// </summary>
public static class EventDefinitionsApi
{
    public const int MaxDescriptionLength = 2000, MaxBodyBytes = 16 * 1024;
    public const int DefaultReplaysLimit = 50, MaxReplaysLimit = 200;

    public static IServiceCollection AddEventDefinitions(this IServiceCollection services) => services.AddSingleton<EventDefinitionStore>();

    public static RouteGroupBuilder MapEventDefinitions(this RouteGroupBuilder api)
    {
        var definitions = api.MapGroup("/projects/{id}/event-definitions").AddEndpointFilter<QueryTimeoutFilter>();
        definitions.MapGet("", ListAsync).RequireProjectPermission(Permission.ReadAnalytics);
        definitions.MapGet("/{name}", GetAsync).RequireProjectPermission(Permission.ReadAnalytics);
        definitions.MapPut("/{name}", PutAsync).RequireProjectPermission(Permission.EditEventDefinitions);
        definitions.MapGet("/{name}/replays", GetReplaysAsync).RequireProjectPermission(Permission.ReadAnalytics);
        return api;
    }

    private static async Task<Ok<EventDefinitionList>> ListAsync(HttpContext http, EventDefinitionStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(http.ProjectGrant().ProjectId!.Value, ct));

    private static async Task<Results<Ok<EventDefinitionDetail>, JsonHttpResult<ApiError>>> GetAsync(
        HttpContext http, EventDefinitionStore store, string name, CancellationToken ct)
    {
        var definition = await store.FindAsync(http.ProjectGrant().ProjectId!.Value, EventName(name), ct);
        return definition is null ? UnknownEvent(EventName(name)) : TypedResults.Ok(definition);
    }

    private static async Task<Results<Ok<EventDefinitionDetail>, JsonHttpResult<ApiError>>> PutAsync(
        HttpContext http, EventDefinitionStore store, AccessLogStore accessLog, string name, CancellationToken ct)
    {
        var body = await BoundedBody.ReadAsync(http.Request, MaxBodyBytes, ct);
        if (body is null) return ApiErrors.Create(413, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
        var (description, invalid) = ParseDescription(body.Value);
        if (invalid is not null) return invalid;

        var saved = await store.DescribeAsync(http.ProjectGrant().ProjectId!.Value, EventName(name), description, http.User.UserId(), ct);
        if (saved is null) return UnknownEvent(EventName(name));
        await accessLog.RecordAsync(http.User, http.ProjectGrant().ProjectId!.Value, AccessActions.EventDescribed, EventName(name));
        return TypedResults.Ok(saved);
    }

    private static async Task<Results<Ok<ReplayMomentList>, JsonHttpResult<ApiError>>> GetReplaysAsync(
        HttpContext http, EventDefinitionStore store, string name, string? limit, CancellationToken ct)
    {
        var count = DefaultReplaysLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxReplaysLimit))
            return ApiErrors.BadRequest("invalid_limit", $"limit must be an integer from 1 to {MaxReplaysLimit}.");
        var projectId = http.ProjectGrant().ProjectId!.Value;
        if (!await store.ExistsAsync(projectId, EventName(name), ct)) return UnknownEvent(EventName(name));
        return TypedResults.Ok(await store.ReplaysAsync(projectId, EventName(name), count, ct));
    }

    /// <summary>The body {"description": string|null}: the description, or the error to answer.</summary>
    private static (string? Description, JsonHttpResult<ApiError>? Error) ParseDescription(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("description", out var value))
                return (null, Invalid("missing_field", """Send {"description": "..."}."""));
            if (value.ValueKind == JsonValueKind.Null) return (null, null);
            if (value.ValueKind != JsonValueKind.String) return (null, Invalid("invalid_description", "description must be a string or null."));
            var text = value.GetString()!;
            return text.Length > MaxDescriptionLength
                ? (null, Invalid("description_too_long", $"description may be at most {MaxDescriptionLength} characters; it has {text.Length}."))
                : (text, null);
        }
        catch (JsonException)
        {
            return (null, Invalid("invalid_json", "The body must be a JSON object."));
        }
    }

    private static JsonHttpResult<ApiError> Invalid(string error, string message) =>
        TypedResults.Json(new ApiError(error, message, "description"), statusCode: 400);

    /// <summary>
    /// The route's name with '/' restored: the server decodes every escape in the path but %2F, which would
    /// end the segment (an event may be called "Checkout / Pay").
    /// </summary>
    private static string EventName(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static JsonHttpResult<ApiError> UnknownEvent(string name) =>
        ApiErrors.NotFound("unknown_event", $"This project has never tracked an event named {name}.");
}
