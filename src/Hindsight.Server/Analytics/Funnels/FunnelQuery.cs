using System.Text.Json;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hindsight.Server.Analytics.Funnels;

/// <summary>One step of a funnel: an event, optionally only where its properties match the filters.</summary>
public sealed record FunnelStep(string Event, IReadOnlyList<PropertyFilter> Filters);

/// <summary>GET /api/projects/{id}/funnels as sent.</summary>
public sealed record FunnelRequest(
    [property: FromQuery(Name = "steps")] string? Steps,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "window")] string? Window);

/// <summary>GET …/funnels/replays as sent: the funnel, a step and the part of its bar that was clicked.</summary>
public sealed record FunnelReplaysRequest(
    [property: FromQuery(Name = "steps")] string? Steps,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "window")] string? Window,
    [property: FromQuery(Name = "step")] string? Step,
    [property: FromQuery(Name = "part")] string? Part,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>GET …/funnels/top-events as sent.</summary>
public sealed record TopEventsRequest(
    [property: FromQuery(Name = "steps")] string? Steps,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "window")] string? Window,
    [property: FromQuery(Name = "step")] string? Step,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>GET …/funnels/top-events/replays as sent.</summary>
public sealed record TopEventReplaysRequest(
    [property: FromQuery(Name = "steps")] string? Steps,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "window")] string? Window,
    [property: FromQuery(Name = "step")] string? Step,
    [property: FromQuery(Name = "event")] string? Event,
    [property: FromQuery(Name = "limit")] string? Limit);

/// <summary>
/// A funnel, checked: 2 to 10 steps, people entering in <see cref="Range"/> (at most a year), each with
/// <see cref="WindowMs"/> (default a day, at most 90 days) from entering to convert.
/// </summary>
public sealed record FunnelQuery(IReadOnlyList<FunnelStep> Steps, TimeRange Range, long WindowMs)
{
    public const int MinSteps = 2, MaxSteps = 10;
    public const long DefaultWindowMs = TimeRange.Day, MaxWindowMs = 90 * TimeRange.Day;

    /// <summary>Ten steps of twenty filters of the longest names and values do not fit; a real funnel does.</summary>
    public const int MaxStepsJsonLength = 64 * 1024;

    public IEnumerable<string> EventNames => Steps.Select(s => s.Event).Distinct(StringComparer.Ordinal);

    /// <summary>Throws <see cref="QueryFieldException"/>; the endpoint queries' Parse methods catch it.</summary>
    public static FunnelQuery ParseFields(string? steps, string? from, string? to, string? window) =>
        new(ParseSteps(steps), QueryFields.Range(from, to),
            QueryFields.Integer(window, "window", DefaultWindowMs, 1, MaxWindowMs, "the conversion window in milliseconds"));

    public static (FunnelQuery? Query, JsonHttpResult<ApiError>? Error) Parse(FunnelRequest request) =>
        Checked(() => ParseFields(request.Steps, request.From, request.To, request.Window));

    /// <summary>A step index of this funnel (0-based), required.</summary>
    public int StepIndex(string? text, int max)
    {
        var step = QueryFields.Integer(text ?? "", "step", -1, 0, max, $"a step of the funnel, 0 to {max}");
        return step < 0 ? throw new QueryFieldException("invalid_step", $"step is required: a step of the funnel, 0 to {max}.", "step") : (int)step;
    }

    /// <summary>Runs a parse, turning its first bad field into the 400 it answers.</summary>
    public static (T? Query, JsonHttpResult<ApiError>? Error) Checked<T>(Func<T> parse) where T : class
    {
        try
        {
            return (parse(), null);
        }
        catch (QueryFieldException e)
        {
            return (null, e.ToResult());
        }
    }

    private static IReadOnlyList<FunnelStep> ParseSteps(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw Invalid("steps is required: a JSON array of {\"event\",\"filters\"} objects.");
        if (json.Length > MaxStepsJsonLength) throw Invalid($"steps is longer than {MaxStepsJsonLength} characters.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw Invalid("steps must be a JSON array of {\"event\",\"filters\"} objects.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array) throw Invalid("steps must be a JSON array of {\"event\",\"filters\"} objects.");
            var count = root.GetArrayLength();
            if (count < MinSteps) throw new QueryFieldException("too_few_steps", $"A funnel has at least {MinSteps} steps; {count} given.", "steps");
            if (count > MaxSteps) throw new QueryFieldException("too_many_steps", $"A funnel has at most {MaxSteps} steps; {count} given.", "steps");
            return root.EnumerateArray().Select((item, i) => ParseStep(item, $"steps[{i}]")).ToList();
        }
    }

    private static FunnelStep ParseStep(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object) throw Invalid($"{where} must be an object with an event and optional filters.");
        string? name = null;
        IReadOnlyList<PropertyFilter> filters = [];
        foreach (var field in item.EnumerateObject())
        {
            switch (field.Name)
            {
                case "event" when field.Value.ValueKind == JsonValueKind.String:
                    name = field.Value.GetString();
                    break;
                case "filters" when field.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "filters":
                    var (parsed, problem) = PropertyFilter.Parse(field.Value, $"{where}.filters");
                    filters = parsed ?? throw new QueryFieldException("invalid_filters", problem!, "steps");
                    break;
                case "event": throw Invalid($"{where}.event must be a string.");
                default: throw Invalid($"{where} has an unknown field \"{field.Name}\" (known: event, filters).");
            }
        }
        if (string.IsNullOrEmpty(name) || name.Length > QueryFields.MaxEventNameLength)
            throw Invalid($"{where}.event must be an event name of 1 to {QueryFields.MaxEventNameLength} characters.");
        return new FunnelStep(name, filters);
    }

    private static QueryFieldException Invalid(string message) => new("invalid_steps", message, "steps");
}

/// <summary>A click on a step's bar: its converted part (people who reached it) or its dropped part (who reached the step before and not it).</summary>
public enum FunnelPart { Converted, Dropped }

/// <summary>The funnel replays query, checked.</summary>
public sealed record FunnelReplaysQuery(FunnelQuery Funnel, int Step, FunnelPart Part, int Limit)
{
    private static readonly IReadOnlyDictionary<string, FunnelPart> Parts =
        new Dictionary<string, FunnelPart> { ["converted"] = FunnelPart.Converted, ["dropped"] = FunnelPart.Dropped };

    public static (FunnelReplaysQuery? Query, JsonHttpResult<ApiError>? Error) Parse(FunnelReplaysRequest request) =>
        FunnelQuery.Checked(() =>
        {
            var funnel = FunnelQuery.ParseFields(request.Steps, request.From, request.To, request.Window);
            var step = funnel.StepIndex(request.Step, funnel.Steps.Count - 1);
            if (string.IsNullOrEmpty(request.Part)) throw new QueryFieldException("invalid_part", "part is required: converted or dropped.", "part");
            var part = QueryFields.Choice(request.Part, "part", FunnelPart.Converted, Parts);
            if (part == FunnelPart.Dropped && step == 0)
                throw new QueryFieldException("invalid_step", "Nobody drops off before the first step: dropped is for step 1 and later.", "step");
            return new FunnelReplaysQuery(funnel, step, part, QueryFields.Limit(request.Limit));
        });
}

/// <summary>The top events query, checked: a step after which people dropped off (not the last).</summary>
public sealed record TopEventsQuery(FunnelQuery Funnel, int Step, int Limit, string? Event)
{
    public const int DefaultLimit = 10, MaxLimit = 50;

    public static (TopEventsQuery? Query, JsonHttpResult<ApiError>? Error) Parse(TopEventsRequest request) =>
        FunnelQuery.Checked(() => Fields(request.Steps, request.From, request.To, request.Window, request.Step,
            QueryFields.Limit(request.Limit, DefaultLimit, MaxLimit), null));

    public static (TopEventsQuery? Query, JsonHttpResult<ApiError>? Error) Parse(TopEventReplaysRequest request) =>
        FunnelQuery.Checked(() => Fields(request.Steps, request.From, request.To, request.Window, request.Step,
            QueryFields.Limit(request.Limit), QueryFields.EventName(request.Event)));

    private static TopEventsQuery Fields(string? steps, string? from, string? to, string? window, string? step, int limit, string? name)
    {
        var funnel = FunnelQuery.ParseFields(steps, from, to, window);
        // People who did the last step did not drop off after it.
        return new TopEventsQuery(funnel, funnel.StepIndex(step, funnel.Steps.Count - 2), limit, name);
    }
}
