using System.Text.Json;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Hindsight.Server.AccessLog;

namespace Hindsight.Server.Quotas;

/// <summary>
/// GET /api/projects/{id}/quota (every member: Settings shows usage against the cap) and PUT (admins, like
/// the other replay settings).
/// </summary>
public static class QuotaApi
{
    private const int MaxBodyBytes = 512;

    public static RouteGroupBuilder MapQuotas(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id}/quota", GetAsync).RequireProjectPermission(Permission.ReadSettings);
        api.MapPut("/projects/{id}/quota", PutAsync).RequireProjectPermission(Permission.EditReplaySettings);
        return api;
    }

    private static async Task<Ok<QuotaStatus>> GetAsync(HttpContext http, QuotaStore quotas, CancellationToken ct) =>
        TypedResults.Ok(QuotaStatus.Of(await quotas.UsageAsync(http.ProjectGrant().ProjectId!.Value, ct)));

    private static async Task<Results<Ok<QuotaStatus>, JsonHttpResult<ApiError>>> PutAsync(
        HttpContext http, QuotaStore quotas, AccessLogStore accessLog, CancellationToken ct)
    {
        var projectId = http.ProjectGrant().ProjectId!.Value;
        if (await BoundedBody.ReadAsync(http.Request, MaxBodyBytes, ct) is not { } body)
            return ApiErrors.Create(413, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
        var (wanted, invalid) = Parse(body);
        if (wanted is null) return TypedResults.Json(invalid!, statusCode: 400);
        await quotas.SetAsync(projectId, wanted.MonthlyReplayCap, wanted.TrialDays, wanted.TrialReplayCap, wanted.RestartTrial, ct);
        await accessLog.RecordAsync(http.User, projectId, AccessActions.QuotaChanged,
            detail: $"monthly cap {wanted.MonthlyReplayCap?.ToString() ?? "none"}, trial days {wanted.TrialDays?.ToString() ?? "none"}, trial replays {wanted.TrialReplayCap?.ToString() ?? "none"}{(wanted.RestartTrial ? ", trial restarted" : "")}");
        return TypedResults.Ok(QuotaStatus.Of(await quotas.UsageAsync(projectId, ct)));
    }

    /// <summary>The body, each field checked on its own: a whole JSON number in range, or null.</summary>
    private static (QuotaRequest?, ApiError?) Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return (null, new ApiError("invalid_json", "The body is not JSON."));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, new ApiError("invalid_quota", """Send {"monthlyReplayCap": n|null, "trialDays": n|null, "trialReplayCap": n|null}."""));
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("monthlyReplayCap" or "trialDays" or "trialReplayCap" or "restartTrial"))
                    return (null, new ApiError("unknown_field", $"'{property.Name}' is not a quota setting.", property.Name));
            var (monthly, monthlyError) = Whole(root, "monthlyReplayCap", ReplayQuota.MaxCap);
            if (monthlyError is not null) return (null, monthlyError);
            var (days, daysError) = Whole(root, "trialDays", ReplayQuota.MaxTrialDays);
            if (daysError is not null) return (null, daysError);
            var (trialCap, trialCapError) = Whole(root, "trialReplayCap", ReplayQuota.MaxCap);
            if (trialCapError is not null) return (null, trialCapError);
            var restart = false;
            if (root.TryGetProperty("restartTrial", out var restartValue))
            {
                if (restartValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    return (null, new ApiError("invalid_restart_trial", "restartTrial must be true or false.", "restartTrial"));
                restart = restartValue.GetBoolean();
            }
            return (new QuotaRequest(monthly, days, trialCap, restart), null);
        }
    }

    private static (long?, ApiError?) Whole(JsonElement root, string name, long max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return (null, null);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 1 && n <= max
            ? (n, null)
            : (null, new ApiError($"invalid_{Snake(name)}", $"{name} must be null or a whole number from 1 to {max:N0}.", name));
    }

    private static string Snake(string name) => string.Concat(name.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
