using System.Text.Json;
using Hindsight.Server.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Ingest.Track;

/// <summary>
/// /track, /engage and /groups. Each request is all or nothing: one bad item, or one unknown token,
/// refuses the whole request before anything is stored, with a message naming the item.
/// </summary>
public static class TrackEndpoints
{
    public static async Task<Results<JsonHttpResult<TrackVerboseReply>, ContentHttpResult>> TrackAsync(
        HttpRequest request, ProjectStore projects, EventWriter writer, TimeProvider clock, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var max = options.Value.MaxPropertiesPerItem;
        var (events, rejection) = await ReadAsync(request, projects, options.Value,
            item => TrackedEvent.Parse(item, now, max), e => e.Token, ct);
        if (events is null) return TrackReply.Fail(request, rejection!);
        // The SDK keeps a refused batch and sends it again later; 503 says "later", not "never".
        return await writer.TrySaveAsync(events)
            ? TrackReply.Ok(request)
            : TrackReply.Fail(request, new TrackRejection(503, "The server is storing too many events; send them again in a moment."));
    }

    public static async Task<Results<JsonHttpResult<TrackVerboseReply>, ContentHttpResult>> EngageAsync(
        HttpRequest request, ProjectStore projects, ProfileWriter writer, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxPropertiesPerItem;
        var (updates, rejection) = await ReadAsync(request, projects, options.Value,
            item => ProfileUpdate.ParsePerson(item, max), u => u.Token, ct);
        if (updates is null) return TrackReply.Fail(request, rejection!);
        await writer.SaveAsync(updates, ct);
        return TrackReply.Ok(request);
    }

    public static async Task<Results<JsonHttpResult<TrackVerboseReply>, ContentHttpResult>> GroupsAsync(
        HttpRequest request, ProjectStore projects, ProfileWriter writer, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxPropertiesPerItem;
        var (updates, rejection) = await ReadAsync(request, projects, options.Value,
            item => ProfileUpdate.ParseGroup(item, max), u => u.Token, ct);
        if (updates is null) return TrackReply.Fail(request, rejection!);
        await writer.SaveAsync(updates, ct);
        return TrackReply.Ok(request);
    }

    /// <summary>Reads the items, checks every one, and finds each one's project by its token.</summary>
    private static async Task<(List<(long ProjectId, T Item)>?, TrackRejection?)> ReadAsync<T>(
        HttpRequest request, ProjectStore projects, IngestOptions options,
        Func<JsonElement, (T?, string?)> parse, Func<T, string> tokenOf, CancellationToken ct) where T : class
    {
        var (payload, rejection) = await TrackPayload.ReadAsync(request, options, ct);
        if (payload is null) return (null, rejection);
        using var _ = payload;

        var parsed = new List<T>(payload.Items.Count);
        for (var i = 0; i < payload.Items.Count; i++)
        {
            var (item, problem) = parse(payload.Items[i]);
            if (item is null) return (null, TrackRejection.BadRequest($"Item {i}: {problem}"));
            parsed.Add(item);
        }

        var projectIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var token in parsed.Select(tokenOf).Distinct(StringComparer.Ordinal))
        {
            var project = ProjectTokens.IsValid(token) ? await projects.FindByTokenCachedAsync(token, ct) : null;
            if (project is null)
                return (null, new TrackRejection(401, $"Item {parsed.FindIndex(p => tokenOf(p) == token)}: no project has this token."));
            projectIds[token] = project.Id;
        }
        return (parsed.Select(item => (projectIds[tokenOf(item)], item)).ToList(), null);
    }
}
