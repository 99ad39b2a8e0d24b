using Dapper;

namespace Hindsight.Server.Analytics.Queries;

/// <summary>
/// The parameters of one analytics statement being built: each value the user gave gets a fresh name, and
/// only that name (<c>$p0</c>, <c>$p1</c>…) reaches the SQL text, so no user text is ever part of the SQL.
/// </summary>
public sealed class SqlParameters
{
    private int next;

    public DynamicParameters Values { get; } = new();

    /// <summary>Adds a value and returns its placeholder, ready to write into the SQL.</summary>
    public string Add(object? value)
    {
        var name = $"p{next++}";
        Values.Add(name, value);
        return "$" + name;
    }

    /// <summary>
    /// Adds a list for <c>IN</c> and returns its placeholder. Dapper expands a list <c>$x</c> into
    /// <c>$x1, $x2…</c>, which for <c>$p1</c> would collide with <c>$p11</c>: lists get names of their own.
    /// </summary>
    public string AddList<T>(IReadOnlyCollection<T> values)
    {
        var name = $"list{next++}_";
        Values.Add(name, values);
        return "$" + name;
    }

    /// <summary>Adds a value under a fixed name (the statement's own: project, range) and returns its placeholder.</summary>
    public string Named(string name, object? value)
    {
        Values.Add(name, value);
        return "$" + name;
    }
}
