using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Server.Ingest.Record;
using Hindsight.Server.Projects;
using Hindsight.Server.Quotas;
using Hindsight.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Ingest;

/// <summary>GET /settings (the project's remote SDK config, Projects/ReplaySettings.cs) and /flags (no flags yet).</summary>
public static class SettingsEndpoints
{
    public sealed record SdkConfigEnvelope(JsonObject Config);

    public sealed record SettingsReply(SdkConfigEnvelope SdkConfig);

    public sealed record FlagsReply(JsonObject Flags);

    public static async Task<Results<JsonHttpResult<SettingsReply>, JsonHttpResult<RecordReply>, RedirectHttpResult>> GetSettingsAsync(
        HttpRequest request, ProjectStore projects, QuotaStore quotas, CancellationToken ct)
    {
        if (OldSettingsLink.TargetOf(request) is { } page) return TypedResults.Redirect(page);
        // A change made in the dashboard must reach the very next page load: no cache may keep this reply,
        // and the project is read fresh, not from the SDK endpoints' short-lived cache.
        var (project, unauthorized) = await BasicTokenAuth.AuthenticateFreshAsync(request, projects, ct);
        if (project is null) return unauthorized!.AsReply();
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var config = project.ReplaySettings().SdkConfig();
        await quotas.ApplyToSdkConfigAsync(project.Id, config, ct);
        // snake_case here: the SDK reads `sdk_config.config`.
        return TypedResults.Json(new SettingsReply(new SdkConfigEnvelope(config)), SnakeCase);
    }

    public static async Task<Results<JsonHttpResult<FlagsReply>, JsonHttpResult<RecordReply>>> GetFlagsAsync(
        HttpRequest request, ProjectStore projects, CancellationToken ct)
    {
        var (project, unauthorized) = await BasicTokenAuth.AuthenticateAsync(request, projects, ct);
        if (project is null) return unauthorized!.AsReply();
        // A reply without `flags` counts as an error in the SDK.
        return TypedResults.Json(new FlagsReply([]));
    }

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
