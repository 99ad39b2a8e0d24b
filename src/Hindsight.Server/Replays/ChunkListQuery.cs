using System.Globalization;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hindsight.Server.Replays;

/// <summary>
/// A page of a replay's chunk list, checked: the chunks after seq <c>after</c> (all when absent), at most
/// <c>limit</c> of them. A long replay has thousands of chunks; its detail lists only the first
/// <see cref="DetailLimit"/>, so opening it stays quick, and the player asks for the rest with this.
/// </summary>
public sealed record ChunkListQuery(long After, int Limit)
{
    public const int DetailLimit = 100, DefaultLimit = 1_000, MaxLimit = 1_000;

    /// <summary>The first page, as the detail lists it.</summary>
    public static readonly ChunkListQuery Detail = new(-1, DetailLimit);

    public static (ChunkListQuery? Query, JsonHttpResult<ApiError>? Error) Parse(string? after, string? limit)
    {
        var afterSeq = -1L;
        if (!string.IsNullOrEmpty(after) && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
            return (null, ApiErrors.BadRequest("invalid_after", "after must be a chunk's seq: a non-negative integer."));
        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
            return (null, ApiErrors.BadRequest("invalid_limit", $"limit must be an integer from 1 to {MaxLimit}."));
        return (new ChunkListQuery(afterSeq, Math.Min(pageSize, MaxLimit)), null);
    }
}
