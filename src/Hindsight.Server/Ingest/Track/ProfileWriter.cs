using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Hindsight.Server.Storage;

namespace Hindsight.Server.Ingest.Track;

/// <summary>Applies /engage and /groups updates to stored profiles, all or nothing.</summary>
public sealed class ProfileWriter(IDatabase database, TimeProvider clock)
{
    public async Task SaveAsync(IReadOnlyList<(long ProjectId, ProfileUpdate Update)> updates, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        // Read-modify-write: each profile's properties are read, changed here, then written back.
        await using var transaction = await database.BeginWriteAsync(connection,
            updates.Select(u => LockKeys.Profile(u.ProjectId, u.Update.GroupKey, u.Update.Id)).Distinct(), ct);
        foreach (var (projectId, update) in updates)
        {
            var key = new { projectId, update.Id, update.GroupKey };
            var stored = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                update.GroupKey is null
                    ? "SELECT properties FROM people WHERE project_id = @projectId AND distinct_id = @Id"
                    : "SELECT properties FROM group_profiles WHERE project_id = @projectId AND group_key = @GroupKey AND group_id = @Id",
                key, transaction, cancellationToken: ct));

            var properties = (stored is null ? null : JsonNode.Parse(stored) as JsonObject) ?? [];
            var keep = ProfileOperations.Apply(properties, update.Ops);
            var sql = (keep, update.GroupKey is null) switch
            {
                (false, true) => "DELETE FROM people WHERE project_id = @projectId AND distinct_id = @Id",
                (false, false) => "DELETE FROM group_profiles WHERE project_id = @projectId AND group_key = @GroupKey AND group_id = @Id",
                (true, true) => UpsertPerson,
                (true, false) => UpsertGroup,
            };
            var name = ProfileOperations.DisplayName(properties);
            var email = ProfileOperations.Email(properties);
            await connection.ExecuteAsync(new CommandDefinition(sql, new
            {
                projectId, update.Id, update.GroupKey, Properties = properties.ToJsonString(StoredJson), name, email,
                searchText = $"{name}\n{email}".ToLowerInvariant(), propertyText = People.ProfileText.Of(properties), now,
            }, transaction, cancellationToken: ct));
        }
        await transaction.CommitAsync(ct);
    }

    // Keeps non-ASCII text readable in the database instead of \u escapes.
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string UpsertPerson = """
        INSERT INTO people (project_id, distinct_id, properties, name, email, search_text, property_text, created_at, updated_at)
        VALUES (@projectId, @Id, @Properties, @name, @email, @searchText, @propertyText, @now, @now)
        ON CONFLICT (project_id, distinct_id) DO UPDATE SET
            properties = excluded.properties, name = excluded.name, email = excluded.email,
            search_text = excluded.search_text, property_text = excluded.property_text, updated_at = excluded.updated_at
        """;

    private const string UpsertGroup = """
        INSERT INTO group_profiles (project_id, group_key, group_id, properties, created_at, updated_at)
        VALUES (@projectId, @GroupKey, @Id, @Properties, @now, @now)
        ON CONFLICT (project_id, group_key, group_id) DO UPDATE SET
            properties = excluded.properties, updated_at = excluded.updated_at
        """;
}
