using Dapper;
using Hindsight.Server.Analytics.Stitching;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class ReplayFinderTests
{
    private const long Minute = 60_000;

    private static Task ReplayAsync(TemporarySqlite db, string replayId, string distinctId, long startedAt, long lastEventAt, string? deviceId = null) =>
        db.Connection.ExecuteAsync("""
            INSERT INTO replays (project_id, replay_id, distinct_id, device_id, started_at, last_event_at, duration_ms, created_at, updated_at)
            VALUES (1, @replayId, @distinctId, @deviceId, @startedAt, @lastEventAt, @lastEventAt - @startedAt, 0, 0)
            """, new { replayId, distinctId, deviceId, startedAt, lastEventAt });

    private static Task LinkAsync(TemporarySqlite db, string anonId, string distinctId) =>
        db.Connection.ExecuteAsync(
            "INSERT INTO identities (project_id, anon_id, distinct_id, created_at) VALUES (1, @anonId, @distinctId, 0)",
            new { anonId, distinctId });

    [Fact]
    public async Task A_moment_belongs_to_the_replay_of_the_same_person_whose_span_holds_it_and_the_offset_is_from_its_start()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await ReplayAsync(db, "morning", "user-1", 10 * Minute, 20 * Minute);
        await ReplayAsync(db, "evening", "user-1", 100 * Minute, 110 * Minute);
        await ReplayAsync(db, "someone-else", "user-2", 10 * Minute, 20 * Minute);

        var hits = await ReplayFinder.FindAsync(db.Connection, 1, [
            new("user-1", 15 * Minute), new("user-1", 105 * Minute), new("user-1", 50 * Minute), new("user-3", 15 * Minute),
        ], CancellationToken.None);

        Assert.Equal(new ReplayHit("morning", 10 * Minute, 10 * Minute, 5 * Minute), hits[0]);
        Assert.Equal("evening", hits[1]?.ReplayId);
        Assert.Null(hits[2]); // between the two visits
        Assert.Null(hits[3]); // nobody's replay
    }

    [Fact]
    public async Task The_margin_keeps_a_page_view_sent_just_before_the_first_snapshot_and_no_more()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await ReplayAsync(db, "visit", "user-1", 10 * Minute, 20 * Minute);
        var margin = (long)ReplayFinder.Margin.TotalMilliseconds;

        var hits = await ReplayFinder.FindAsync(db.Connection, 1, [
            new("user-1", 10 * Minute - margin), new("user-1", 10 * Minute - margin - 1), new("user-1", 20 * Minute + margin),
        ], CancellationToken.None);

        Assert.Equal(0, hits[0]?.OffsetMs); // clamped to the replay's start
        Assert.Null(hits[1]);
        Assert.Equal(10 * Minute, hits[2]?.OffsetMs); // clamped to its end
    }

    [Fact]
    public async Task A_replay_recorded_before_identify_is_found_from_the_user_id_and_the_other_way_round()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await ReplayAsync(db, "anonymous-visit", "$device:phone", 10 * Minute, 20 * Minute, deviceId: "$device:phone");
        await ReplayAsync(db, "signed-in-visit", "user-1", 30 * Minute, 40 * Minute, deviceId: "$device:laptop");
        await LinkAsync(db, "$device:phone", "user-1");

        var hits = await ReplayFinder.FindAsync(db.Connection, 1, [
            new("user-1", 12 * Minute), new("$device:phone", 35 * Minute), new("$device:laptop", 35 * Minute),
        ], CancellationToken.None);

        Assert.Equal("anonymous-visit", hits[0]?.ReplayId);
        Assert.Equal("signed-in-visit", hits[1]?.ReplayId);
        Assert.Equal("signed-in-visit", hits[2]?.ReplayId); // by the replay's device id
    }

    [Fact]
    public async Task Of_two_replays_the_one_holding_the_moment_wins_over_one_that_only_holds_it_within_the_margin()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await ReplayAsync(db, "first-tab", "user-1", 10 * Minute, 20 * Minute);
        await ReplayAsync(db, "second-tab", "user-1", 20 * Minute + 10_000, 30 * Minute);

        var hits = await ReplayFinder.FindAsync(db.Connection, 1, [new("user-1", 20 * Minute + 20_000)], CancellationToken.None);

        Assert.Equal("second-tab", hits[0]?.ReplayId);
    }

    [Fact]
    public async Task A_lookup_of_too_many_moments_is_refused_before_any_query()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        var moments = Enumerable.Range(0, ReplayFinder.MaxMoments + 1).Select(i => new PersonMoment("u", i)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => ReplayFinder.FindAsync(db.Connection, 1, moments, CancellationToken.None));
    }
}

public sealed class ReplayMomentsTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task An_event_naming_a_stored_replay_opens_it_an_unnamed_one_is_stitched_and_one_outside_every_replay_has_none()
    {
        await using var db = await TemporarySqlite.CreateAsync();
        await db.Connection.ExecuteAsync("""
            INSERT INTO replays (project_id, replay_id, distinct_id, started_at, last_event_at, duration_ms, created_at, updated_at) VALUES
                (1, 'named', 'user-1', 0, 10 * 60000, 10 * 60000, 0, 0),
                (1, 'other', 'user-1', 100 * 60000, 110 * 60000, 10 * 60000, 0, 0)
            """);

        var moments = await ReplayMoments.ResolveAsync(db.Connection, 1, [
            new("a", "Checkout", "user-1", 2 * Minute, "named"),
            new("b", "Checkout", "user-1", 105 * Minute, null),
            new("c", "Checkout", "user-1", 50 * Minute, null),
            new("d", "Checkout", "user-1", 105 * Minute, "never-stored"),
        ], CancellationToken.None);

        Assert.Equal(new MomentReplay("named", 0, 10 * Minute, 2 * Minute, Stitched: false), moments[0].Replay);
        Assert.Equal(new MomentReplay("other", 100 * Minute, 10 * Minute, 5 * Minute, Stitched: true), moments[1].Replay);
        Assert.Null(moments[2].Replay);
        Assert.Equal("other", moments[3].Replay?.ReplayId);
    }
}
