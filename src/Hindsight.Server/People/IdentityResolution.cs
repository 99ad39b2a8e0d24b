using System.Data.Common;
using Dapper;

namespace Hindsight.Server.People;

/// <summary>
/// Which ids are one person: the one place that says how identity links (`identities`, from $identify and
/// $create_alias) and profiles (`people`) join ids together, for the replay feed's search and, later,
/// profiles, stitching and deletion.
/// <para>
/// Depth: from the ids it starts with, one step forward (an anonymous id or alias to the distinct id it
/// was linked to) and then one step back (every id linked to one of those). So an anonymous id finds its
/// user id and that user's other anonymous ids and aliases; a link of a link (A → B → C: A aliased to B,
/// B linked to C) is followed only as far as B from A, and as far as B from C.
/// </para>
/// </summary>
public static class IdentityResolution
{
    /// <summary>
    /// A WITH clause ending in the CTE <c>person_ids(id)</c>: every id of the person, or people, that
    /// <paramref name="seed"/> names. <paramref name="seed"/> is a SELECT of one column of ids (it may use
    /// query parameters); <paramref name="projectId"/> names the parameter holding the project. Follow it
    /// with the query that uses <c>person_ids</c>; add further CTEs after it with a comma.
    /// </summary>
    public static string Cte(string seed, string projectId = "@projectId") => $"""
        WITH seed_ids(id) AS (
            {seed}
        ),
        linked_ids(id) AS (
            SELECT id FROM seed_ids
            UNION SELECT i.distinct_id FROM identities i JOIN seed_ids s ON i.anon_id = s.id WHERE i.project_id = {projectId}
        ),
        person_ids(id) AS (
            SELECT id FROM linked_ids
            UNION SELECT i.anon_id FROM identities i JOIN linked_ids l ON i.distinct_id = l.id WHERE i.project_id = {projectId}
        )
        """;

    /// <summary>
    /// The seed of a search: the term itself as an id, and the distinct id of every profile whose name or
    /// email contains it (<paramref name="like"/> holds <see cref="ContainsPattern"/> of the term).
    /// </summary>
    public static string SearchSeed(string search = "@search", string like = "@like", string projectId = "@projectId") => $"""
        SELECT {search}
        UNION SELECT distinct_id FROM people WHERE project_id = {projectId} AND search_text LIKE {like} ESCAPE '\'
        """;

    /// <summary>A LIKE pattern for "contains", lower-cased as people.search_text is, with LIKE's wildcards escaped.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";

    /// <summary>Every id of the person (or people) the given ids belong to, the given ones included.</summary>
    public static async Task<IReadOnlySet<string>> ResolveAsync(
        DbConnection connection, long projectId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return new HashSet<string>();
        var parameters = new DynamicParameters(new { projectId });
        var seed = string.Join(" UNION ", ids.Select((id, i) =>
        {
            parameters.Add($"id{i}", id);
            return $"SELECT @id{i}";
        }));
        var resolved = await connection.QueryAsync<string>(new CommandDefinition(
            Cte(seed) + "SELECT id FROM person_ids", parameters, cancellationToken: ct));
        return resolved.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every id of the people a search term names (<see cref="SearchSeed"/>), the term included.</summary>
    public static async Task<IReadOnlySet<string>> SearchAsync(DbConnection connection, long projectId, string term, CancellationToken ct)
    {
        var resolved = await connection.QueryAsync<string>(new CommandDefinition(
            Cte(SearchSeed()) + "SELECT id FROM person_ids", new { projectId, search = term, like = ContainsPattern(term) }, cancellationToken: ct));
        return resolved.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The distinct id each of the given ids was linked to, for those that were: one link forward, where a
    /// profile is looked for when the id itself has none.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> LinkedIdsAsync(
        DbConnection connection, long projectId, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await connection.QueryAsync<(string AnonId, string DistinctId)>(new CommandDefinition(
            "SELECT anon_id, distinct_id FROM identities WHERE project_id = @projectId AND anon_id IN @ids",
            new { projectId, ids }, cancellationToken: ct))).ToDictionary(l => l.AnonId, l => l.DistinctId);
}
