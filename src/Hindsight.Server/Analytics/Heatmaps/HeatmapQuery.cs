using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hindsight.Server.Analytics.Heatmaps;

/// <summary>The query parameters of GET /api/projects/{id}/heatmaps.</summary>
public sealed record HeatmapRequest(
    [property: FromQuery(Name = "url")] string? Url,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>The query parameters of GET /api/projects/{id}/heatmaps/replays: one element's clicks of one kind.</summary>
public sealed record HeatmapReplaysRequest(
    [property: FromQuery(Name = "url")] string? Url,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "selector")] string? Selector,
    [property: FromQuery(Name = "kind")] string? Kind,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>What a click was: every click, or one the SDK judged a rage click or a dead click.</summary>
public enum ClickKind { Click, Rage, Dead }

/// <summary>A heatmap, checked: a page (<see cref="UrlPattern"/>), a range of at most <see cref="MaxDays"/> days, how many elements.</summary>
public sealed record HeatmapQuery(UrlPattern Url, TimeRange Range, int Limit)
{
    public const int MaxDays = 92, DefaultElements = 50, MaxElements = 200;

    public static (HeatmapQuery? Query, JsonHttpResult<ApiError>? Error) Parse(HeatmapRequest request)
    {
        try
        {
            var url = UrlPattern.Parse(request.Url);
            var range = QueryFields.Range(request.From, request.To, MaxDays);
            return (new HeatmapQuery(url, range, QueryFields.Limit(request.Limit, DefaultElements, MaxElements)), null);
        }
        catch (QueryFieldException e)
        {
            return (null, e.ToResult());
        }
    }
}

/// <summary>The clicks of one kind on one element of a heatmap, for its replays list.</summary>
public sealed record HeatmapReplaysQuery(UrlPattern Url, TimeRange Range, string Selector, ClickKind Kind, int Limit)
{
    public static readonly IReadOnlyDictionary<string, ClickKind> Kinds =
        new Dictionary<string, ClickKind> { ["click"] = ClickKind.Click, ["rage"] = ClickKind.Rage, ["dead"] = ClickKind.Dead };

    public static (HeatmapReplaysQuery? Query, JsonHttpResult<ApiError>? Error) Parse(HeatmapReplaysRequest request)
    {
        try
        {
            var url = UrlPattern.Parse(request.Url);
            var range = QueryFields.Range(request.From, request.To, HeatmapQuery.MaxDays);
            if (string.IsNullOrEmpty(request.Selector))
                throw new QueryFieldException("missing_selector", "selector is required: an element's selector as the heatmap answered it.", "selector");
            if (request.Selector.Length > ElementSelector.MaxLength)
                throw new QueryFieldException("invalid_selector", $"selector is longer than {ElementSelector.MaxLength} characters.", "selector");
            var kind = QueryFields.Choice(request.Kind, "kind", ClickKind.Click, Kinds);
            return (new HeatmapReplaysQuery(url, range, request.Selector, kind, QueryFields.Limit(request.Limit)), null);
        }
        catch (QueryFieldException e)
        {
            return (null, e.ToResult());
        }
    }
}
