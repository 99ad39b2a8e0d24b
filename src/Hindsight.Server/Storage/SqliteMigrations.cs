namespace Hindsight.Server.Storage;

public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The schema, as numbered migrations in SQLite's dialect. Never edit an applied migration: add the next
/// number. A PostgreSQL backend keeps its own list with the same numbers and the same tables.
/// Times and durations are INTEGER milliseconds since the Unix epoch; JSON is TEXT.
/// Migration 1's <c>events</c> table is gone once a start has run: its rows moved to the analytics store
/// (Analytics/Store/RelationalEventsMove.cs), which holds every tracked event since.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "initial schema", """
            CREATE TABLE projects (
                id         INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                token      TEXT    NOT NULL UNIQUE,
                settings   TEXT    NOT NULL DEFAULT '{"sdkConfig":{}}',
                created_at INTEGER NOT NULL
            );

            CREATE TABLE users (
                id            INTEGER PRIMARY KEY,
                email         TEXT    NOT NULL UNIQUE, -- lower-cased on the way in
                name          TEXT,
                password_hash TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            );

            CREATE TABLE memberships (
                user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                role       TEXT    NOT NULL CHECK (role IN ('admin', 'architect', 'analyst', 'viewer')),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, project_id)
            );
            CREATE INDEX memberships_by_project ON memberships (project_id);

            -- Server-side sessions: the cookie only names a row, so logging out really ends the session.
            CREATE TABLE sessions (
                id         TEXT    PRIMARY KEY,
                user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                ticket     BLOB    NOT NULL,
                expires_at INTEGER,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX sessions_by_user ON sessions (user_id);

            CREATE TABLE replays (
                project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                replay_id      TEXT    NOT NULL,
                distinct_id    TEXT,
                device_id      TEXT,
                user_id        TEXT,
                started_at     INTEGER NOT NULL,
                last_event_at  INTEGER NOT NULL,
                duration_ms    INTEGER NOT NULL,
                start_url      TEXT,
                urls           TEXT    NOT NULL DEFAULT '[]',
                event_count    INTEGER NOT NULL DEFAULT 0,
                click_count    INTEGER NOT NULL DEFAULT 0,
                keypress_count INTEGER NOT NULL DEFAULT 0,
                bytes          INTEGER NOT NULL DEFAULT 0,
                chunk_count    INTEGER NOT NULL DEFAULT 0,
                browser        TEXT,
                os             TEXT,
                device         TEXT,
                created_at     INTEGER NOT NULL,
                updated_at     INTEGER NOT NULL,
                PRIMARY KEY (project_id, replay_id)
            );
            CREATE INDEX replays_feed ON replays (project_id, started_at DESC, replay_id DESC);
            CREATE INDEX replays_by_distinct_id ON replays (project_id, distinct_id);
            CREATE INDEX replays_by_user_id ON replays (project_id, user_id);
            CREATE INDEX replays_by_device_id ON replays (project_id, device_id);

            CREATE TABLE replay_chunks (
                project_id     INTEGER NOT NULL,
                replay_id      TEXT    NOT NULL,
                seq            INTEGER NOT NULL,
                blob_key       TEXT    NOT NULL,
                sha256         TEXT    NOT NULL, -- of the stored bytes; the chunk's ETag
                first_ts       INTEGER NOT NULL,
                last_ts        INTEGER NOT NULL,
                event_count    INTEGER NOT NULL,
                click_count    INTEGER NOT NULL,
                keypress_count INTEGER NOT NULL,
                bytes          INTEGER NOT NULL,
                urls           TEXT    NOT NULL DEFAULT '[]',
                received_at    INTEGER NOT NULL,
                PRIMARY KEY (project_id, replay_id, seq),
                FOREIGN KEY (project_id, replay_id) REFERENCES replays (project_id, replay_id) ON DELETE CASCADE
            );

            CREATE TABLE events (
                id          INTEGER PRIMARY KEY,
                project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                insert_id   TEXT    NOT NULL,
                name        TEXT    NOT NULL,
                distinct_id TEXT,
                time        INTEGER NOT NULL,
                replay_id   TEXT,
                properties  TEXT    NOT NULL,
                received_at INTEGER NOT NULL,
                UNIQUE (project_id, insert_id)
            );
            CREATE INDEX events_by_time ON events (project_id, time);
            CREATE INDEX events_by_distinct_id ON events (project_id, distinct_id, time);
            CREATE INDEX events_by_replay ON events (project_id, replay_id);

            CREATE TABLE people (
                project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                distinct_id TEXT    NOT NULL,
                properties  TEXT    NOT NULL DEFAULT '{}',
                name        TEXT,
                email       TEXT,
                search_text TEXT    NOT NULL DEFAULT '', -- lower-cased name and email, for the feed's search
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (project_id, distinct_id)
            );

            -- Links an anonymous id or alias to the distinct id it became ($identify, $create_alias).
            CREATE TABLE identities (
                project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                anon_id     TEXT    NOT NULL,
                distinct_id TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                PRIMARY KEY (project_id, anon_id)
            );
            CREATE INDEX identities_by_distinct_id ON identities (project_id, distinct_id);

            CREATE TABLE group_profiles (
                project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                group_key  TEXT    NOT NULL,
                group_id   TEXT    NOT NULL,
                properties TEXT    NOT NULL DEFAULT '{}',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (project_id, group_key, group_id)
            );
            """),
        new(2, "replay settings as keys of their own", """
            -- Replay settings are camelCase keys of the settings object now (Projects/ReplaySettings.cs).
            UPDATE projects SET settings = json_remove(settings, '$.sdkConfig') WHERE json_valid(settings);
            """),
        new(3, "dropped-data counters", """
            -- What the SDK reports it had to drop, per replay (POST /record/dropped). No foreign key to
            -- replays: a replay may lose its first batches before any of them is stored.
            CREATE TABLE replay_drops (
                project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                replay_id  TEXT    NOT NULL,
                batches    INTEGER NOT NULL DEFAULT 0,
                events     INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (project_id, replay_id)
            );
            """),
        new(4, "chunk rows name their blob's locator", """
            -- The column has always held the blob store's locator (IBlobStore), which is the key only for
            -- a store that keeps one object per key.
            ALTER TABLE replay_chunks RENAME COLUMN blob_key TO blob_locator;
            """),
        new(5, "blobs waiting to be freed", """
            -- Blobs no row points to any more, freed from due_at on (Storage/BlobFrees.cs); written in the
            -- transaction that stopped pointing to them, so a restart still frees them.
            CREATE TABLE blob_frees (
                blob_locator TEXT    PRIMARY KEY,
                due_at       INTEGER NOT NULL
            );
            CREATE INDEX blob_frees_by_due_at ON blob_frees (due_at);
            """),
        new(6, "mixpanel-browser's browser and system names", """
            -- Replays name browsers and systems as mixpanel-browser does now (types/src/index.ts,
            -- BROWSER_NAMES and OS_NAMES). Browsers on iOS first, while their os still says 'iOS'.
            UPDATE replays SET browser = 'Mobile Safari' WHERE os = 'iOS' AND browser IN ('Safari', 'Edge', 'Opera');
            UPDATE replays SET browser = 'Chrome iOS' WHERE os = 'iOS' AND browser = 'Chrome';
            UPDATE replays SET browser = 'Firefox iOS' WHERE os = 'iOS' AND browser = 'Firefox';
            UPDATE replays SET browser = 'Chrome' WHERE os = 'Android' AND browser = 'Edge';
            UPDATE replays SET browser = 'Microsoft Edge' WHERE browser = 'Edge';
            UPDATE replays SET os = 'Mac OS X' WHERE os = 'macOS';
            UPDATE replays SET os = 'Chrome OS' WHERE os = 'ChromeOS';
            """),
        new(7, "people's first and last seen, profile property text, event descriptions", """
            -- Each person's first and last event (People/PersonActivity.cs), on their row so the people list
            -- sorts by them with an index. A person seen in events but never sent a profile gets a row with
            -- no properties. NULL: never seen in an event.
            ALTER TABLE people ADD COLUMN first_seen INTEGER;
            ALTER TABLE people ADD COLUMN last_seen INTEGER;
            -- Lower-cased values of every profile property, one a line: the people search looks in them.
            ALTER TABLE people ADD COLUMN property_text TEXT NOT NULL DEFAULT '';
            UPDATE people SET property_text = COALESCE((SELECT lower(group_concat(value, char(10))) FROM json_each(people.properties)), '')
            WHERE json_valid(properties);

            -- The activity of the events stored so far, on the person each event's id belongs to.
            INSERT INTO people (project_id, distinct_id, properties, search_text, created_at, updated_at, first_seen, last_seen)
            SELECT e.project_id, COALESCE(i.distinct_id, e.distinct_id), '{}', '', min(e.received_at), min(e.received_at), min(e.time), max(e.time)
            FROM events e LEFT JOIN identities i ON i.project_id = e.project_id AND i.anon_id = e.distinct_id
            WHERE e.distinct_id IS NOT NULL
            GROUP BY e.project_id, COALESCE(i.distinct_id, e.distinct_id)
            ON CONFLICT (project_id, distinct_id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen;

            -- The people list's sort orders (People/PeopleQuery.cs writes the same expressions).
            CREATE INDEX people_by_last_seen ON people (project_id, COALESCE(last_seen, -1), distinct_id);
            CREATE INDEX people_by_first_seen ON people (project_id, COALESCE(first_seen, -1), distinct_id);
            CREATE INDEX people_by_name ON people (project_id, COALESCE(lower(name), ''), distinct_id);
            CREATE INDEX people_by_email ON people (project_id, COALESCE(lower(email), ''), distinct_id);

            -- What a team writes about an event (Analytics/Definitions/); the event itself lives in the
            -- analytics store.
            CREATE TABLE event_definitions (
                project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                name        TEXT    NOT NULL,
                description TEXT,
                updated_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
                updated_at  INTEGER NOT NULL,
                PRIMARY KEY (project_id, name)
            );
            """),
        new(8, "import secrets", """
            -- The secret POST /import is authenticated with (Projects/ImportSecrets.cs); projects created
            -- before this get theirs at start (FirstStart), as SQLite cannot make one here.
            ALTER TABLE projects ADD COLUMN import_secret TEXT;
            CREATE UNIQUE INDEX projects_by_import_secret ON projects (import_secret);
            """),
        new(9, "console error counts", """
            -- rrweb/console@1 events of level "error", counted as /record parses each batch (BatchParser);
            -- per chunk, so a batch sent again under its seq replaces its count rather than adding to it.
            -- Replays recorded before this count none.
            ALTER TABLE replay_chunks ADD COLUMN console_error_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE replays ADD COLUMN console_error_count INTEGER NOT NULL DEFAULT 0;
            """),
        new(10, "retention", """
            -- How long a project keeps its replays, counted from ingestion (replays.created_at); the sweep
            -- (Retention/RetentionSweep.cs) deletes what is older. 7 to 365 days, as Mixpanel offers.
            ALTER TABLE projects ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 7 AND 365);
            CREATE INDEX replays_by_created_at ON replays (project_id, created_at);
            -- Who runs a background job now, and until when (Retention/JobLease.cs): one process at a time.
            CREATE TABLE job_leases (
                name       TEXT    PRIMARY KEY,
                holder     TEXT    NOT NULL,
                expires_at INTEGER NOT NULL
            );
            """),
        new(14, "replay quotas and trials", """
            -- A project's optional caps (Quotas/): new replays a calendar month (UTC) may start, and a trial
            -- that ends after trial_days or trial_replay_cap counted replays, whichever comes first.
            CREATE TABLE project_quotas (
                project_id         INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
                monthly_replay_cap INTEGER CHECK (monthly_replay_cap BETWEEN 1 AND 1000000000),
                trial_started_at   INTEGER,
                trial_days         INTEGER CHECK (trial_days BETWEEN 1 AND 365),
                trial_replay_cap   INTEGER CHECK (trial_replay_cap BETWEEN 1 AND 1000000000)
            );
            -- What counts against them: one row per counted replay, keyed by the tab session that started it
            -- when the SDK names one (so a tab counts once however often it starts recording), else by the
            -- replay. Kept when replays are deleted: usage is what was recorded, not what is still stored.
            CREATE TABLE replay_usage (
                project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                counted_key TEXT    NOT NULL,
                counted_at  INTEGER NOT NULL,
                PRIMARY KEY (project_id, counted_key)
            ) WITHOUT ROWID;
            CREATE INDEX replay_usage_by_time ON replay_usage (project_id, counted_at);
            """),
        new(15, "access log", """
            -- Who did what in a project's dashboard (AccessLog/): opened or exported a replay, changed settings,
            -- capture, retention, quotas, roles; deleted data. The email is kept as it was at the time, so an
            -- entry still names a member who has since left.
            CREATE TABLE access_log (
                id         INTEGER PRIMARY KEY,
                project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                at         INTEGER NOT NULL,
                user_id    INTEGER,
                user_email TEXT    NOT NULL,
                action     TEXT    NOT NULL,
                target     TEXT,
                detail     TEXT
            );
            CREATE INDEX access_log_by_time ON access_log (project_id, at, id);
            """),
    ];
}
