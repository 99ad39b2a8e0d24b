using System.Globalization;
using System.Text;
using System.Text.Json;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.People;

public enum PeopleSort { LastSeen, FirstSeen, Name, Email, DistinctId }

/// <summary>
/// Where the previous page of people ended: the last row's sort key and distinct id, and the order they
/// were in (a cursor is refused under another order, where it would skip or repeat people).
/// </summary>
public sealed record PeopleCursor(PeopleSort Sort, bool Descending, JsonElement Key, string DistinctId)
{
    private sealed record Wire(string S, bool D, JsonElement K, string I);

    /// <summary>Opaque to clients: base64url of a small JSON object.</summary>
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Wire(Sort.ToString(), Descending, Key, DistinctId)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static PeopleCursor? Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            var wire = JsonSerializer.Deserialize<Wire>(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            if (wire is null || wire.I is null || !Enum.TryParse<PeopleSort>(wire.S, out var sort)) return null;
            var keyKind = PeopleQuery.KeyIsNumber(sort) ? JsonValueKind.Number : JsonValueKind.String;
            if (wire.K.ValueKind != keyKind || (keyKind == JsonValueKind.Number && !wire.K.TryGetInt64(out _))) return null;
            return new PeopleCursor(sort, wire.D, wire.K, wire.I);
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The key as a query parameter: a long or a string.</summary>
    public object KeyValue => Key.ValueKind == JsonValueKind.Number ? Key.GetInt64() : Key.GetString()!;
}

/// <summary>The people list's query parameters, checked: q, sort, order, cursor, limit.</summary>
public sealed record PeopleQuery(string? Search, PeopleSort Sort, bool Descending, PeopleCursor? Cursor, int Limit)
{
    public const int DefaultLimit = 50, MaxLimit = 100, MaxSearchLength = 200;

    private static readonly Dictionary<string, PeopleSort> Sorts = new()
    {
        ["last_seen"] = PeopleSort.LastSeen, ["first_seen"] = PeopleSort.FirstSeen, ["name"] = PeopleSort.Name,
        ["email"] = PeopleSort.Email, ["distinct_id"] = PeopleSort.DistinctId,
    };

    public static (PeopleQuery? Query, JsonHttpResult<ApiError>? Error) Parse(string? q, string? sort, string? order, string? cursor, string? limit)
    {
        var search = q?.Trim();
        if (search?.Length > MaxSearchLength) return Bad("invalid_search", $"q may be at most {MaxSearchLength} characters.");
        var by = PeopleSort.LastSeen;
        if (!string.IsNullOrEmpty(sort) && !Sorts.TryGetValue(sort, out by))
            return Bad("invalid_sort", $"sort must be one of {string.Join(", ", Sorts.Keys)}.");
        if (!string.IsNullOrEmpty(order) && order is not ("asc" or "desc")) return Bad("invalid_order", "order must be asc or desc.");
        var descending = order != "asc";
        PeopleCursor? decoded = null;
        if (!string.IsNullOrEmpty(cursor) && ((decoded = PeopleCursor.Decode(cursor)) is null || decoded.Sort != by || decoded.Descending != descending))
            return Bad("invalid_cursor", "cursor must be a nextCursor from an earlier page with the same sort and order.");
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxLimit))
            return Bad("invalid_limit", $"limit must be an integer from 1 to {MaxLimit}.");
        return (new PeopleQuery(string.IsNullOrEmpty(search) ? null : search, by, descending, decoded, pageSize), null);
    }

    /// <summary>
    /// The SQL of each sort key over <c>people p</c>, the expressions the migration indexes: a person never
    /// seen sorts as -1 (last when newest first), a missing name or email as ''; names and emails without case.
    /// </summary>
    public static string KeySql(PeopleSort sort) => sort switch
    {
        PeopleSort.LastSeen => "COALESCE(p.last_seen, -1)",
        PeopleSort.FirstSeen => "COALESCE(p.first_seen, -1)",
        PeopleSort.Name => "COALESCE(lower(p.name), '')",
        PeopleSort.Email => "COALESCE(lower(p.email), '')",
        _ => "p.distinct_id",
    };

    public static bool KeyIsNumber(PeopleSort sort) => sort is PeopleSort.LastSeen or PeopleSort.FirstSeen;

    private static (PeopleQuery?, JsonHttpResult<ApiError>?) Bad(string error, string message) => (null, ApiErrors.BadRequest(error, message));
}
