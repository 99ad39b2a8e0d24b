namespace Hindsight.Server.Analytics.Queries;

/// <summary>
/// The SQL fragments every analytics query shares, and the only place where the embedded engine (DuckDB)
/// and PostgreSQL differ in them. The rest of the queries are written in the dialect both speak: CTEs,
/// window functions, GROUPING SETS, <c>percentile_cont … WITHIN GROUP</c>, <c>%</c> for buckets (never
/// <c>/</c> on integers: DuckDB answers a fraction, PostgreSQL an integer).
/// </summary>
public static class AnalyticsSql
{
    /// <summary>
    /// The events of a project, each with its person: <c>e</c> the event, <c>i</c> its identity link.
    /// Follow with <c>WHERE e.project_id = …</c>.
    /// </summary>
    public const string EventsWithPeople =
        "events e LEFT JOIN identities i ON i.project_id = e.project_id AND i.anon_id = e.distinct_id";

    /// <summary>
    /// Who did an event: the distinct id an anonymous id was linked to by $identify / $create_alias, else the
    /// event's own id, so a visit before sign-in and the visits after it count as one person. One link
    /// forward, as People/IdentityResolution.cs follows them in the relational store.
    /// </summary>
    public const string Person = "COALESCE(i.distinct_id, e.distinct_id)";

    /// <summary>
    /// A property of the event as text (numbers as written, booleans as true/false; null when absent or
    /// JSON null), the property's name bound as a parameter (<see cref="PropertyPath"/>).
    /// </summary>
    /// The parentheses keep <c>->></c> from binding to what follows it (DuckDB gives it a low precedence),
    /// and the cast picks the by-name overload over the by-index one.
    public static string Property(string pathPlaceholder, string alias = "e") => $"({alias}.properties->>CAST({pathPlaceholder} AS VARCHAR))";

    /// <summary>
    /// The value to bind for a property's name in <see cref="Property"/>. DuckDB reads a key that starts
    /// with <c>$</c> or <c>/</c> as a JSON path or pointer (and Mixpanel's automatic properties all start
    /// with <c>$</c>), so the name is always given as a quoted JSON path, which takes any key as it is.
    /// PostgreSQL's <c>->></c> takes the bare key: a PostgreSQL backend binds <paramref name="name"/> itself.
    /// </summary>
    public static string PropertyPath(string name) => "$.\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>
    /// Text as a number, null when it is not one. DuckDB's TRY_CAST; PostgreSQL has none, and writes it as
    /// <c>CASE WHEN x ~ '^-?[0-9.eE+-]+$' THEN x::float8 END</c>.
    /// </summary>
    public static string Number(string text) => $"TRY_CAST({text} AS DOUBLE)";

    /// <summary>
    /// Whether text matches a regular expression as a whole (RE2 syntax in DuckDB); PostgreSQL writes it as
    /// <c>text ~ ('^(?:' || regex || ')$')</c>. Null text matches nothing.
    /// </summary>
    public static string FullMatch(string text, string regexPlaceholder) => $"COALESCE(regexp_full_match({text}, {regexPlaceholder}), FALSE)";
}
