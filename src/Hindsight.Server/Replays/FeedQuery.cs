using System.Globalization;
using System.Text;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Replays;

/// <summary>Where the previous page ended: the last replay's (startedAt, replayId).</summary>
public sealed record FeedCursor(long StartedAt, string ReplayId)
{
    /// <summary>Opaque to clients: base64url of "startedAt:replayId".</summary>
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{StartedAt.ToString(CultureInfo.InvariantCulture)}:{ReplayId}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static FeedCursor? Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var colon = decoded.IndexOf(':');
            return colon > 0 && long.TryParse(decoded[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var startedAt)
                ? new FeedCursor(startedAt, decoded[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The feed's query parameters, checked: q, from (inclusive), to (exclusive), cursor, limit, and the filters
/// person (any id linked to them), event (replays in which it fired), url (a substring of a visited URL) and
/// minDurationMs.
/// </summary>
public sealed record FeedQuery(string? Search, long? From, long? To, FeedCursor? Cursor, int Limit)
{
    public const int DefaultLimit = 50, MaxLimit = 200, MaxFilterLength = 2000;

    public string? Person { get; init; }
    public string? Event { get; init; }
    public string? Url { get; init; }
    public long? MinDurationMs { get; init; }
    /// <summary>hasConsoleErrors=true keeps replays with a console error, false those without.</summary>
    public bool? HasConsoleErrors { get; init; }
    public long? MinRageClicks { get; init; }
    public long? MinDeadClicks { get; init; }
    /// <summary>The filters that need the analytics store's rage and dead clicks.</summary>
    public bool FiltersClicks => MinRageClicks is not null || MinDeadClicks is not null;

    public static (FeedQuery? Query, JsonHttpResult<ApiError>? Error) Parse(string? q, string? from, string? to, string? cursor, string? limit,
        string? person = null, string? @event = null, string? url = null, string? minDurationMs = null,
        string? hasConsoleErrors = null, string? minRageClicks = null, string? minDeadClicks = null)
    {
        if (!TryParseMs(from, out var fromMs)) return Bad("invalid_from", "from must be a time in milliseconds since the Unix epoch.");
        if (!TryParseMs(to, out var toMs)) return Bad("invalid_to", "to must be a time in milliseconds since the Unix epoch.");
        FeedCursor? decoded = null;
        if (!string.IsNullOrEmpty(cursor) && (decoded = FeedCursor.Decode(cursor)) is null)
            return Bad("invalid_cursor", "cursor must be a nextCursor from an earlier page.");
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
            return Bad("invalid_limit", $"limit must be an integer from 1 to {MaxLimit}.");
        foreach (var (name, value) in new[] { ("person", person), ("event", @event), ("url", url) })
            if (value?.Length > MaxFilterLength) return Bad($"invalid_{name}", $"{name} may be at most {MaxFilterLength} characters.");
        long? minDuration = null;
        if (!string.IsNullOrEmpty(minDurationMs))
        {
            if (!long.TryParse(minDurationMs, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return Bad("invalid_min_duration", "minDurationMs must be a non-negative integer (milliseconds).");
            minDuration = value;
        }

        bool? consoleErrors = hasConsoleErrors switch
        {
            null or "" => null,
            "true" => true,
            "false" => false,
            _ => (bool?)null,
        };
        if (consoleErrors is null && !string.IsNullOrEmpty(hasConsoleErrors))
            return Bad("invalid_has_console_errors", "hasConsoleErrors must be 'true' or 'false'.");
        if (!TryParseCount(minRageClicks, out var minRage)) return Bad("invalid_min_rage_clicks", $"minRageClicks must be an integer from 0 to {MaxClickFilter}.");
        if (!TryParseCount(minDeadClicks, out var minDead)) return Bad("invalid_min_dead_clicks", $"minDeadClicks must be an integer from 0 to {MaxClickFilter}.");

        var search = q?.Trim();
        return (new FeedQuery(string.IsNullOrEmpty(search) ? null : search, fromMs, toMs, decoded, Math.Min(pageSize, MaxLimit))
        {
            Person = NullIfEmpty(person), Event = NullIfEmpty(@event), Url = NullIfEmpty(url), MinDurationMs = minDuration,
            HasConsoleErrors = consoleErrors, MinRageClicks = minRage, MinDeadClicks = minDead,
        }, null);
    }

    public const long MaxClickFilter = 1_000_000;

    private static bool TryParseCount(string? text, out long? count)
    {
        count = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxClickFilter) return false;
        count = value;
        return true;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static bool TryParseMs(string? text, out long? ms)
    {
        ms = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return false;
        ms = value;
        return true;
    }

    private static (FeedQuery?, JsonHttpResult<ApiError>?) Bad(string error, string message) => (null, ApiErrors.BadRequest(error, message));
}
