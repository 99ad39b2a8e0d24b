using Dapper;
using Hindsight.Server.People;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class IdentityResolutionTests
{
    private static Task LinkAsync(TemporarySqlite db, string anonId, string distinctId) =>
        db.Connection.ExecuteAsync(
            "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (1, @anonId, @distinctId, 0)",
            new { anonId, distinctId });

    [Fact]
    public async Task An_anonymous_id_and_the_user_id_it_became_resolve_to_each_other_and_to_the_users_other_devices()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await LinkAsync(db, "$device:phone", "user-1");
        await LinkAsync(db, "$device:laptop", "user-1");
        await LinkAsync(db, "$device:stranger", "user-2");

        var fromPhone = await IdentityResolution.ResolveAsync(db.Connection, 1, ["$device:phone"], CancellationToken.None);
        var fromUser = await IdentityResolution.ResolveAsync(db.Connection, 1, ["user-1"], CancellationToken.None);

        Assert.Equal(["$device:laptop", "$device:phone", "user-1"], fromPhone.Order());
        Assert.Equal(["$device:laptop", "$device:phone", "user-1"], fromUser.Order());
    }

    [Fact]
    public async Task A_link_of_a_link_is_followed_one_step_each_way_and_no_further()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await LinkAsync(db, "$device:a", "alias-b"); // identify() as alias-b…
        await LinkAsync(db, "alias-b", "user-c");    // …which was later aliased to user-c

        var fromA = await IdentityResolution.ResolveAsync(db.Connection, 1, ["$device:a"], CancellationToken.None);
        var fromC = await IdentityResolution.ResolveAsync(db.Connection, 1, ["user-c"], CancellationToken.None);
        var fromB = await IdentityResolution.ResolveAsync(db.Connection, 1, ["alias-b"], CancellationToken.None);

        Assert.Equal(["$device:a", "alias-b"], fromA.Order());
        Assert.Equal(["alias-b", "user-c"], fromC.Order());
        Assert.Equal(["$device:a", "alias-b", "user-c"], fromB.Order());
    }

    [Fact]
    public async Task Links_of_another_project_are_not_followed()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await db.Connection.ExecuteAsync("INSERT INTO projects (id, name, token, created_at) VALUES (2, 'q', 'u', 0)");
        await db.Connection.ExecuteAsync(
            "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (2, '$device:x', 'user-x', 0)");

        var ids = await IdentityResolution.ResolveAsync(db.Connection, 1, ["$device:x"], CancellationToken.None);

        Assert.Equal(["$device:x"], ids);
    }

    [Fact]
    public async Task A_search_finds_the_profiles_whose_name_or_email_contains_it_and_their_linked_ids()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await db.Connection.ExecuteAsync("""
            INSERT INTO people (project_id, distinct_id, name, email, search_text, created_at, updated_at) VALUES
                (1, 'user-ada', 'Ada Lovelace', 'ada@example.com', 'ada lovelace ada@example.com', 0, 0),
                (1, 'user-bob', 'Bob', 'bob@example.com', 'bob bob@example.com', 0, 0)
            """);
        await LinkAsync(db, "$device:ada", "user-ada");

        var byName = await IdentityResolution.SearchAsync(db.Connection, 1, "LOVELACE", CancellationToken.None);
        var byEmail = await IdentityResolution.SearchAsync(db.Connection, 1, "bob@", CancellationToken.None);
        var wildcard = await IdentityResolution.SearchAsync(db.Connection, 1, "%", CancellationToken.None);

        Assert.Equal(["$device:ada", "LOVELACE", "user-ada"], byName.Order(StringComparer.Ordinal));
        Assert.Equal(["bob@", "user-bob"], byEmail.Order(StringComparer.Ordinal));
        Assert.Equal(["%"], wildcard);
    }

    [Fact]
    public async Task The_resolution_composes_into_another_query_as_a_with_clause()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await LinkAsync(db, "$device:phone", "user-1");

        var count = await db.Connection.ExecuteScalarAsync<long>(
            IdentityResolution.Cte("SELECT @who", projectId: "@project") + "SELECT COUNT(*) FROM person_ids",
            new { who = "user-1", project = 1 });

        Assert.Equal(2, count);
    }
}
