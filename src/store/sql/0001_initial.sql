-- Schema version 1: rounds, council members, producers, products, sheets and answers,
-- results, recusals, criteria snapshots and a hash-chained audit log.

-- A criteria sheet exactly as a round scores on it, stored once per distinct content.
CREATE TABLE criteria_snapshots (
    hash            TEXT PRIMARY KEY,          -- SHA-256 of json
    criteria_set_id TEXT NOT NULL,
    product_set     INTEGER NOT NULL,
    status          TEXT NOT NULL,             -- transcription status at snapshot time
    json            TEXT NOT NULL
) STRICT;

CREATE TABLE rounds (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT NOT NULL,
    level                   TEXT NOT NULL CHECK (level IN ('provincial', 'central')),
    criteria_set_id         TEXT NOT NULL,
    status                  TEXT NOT NULL DEFAULT 'setup'
                            CHECK (status IN ('setup', 'scoring', 'deliberation', 'finalized', 'certificates-issued')),
    starts_on               TEXT,
    ends_on                 TEXT,
    spread_threshold_points INTEGER NOT NULL DEFAULT 10 CHECK (spread_threshold_points >= 0),
    quorum_percent          INTEGER NOT NULL DEFAULT 75 CHECK (quorum_percent BETWEEN 1 AND 100),
    quorum_requires_chair   INTEGER NOT NULL DEFAULT 1 CHECK (quorum_requires_chair IN (0, 1)),
    star_marks_binding      INTEGER NOT NULL DEFAULT 1 CHECK (star_marks_binding IN (0, 1)),
    decision_no             TEXT,
    decision_date           TEXT,
    signatory               TEXT,
    created_at              TEXT NOT NULL
) STRICT;

-- The round's snapshot of each product set's sheet.
CREATE TABLE round_sheets (
    round_id      INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    product_set   INTEGER NOT NULL,
    snapshot_hash TEXT NOT NULL REFERENCES criteria_snapshots(hash),
    PRIMARY KEY (round_id, product_set)
) STRICT;

CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('chair', 'vice-chair', 'member', 'secretary', 'advisor')),
    voting     INTEGER NOT NULL CHECK (voting IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX members_round ON members(round_id);

CREATE TABLE producers (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    kind                 TEXT,
    legal_representative TEXT,
    address              TEXT,
    province             TEXT,
    commune              TEXT,
    phone                TEXT,
    created_at           TEXT NOT NULL
) STRICT;

CREATE TABLE products (
    id                  INTEGER PRIMARY KEY,
    round_id            INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    product_set         INTEGER NOT NULL,
    product_code        TEXT,
    producer_id         INTEGER NOT NULL REFERENCES producers(id),
    disqualified_reason TEXT,
    disqualified_note   TEXT,
    created_at          TEXT NOT NULL,
    FOREIGN KEY (round_id, product_set) REFERENCES round_sheets(round_id, product_set)
) STRICT;
CREATE INDEX products_round ON products(round_id);

CREATE TABLE sheets (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    total_points INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    submitted_at TEXT,
    UNIQUE (product_id, member_id)
) STRICT;
CREATE INDEX sheets_round ON sheets(round_id);

CREATE TABLE answers (
    sheet_id     INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    choice_id    TEXT,                       -- NULL: only a comment so far
    points       INTEGER,                    -- the choice's points (denormalised for SQL reports)
    comment      TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (sheet_id, criterion_id)
) STRICT;

CREATE TABLE recusals (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    reason      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (product_id, member_id)
) STRICT;

-- The council's result per product, recomputed in the same transaction as every
-- change that affects it.
CREATE TABLE results (
    product_id  INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    mean_sum    INTEGER,
    mean_count  INTEGER,
    band        INTEGER,
    stars       INTEGER NOT NULL,
    state       TEXT NOT NULL,
    certifiable INTEGER NOT NULL,
    json        TEXT NOT NULL,
    computed_at TEXT NOT NULL
) STRICT;
CREATE INDEX results_round ON results(round_id);

-- Every change, chained: hash = SHA-256(prev_hash, fields). Per round.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_round ON audit_log(round_id, id);
