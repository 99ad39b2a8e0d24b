using System.Data.Common;
using System.Text.Json;
using Dapper;
using Hindsight.Server.Analytics.Queries;
using Hindsight.Server.Storage;

namespace Hindsight.Server.People;

/// <summary>
/// Reads people for the dashboard: the list (from the relational store's <c>people</c> rows, one per
/// person: ids linked to another one are folded into it) and one person's profile with every id linked to them.
/// </summary>
public sealed class PeopleStore(IDatabase database, AnalyticsQueryRunner analytics)
{
    private sealed class ListRow
    {
        public string DistinctId { get; set; } = "";
        public string? Name { get; set; }
        public string? Email { get; set; }
        public long? FirstSeen { get; set; }
        public long? LastSeen { get; set; }
        public object SortKey { get; set; } = "";
    }

    /// <summary>
    /// A page in the query's order; the search matches, case-insensitively and anywhere in the text, a name,
    /// an email, any profile property's value, a distinct id, or any id linked to the person.
    /// </summary>
    public async Task<PeoplePage> ListAsync(long projectId, PeopleQuery query, CancellationToken ct)
    {
        var key = PeopleQuery.KeySql(query.Sort);
        var (direction, compare) = query.Descending ? ("DESC", "<") : ("ASC", ">");
        var sql = $"""
            {(query.Search is null ? "" : $"WITH {SearchMatches}")}
            SELECT p.distinct_id, p.name, p.email, p.first_seen, p.last_seen, {key} AS sort_key
            FROM people p
            WHERE p.project_id = @projectId
              AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.project_id = p.project_id AND i.anon_id = p.distinct_id)
              {(query.Search is null ? "" : "AND p.distinct_id IN (SELECT id FROM matches)")}
              {(query.Cursor is null ? "" : $"AND ({key} {compare} @cursorKey OR ({key} = @cursorKey AND p.distinct_id {compare} @cursorId))")}
            ORDER BY {key} {direction}, p.distinct_id {direction}
            LIMIT @limit
            """;
        await using var connection = await database.OpenAsync(ct);
        // One row more than asked for tells whether another page exists.
        var rows = (await connection.QueryAsync<ListRow>(new CommandDefinition(sql, new
        {
            projectId, like = query.Search is null ? null : IdentityResolution.ContainsPattern(query.Search),
            cursorKey = query.Cursor?.KeyValue, cursorId = query.Cursor?.DistinctId, limit = query.Limit + 1,
        }, cancellationToken: ct))).ToList();

        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit
            ? new PeopleCursor(query.Sort, query.Descending, JsonSerializer.SerializeToElement(page[^1].SortKey), page[^1].DistinctId).Encode()
            : null;
        return new PeoplePage(page.Select(r => new PersonListItem(r.DistinctId, r.Name, r.Email, r.FirstSeen, r.LastSeen)).ToList(), next);
    }

    /// <summary>
    /// The people a search names, each as the id the list shows (an id linked to another stands for that
    /// other): profiles whose name, email, property values or distinct id contain the term, and ids linked
    /// to a person that contain it. Ids are matched without lower(): SQLite's LIKE ignores ASCII case already,
    /// and lower() on two columns of every row cost a third of the search (measured on 100,000 people); a
    /// PostgreSQL backend writes ILIKE there. The unary + on project_id keeps SQLite from reaching the rows
    /// through an index on project_id (people_by_email, identities_by_distinct_id: one lookup per row, in the
    /// index's order) when every row is read anyway: a plain scan made the search 5 to 8 times faster on
    /// 100,000 people (bench item 13). PostgreSQL reads +x as x.
    /// </summary>
    private const string SearchMatches = """
        matches(id) AS (
            SELECT COALESCE(i.distinct_id, m.distinct_id) FROM people m
            LEFT JOIN identities i ON i.project_id = m.project_id AND i.anon_id = m.distinct_id
            WHERE +m.project_id = @projectId
              AND (m.search_text LIKE @like ESCAPE '\' OR m.property_text LIKE @like ESCAPE '\' OR m.distinct_id LIKE @like ESCAPE '\')
            UNION
            SELECT i.distinct_id FROM identities i WHERE +i.project_id = @projectId AND i.anon_id LIKE @like ESCAPE '\'
        )
        """;

    /// <summary>
    /// The person an id belongs to: the id it was linked to (else itself) names them; null when no id of
    /// theirs has a profile row nor any tracked event.
    /// </summary>
    public async Task<PersonProfile?> FindAsync(long projectId, string distinctId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var (canonical, ids) = await PersonIdsAsync(connection, projectId, distinctId, ct);
        var rows = (await connection.QueryAsync<(string DistinctId, string? Name, string? Email, string Properties, long? FirstSeen, long? LastSeen)>(
            new CommandDefinition("""
                SELECT distinct_id, name, email, properties, first_seen, last_seen FROM people
                WHERE project_id = @projectId AND distinct_id IN @ids
                """, new { projectId, ids }, cancellationToken: ct))).ToList();

        // The events say when the person was first and last seen, whatever the list's columns hold yet.
        var seen = await analytics.RunAsync((events, token) => events.QuerySingleAsync<(long? First, long? Last)>(new CommandDefinition(
            "SELECT min(time), max(time) FROM events WHERE project_id = $projectId AND distinct_id IN $ids",
            new { projectId, ids }, cancellationToken: token)), ct);
        if (rows.Count == 0 && seen.First is null) return null;

        // The person's own profile first, then those of their other ids.
        var ordered = rows.OrderBy(r => r.DistinctId == canonical ? 0 : 1).ThenBy(r => r.DistinctId, StringComparer.Ordinal).ToList();
        var own = ordered.FirstOrDefault(r => r.DistinctId == canonical);
        using var properties = JsonDocument.Parse(own.Properties ?? "{}");
        return new PersonProfile(canonical,
            ordered.Select(r => r.Name).FirstOrDefault(n => n is not null),
            ordered.Select(r => r.Email).FirstOrDefault(e => e is not null),
            properties.RootElement.Clone(),
            seen.First ?? ordered.Min(r => r.FirstSeen), seen.Last ?? ordered.Max(r => r.LastSeen),
            ids);
    }

    /// <summary>The id that names the person (the one <paramref name="distinctId"/> was linked to, else itself) and every id of theirs, sorted.</summary>
    public static async Task<(string Canonical, IReadOnlyList<string> Ids)> PersonIdsAsync(
        DbConnection connection, long projectId, string distinctId, CancellationToken ct)
    {
        var links = await IdentityResolution.LinkedIdsAsync(connection, projectId, [distinctId], ct);
        var canonical = links.GetValueOrDefault(distinctId) ?? distinctId;
        var ids = await IdentityResolution.ResolveAsync(connection, projectId, [distinctId], ct);
        return (canonical, ids.Order(StringComparer.Ordinal).ToList());
    }
}
