using System.Globalization;
using System.Text.Json;

namespace Hindsight.Server.Analytics.Queries;

public enum FilterOperator { Equals, NotEquals, Contains, NotContains, IsSet, IsNotSet, GreaterThan, LessThan }

/// <summary>One property condition, checked; <see cref="Value"/> a string or a double (null for is_set / is_not_set).</summary>
public sealed record PropertyFilter(string Property, FilterOperator Operator, object? Value)
{
    public const int MaxFilters = 20, MaxPropertyLength = 255, MaxValueLength = 1000;

    /// <summary>The longest <c>filters</c> parameter read: 20 filters of the longest names and values fit.</summary>
    public const int MaxJsonLength = 32 * 1024;

    private static readonly Dictionary<string, FilterOperator> Operators = new(StringComparer.Ordinal)
    {
        ["equals"] = FilterOperator.Equals, ["not_equals"] = FilterOperator.NotEquals,
        ["contains"] = FilterOperator.Contains, ["not_contains"] = FilterOperator.NotContains,
        ["is_set"] = FilterOperator.IsSet, ["is_not_set"] = FilterOperator.IsNotSet,
        ["greater_than"] = FilterOperator.GreaterThan, ["less_than"] = FilterOperator.LessThan,
    };

    /// <summary>The <c>filters</c> query parameter (a JSON array; absent or empty is no filter), or what is wrong with it.</summary>
    public static (IReadOnlyList<PropertyFilter>? Filters, string? Problem) ParseJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return ([], null);
        if (json.Length > MaxJsonLength) return (null, $"filters is longer than {MaxJsonLength} characters.");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            return Parse(document.RootElement, "filters");
        }
        catch (JsonException)
        {
            return (null, "filters must be a JSON array of {\"property\",\"op\",\"value\"} objects.");
        }
    }

    /// <summary>A parsed JSON array of filters; <paramref name="where"/> names it in the problem (e.g. steps[1].filters).</summary>
    public static (IReadOnlyList<PropertyFilter>? Filters, string? Problem) Parse(JsonElement array, string where)
    {
        if (array.ValueKind != JsonValueKind.Array) return (null, $"{where} must be a JSON array.");
        if (array.GetArrayLength() > MaxFilters) return (null, $"{where} has {array.GetArrayLength()} filters; at most {MaxFilters} are allowed.");
        var filters = new List<PropertyFilter>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var (filter, problem) = ParseOne(item, $"{where}[{index++}]");
            if (filter is null) return (null, problem);
            filters.Add(filter);
        }
        return (filters, null);
    }

    private static (PropertyFilter?, string?) ParseOne(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, $"{where} must be an object with property, op and value.");
        string? property = null, op = null;
        JsonElement? value = null;
        foreach (var field in item.EnumerateObject())
        {
            switch (field.Name)
            {
                case "property" when field.Value.ValueKind == JsonValueKind.String: property = field.Value.GetString(); break;
                case "op" when field.Value.ValueKind == JsonValueKind.String: op = field.Value.GetString(); break;
                case "value": value = field.Value; break;
                case "property" or "op": return (null, $"{where}.{field.Name} must be a string.");
                default: return (null, $"{where} has an unknown field \"{field.Name}\" (known: property, op, value).");
            }
        }
        if (string.IsNullOrEmpty(property) || property.Length > MaxPropertyLength)
            return (null, $"{where}.property must be a property name of 1 to {MaxPropertyLength} characters.");
        if (op is null || !Operators.TryGetValue(op, out var parsed))
            return (null, $"{where}.op must be one of {string.Join(", ", Operators.Keys)}.");

        if (parsed is FilterOperator.IsSet or FilterOperator.IsNotSet)
            return value is null || value.Value.ValueKind == JsonValueKind.Null
                ? (new PropertyFilter(property, parsed, null), null)
                : (null, $"{where}: {op} takes no value.");
        if (parsed is FilterOperator.GreaterThan or FilterOperator.LessThan)
            return value?.ValueKind == JsonValueKind.Number && value.Value.TryGetDouble(out var number) && double.IsFinite(number)
                ? (new PropertyFilter(property, parsed, number), null)
                : (null, $"{where}: {op} compares with a number; value must be a JSON number.");
        return value?.ValueKind switch
        {
            JsonValueKind.String when value.Value.GetString()!.Length <= MaxValueLength => (new PropertyFilter(property, parsed, value.Value.GetString()), null),
            JsonValueKind.Number when value.Value.TryGetDouble(out var n) && double.IsFinite(n) => (new PropertyFilter(property, parsed, n), null),
            _ => (null, $"{where}: {op} needs a value, a string of at most {MaxValueLength} characters or a number."),
        };
    }

    /// <summary>
    /// The condition as SQL over the event <paramref name="alias"/>, every name and value a parameter.
    /// Negative conditions hold for events without the property too ("plan is not pro" keeps free users
    /// who never got a plan), as Mixpanel's do. Text matches are case-insensitive; a number equals a
    /// property whose text reads as the same number (5 = "5" = 5.0).
    /// </summary>
    public string ToSql(SqlParameters parameters, string alias = "e")
    {
        var text = AnalyticsSql.Property(parameters.Add(AnalyticsSql.PropertyPath(Property)), alias);
        return (Operator, Value) switch
        {
            (FilterOperator.IsSet, _) => $"{text} IS NOT NULL",
            (FilterOperator.IsNotSet, _) => $"{text} IS NULL",
            (FilterOperator.GreaterThan, double n) => $"{AnalyticsSql.Number(text)} > {parameters.Add(n)}",
            (FilterOperator.LessThan, double n) => $"{AnalyticsSql.Number(text)} < {parameters.Add(n)}",
            (FilterOperator.Equals, double n) => $"{AnalyticsSql.Number(text)} = {parameters.Add(n)}",
            (FilterOperator.NotEquals, double n) => $"({text} IS NULL OR {AnalyticsSql.Number(text)} IS DISTINCT FROM {parameters.Add(n)})",
            (FilterOperator.Equals, string s) => $"{text} = {parameters.Add(s)}",
            (FilterOperator.NotEquals, string s) => $"({text} IS NULL OR {text} <> {parameters.Add(s)})",
            (FilterOperator.Contains, _) => $"lower({text}) LIKE {parameters.Add(ContainsPattern(Value))} ESCAPE '\\'",
            (FilterOperator.NotContains, _) => $"({text} IS NULL OR lower({text}) NOT LIKE {parameters.Add(ContainsPattern(Value))} ESCAPE '\\')",
            _ => throw new InvalidOperationException($"No SQL for {Operator} with {Value}."),
        };
    }

    /// <summary>All the filters as one condition ("TRUE" for none), to AND into a WHERE clause.</summary>
    public static string AllToSql(IReadOnlyList<PropertyFilter> filters, SqlParameters parameters, string alias = "e") =>
        filters.Count == 0 ? "TRUE" : string.Join(" AND ", filters.Select(f => $"({f.ToSql(parameters, alias)})"));

    private static string ContainsPattern(object? value)
    {
        var term = value switch
        {
            double n => n.ToString(CultureInfo.InvariantCulture),
            _ => (string)value!,
        };
        return "%" + term.ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
    }
}
