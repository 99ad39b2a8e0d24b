namespace Hindsight.Server.Analytics.Store;

/// <summary>The analytics store's schema, one numbered step per entry; never edit an applied step, add one.</summary>
public static class AnalyticsMigrations
{
    public static readonly IReadOnlyList<string> All =
    [
        // 1: events and the identity links queries join them through.
        """
        CREATE TABLE events (
            project_id  BIGINT  NOT NULL,
            insert_id   VARCHAR NOT NULL,  -- $insert_id, or a hash of the item (Ingest/Track/TrackedEvent.cs)
            name        VARCHAR NOT NULL,
            distinct_id VARCHAR,
            time        BIGINT  NOT NULL,  -- milliseconds since the epoch, as the event says it happened
            replay_id   VARCHAR,           -- the explicit $mp_replay_id; stitched replays are found at query time
            properties  JSON    NOT NULL,
            received_at BIGINT  NOT NULL,
            PRIMARY KEY (project_id, insert_id)
        );

        -- A copy of the relational store's `identities` (the system of record the replay feed reads), so
        -- an analytics query can count a person's anonymous and identified events as one person in SQL.
        CREATE TABLE identities (
            project_id  BIGINT  NOT NULL,
            anon_id     VARCHAR NOT NULL,
            distinct_id VARCHAR NOT NULL,
            created_at  BIGINT  NOT NULL,
            PRIMARY KEY (project_id, anon_id)
        );
        """,
    ];
}
