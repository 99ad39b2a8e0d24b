using System.Globalization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>A query parameter that did not parse: the error code and message the caller gets (400).</summary>
public sealed class QueryFieldException(string error, string message, string field) : Exception(message)
{
    public string Error { get; } = error;
    public string Field { get; } = field;

    public JsonHttpResult<ApiError> ToResult() => TypedResults.Json(new ApiError(Error, Message, Field), statusCode: 400);
}

/// <summary>
/// The query parameters the analytics endpoints share, each checked with a precise error. They throw
/// <see cref="QueryFieldException"/>, so a query record's Parse reads as the list of its fields.
/// </summary>
public static class QueryFields
{
    public const int MaxEventNameLength = 255;
    public const int DefaultLimit = 50, MaxLimit = 200;

    /// <summary>A time in milliseconds since the epoch, required.</summary>
    public static long Time(string? text, string field)
    {
        if (string.IsNullOrEmpty(text)) throw new QueryFieldException($"invalid_{field}", $"{field} is required: a time in milliseconds since the Unix epoch.", field);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            throw new QueryFieldException($"invalid_{field}", $"{field} must be a time in milliseconds since the Unix epoch.", field);
        return ms;
    }

    /// <summary>from (inclusive) and to (exclusive), to after from, at most <paramref name="maxDays"/> apart.</summary>
    public static TimeRange Range(string? from, string? to, int maxDays = TimeRange.MaxDays)
    {
        var range = new TimeRange(Time(from, "from"), Time(to, "to"));
        if (range.To <= range.From) throw new QueryFieldException("invalid_range", "to must be later than from.", "to");
        if (range.To - range.From > maxDays * TimeRange.Day)
            throw new QueryFieldException("range_too_long", $"The range is {(range.To - range.From) / (double)TimeRange.Day:0.#} days long; at most {maxDays} days are allowed.", "from");
        return range;
    }

    /// <summary>An event name as a query parameter: 1 to 255 characters.</summary>
    public static string EventName(string? text, string field = "event")
    {
        if (string.IsNullOrEmpty(text)) throw new QueryFieldException("missing_event", $"{field} is required: an event name.", field);
        if (text.Length > MaxEventNameLength) throw new QueryFieldException("invalid_event", $"{field} is longer than {MaxEventNameLength} characters.", field);
        return text;
    }

    /// <summary>How many moments a replays list answers: default 50, larger numbers answer at most <paramref name="max"/>.</summary>
    public static int Limit(string? text, int defaultLimit = DefaultLimit, int max = MaxLimit)
    {
        if (string.IsNullOrEmpty(text)) return defaultLimit;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            throw new QueryFieldException("invalid_limit", $"limit must be an integer from 1 to {max}.", "limit");
        return Math.Min(limit, max);
    }

    /// <summary>The filters parameter (JSON), see <see cref="PropertyFilter.ParseJson"/>.</summary>
    public static IReadOnlyList<PropertyFilter> Filters(string? json)
    {
        var (filters, problem) = PropertyFilter.ParseJson(json);
        return filters ?? throw new QueryFieldException("invalid_filters", problem!, "filters");
    }

    /// <summary>A property name to break down by, or null for none.</summary>
    public static string? Property(string? text, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > PropertyFilter.MaxPropertyLength)
            throw new QueryFieldException($"invalid_{field}", $"{field} must be a property name of at most {PropertyFilter.MaxPropertyLength} characters.", field);
        return text;
    }

    /// <summary>One of the given words, or the default when absent.</summary>
    public static T Choice<T>(string? text, string field, T defaultValue, IReadOnlyDictionary<string, T> choices)
    {
        if (string.IsNullOrEmpty(text)) return defaultValue;
        return choices.TryGetValue(text, out var value)
            ? value
            : throw new QueryFieldException($"invalid_{field}", $"{field} must be one of {string.Join(", ", choices.Keys)}.", field);
    }

    /// <summary>An integer within bounds, or the default when absent.</summary>
    public static long Integer(string? text, string field, long defaultValue, long min, long max, string meaning)
    {
        if (string.IsNullOrEmpty(text)) return defaultValue;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new QueryFieldException($"invalid_{field}", $"{field} must be {meaning}, an integer from {min} to {max}.", field);
    }
}

/// <summary>A time range in ms since the epoch: <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
public readonly record struct TimeRange(long From, long To)
{
    public const long Hour = 3_600_000, Day = 24 * Hour;

    /// <summary>The longest range any chart asks for: a year, leap day included.</summary>
    public const int MaxDays = 366;
}
