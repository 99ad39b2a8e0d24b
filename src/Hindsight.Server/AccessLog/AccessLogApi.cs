using System.Globalization;
using System.Text;
using Hindsight.Server.Authorization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.AccessLog;

/// <summary>A page of the access log, newest first; nextBefore asks for the next page (null: no more).</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessEntry> Entries, long? NextBefore);

/// <summary>
/// GET /api/projects/{id}/access-log (a page, newest first) and …/access-log.csv (every line the filters
/// keep, up to <see cref="MaxCsvRows"/>): admins only. Filters: from and to (ms, at most
/// <see cref="MaxRangeDays"/> days apart; the last 30 days by default), user (an email), action.
/// </summary>
public static class AccessLogApi
{
    public const int DefaultLimit = 100, MaxLimit = 500, MaxRangeDays = 366, MaxCsvRows = 100_000;
    private const long DayMs = 86_400_000;

    public static RouteGroupBuilder MapAccessLog(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{id}/access-log", ListAsync).RequireProjectPermission(Permission.ReadAccessLog);
        api.MapGet("/projects/{id}/access-log.csv", CsvAsync).RequireProjectPermission(Permission.ReadAccessLog);
        return api;
    }

    private static async Task<Results<Ok<AccessLogPage>, JsonHttpResult<ApiError>>> ListAsync(
        HttpContext http, AccessLogStore store, TimeProvider clock, string? from, string? to, string? user, string? action,
        string? before, string? limit, CancellationToken ct)
    {
        var (query, error) = Parse(clock, from, to, user, action, before, limit);
        if (query is null) return error!;
        var entries = await store.ListAsync(http.ProjectGrant().ProjectId!.Value, query, ct);
        return TypedResults.Ok(new AccessLogPage(entries, entries.Count == query.Limit ? entries[^1].Id : null));
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> CsvAsync(
        HttpContext http, AccessLogStore store, TimeProvider clock, string? from, string? to, string? user, string? action,
        CancellationToken ct)
    {
        var (query, error) = Parse(clock, from, to, user, action, null, null);
        if (query is null) return error!;
        var projectId = http.ProjectGrant().ProjectId!.Value;
        var csv = new StringBuilder("time,user,action,target,detail\r\n");
        var rows = 0;
        for (var page = query with { Limit = MaxLimit }; rows < MaxCsvRows;)
        {
            var entries = await store.ListAsync(projectId, page, ct);
            foreach (var e in entries)
            {
                csv.Append(Cell(DateTimeOffset.FromUnixTimeMilliseconds(e.At).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)))
                    .Append(',').Append(Cell(e.UserEmail)).Append(',').Append(Cell(e.Action))
                    .Append(',').Append(Cell(e.Target)).Append(',').Append(Cell(e.Detail)).Append("\r\n");
            }
            rows += entries.Count;
            if (entries.Count < page.Limit) break;
            page = page with { Before = entries[^1].Id };
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"access-log-project-{projectId}.csv");
    }

    /// <summary>
    /// A CSV cell, quoted where it must be. A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR
    /// first) starts with an apostrophe instead: targets and details come from what members typed.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    private static (AccessLogQuery?, JsonHttpResult<ApiError>?) Parse(
        TimeProvider clock, string? from, string? to, string? user, string? action, string? before, string? limit)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Number(to, now + 1, out var end)) return Invalid("invalid_to", "to must be milliseconds since the epoch.", "to");
        if (!Number(from, end - 30 * DayMs, out var start)) return Invalid("invalid_from", "from must be milliseconds since the epoch.", "from");
        if (start >= end) return Invalid("invalid_range", "from must be before to.", "from");
        if (end - start > MaxRangeDays * DayMs) return Invalid("range_too_long", $"A range may be {MaxRangeDays} days at most.", "from");
        if (user is { Length: > 320 }) return Invalid("invalid_user", "user is an email address of at most 320 characters.", "user");
        if (action is not null && !AccessActions.All.Contains(action))
            return Invalid("unknown_action", $"action must be one of: {string.Join(", ", AccessActions.All.Order())}.", "action");
        if (!Number(before, 0, out var beforeId) || beforeId < 0) return Invalid("invalid_before", "before must be an entry id.", "before");
        if (!Number(limit, DefaultLimit, out var count) || count is < 1 or > MaxLimit)
            return Invalid("invalid_limit", $"limit must be a whole number from 1 to {MaxLimit}.", "limit");
        return (new AccessLogQuery(start, end, string.IsNullOrWhiteSpace(user) ? null : user.Trim().ToLowerInvariant(), action,
            before is null ? null : beforeId, (int)count), null);
    }

    private static bool Number(string? text, long fallback, out long value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static (AccessLogQuery?, JsonHttpResult<ApiError>?) Invalid(string error, string message, string field) =>
        (null, TypedResults.Json(new ApiError(error, message, field), statusCode: 400));
}
