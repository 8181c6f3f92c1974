namespace Isac.Node.LocalStore;

/// <summary>
/// The local database's schema as ordered migrations. A migration is never edited once released: a change is a
/// new entry at the end, applied in its own transaction together with the new version number.
/// </summary>
internal static class NodeStoreSchema
{
    /// <summary>Migration <c>i</c> takes the schema from version <c>i</c> to <c>i + 1</c>.</summary>
    internal static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE inbox (
            position              INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_type            INTEGER NOT NULL CHECK (entry_type IN (1, 2)), -- 1 bundle, 2 gap marker
            bundle_id             BLOB UNIQUE,                                   -- NULL for gap markers
            sender                TEXT,
            label                 INTEGER,
            kind                  INTEGER,
            content_type          TEXT,
            payload               BLOB,
            exercise_id           TEXT,
            audience              BLOB,                                          -- isac.v1.Audience bytes
            created_at_ms         INTEGER,
            received_at_ms        INTEGER NOT NULL,
            supersedes            BLOB,
            forwarded_from_sender TEXT,
            mailbox_sequence      INTEGER,
            delivery              BLOB,                                          -- exact isac.v1.Delivery bytes
            gap_from              INTEGER,
            gap_to                INTEGER,
            gap_reason            TEXT,
            CHECK ((entry_type = 1 AND bundle_id IS NOT NULL AND delivery IS NOT NULL)
                OR (entry_type = 2 AND bundle_id IS NULL AND gap_from IS NOT NULL AND gap_to IS NOT NULL))
        );
        CREATE INDEX inbox_received ON inbox (received_at_ms);
        CREATE INDEX inbox_sender ON inbox (sender, position);

        CREATE TABLE outbox (
            queue_position INTEGER PRIMARY KEY AUTOINCREMENT,
            id             BLOB NOT NULL UNIQUE,
            state          INTEGER NOT NULL CHECK (state IN (1, 2, 3, 4)),
            kind           INTEGER NOT NULL,
            content_type   TEXT NOT NULL,
            payload        BLOB NOT NULL,
            label          INTEGER NOT NULL,
            audience       BLOB NOT NULL,
            exercise_id    TEXT NOT NULL,
            forward_of     BLOB,
            sealed         BLOB,
            created_at_ms  INTEGER NOT NULL,
            attempts       INTEGER NOT NULL DEFAULT 0,
            last_error     TEXT,
            receipt        BLOB,
            supersedes     BLOB
        );
        CREATE INDEX outbox_state ON outbox (state, queue_position);

        CREATE TABLE quarantine (
            local_id         INTEGER PRIMARY KEY AUTOINCREMENT,
            mailbox_sequence INTEGER NOT NULL UNIQUE,
            reason           TEXT NOT NULL,
            message          TEXT NOT NULL,
            received_at_ms   INTEGER NOT NULL,
            delivery         BLOB NOT NULL
        );

        CREATE TABLE cursor (
            id               INTEGER PRIMARY KEY CHECK (id = 1),
            mailbox_sequence INTEGER NOT NULL
        );

        CREATE TABLE directory (
            id               INTEGER PRIMARY KEY CHECK (id = 1),
            version          INTEGER NOT NULL,
            snapshot_sha256  TEXT NOT NULL,
            signed_snapshot  BLOB NOT NULL
        );
        """,
    ];

    /// <summary>The schema version this code writes and understands.</summary>
    internal static int CurrentVersion => Migrations.Count;
}
