-- Schema: a council of laptops (docs/packages.md). Stable ids that survive the trip
-- between data folders, members' public keys, the sheets packages merged here and
-- the conflicts a merge found.

-- ---------------------------------------------------------------------------
-- Stable ids: 32 lowercase hex digits, random. Local ids (INTEGER PRIMARY KEY) differ
-- from laptop to laptop; a uid is the same everywhere the round package went.
ALTER TABLE rounds ADD COLUMN uid TEXT
    CHECK (uid IS NULL OR (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE members ADD COLUMN uid TEXT
    CHECK (uid IS NULL OR (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE products ADD COLUMN uid TEXT
    CHECK (uid IS NULL OR (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*'));

-- The member's Ed25519 public key (64 lowercase hex digits), registered by the
-- secretary; sheets packages signed by it are accepted for this member.
ALTER TABLE members ADD COLUMN public_key TEXT
    CHECK (public_key IS NULL OR (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'));

-- Backfill. 0003 refuses any UPDATE of the members and products of a finalized round,
-- so the two guards step aside for this one statement each and come back unchanged
-- (verify compares them with a fresh database, which runs this same migration).
DROP TRIGGER members_frozen_update;
DROP TRIGGER products_frozen_update;
UPDATE rounds SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE members SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
UPDATE products SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE TRIGGER members_frozen_update BEFORE UPDATE ON members
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: council members cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER products_frozen_update BEFORE UPDATE ON products
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: products and their disqualification cannot change (the chair must reopen the round)'); END;

CREATE UNIQUE INDEX rounds_uid ON rounds(uid);
CREATE UNIQUE INDEX members_uid ON members(uid);
CREATE UNIQUE INDEX products_uid ON products(uid);
-- One key, one member of a round: otherwise one member could sign as another.
CREATE UNIQUE INDEX members_round_key ON members(round_id, public_key) WHERE public_key IS NOT NULL;

-- Every insert path (the app, a dossier import's own INSERT, the sqlite3 shell) gets a
-- uid; a round package's import gives its own and skips these.
CREATE TRIGGER rounds_uid_on_insert AFTER INSERT ON rounds WHEN NEW.uid IS NULL
BEGIN UPDATE rounds SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER members_uid_on_insert AFTER INSERT ON members WHEN NEW.uid IS NULL
BEGIN UPDATE members SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER products_uid_on_insert AFTER INSERT ON products WHEN NEW.uid IS NULL
BEGIN UPDATE products SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

-- A uid, once given, never changes (packages from other laptops point at it).
CREATE TRIGGER rounds_uid_fixed BEFORE UPDATE OF uid ON rounds
WHEN OLD.uid IS NOT NULL AND NEW.uid IS NOT OLD.uid
BEGIN SELECT RAISE(ABORT, 'a round uid never changes'); END;
CREATE TRIGGER members_uid_fixed BEFORE UPDATE OF uid ON members
WHEN OLD.uid IS NOT NULL AND NEW.uid IS NOT OLD.uid
BEGIN SELECT RAISE(ABORT, 'a member uid never changes'); END;
CREATE TRIGGER products_uid_fixed BEFORE UPDATE OF uid ON products
WHEN OLD.uid IS NOT NULL AND NEW.uid IS NOT OLD.uid
BEGIN SELECT RAISE(ABORT, 'a product uid never changes'); END;

-- ---------------------------------------------------------------------------
-- Round packages applied here (on a member's laptop): a round with no row here was
-- created in this data folder, and no round package may change it; a package older
-- than the last one applied is refused, so an old file cannot roll the round back.
CREATE TABLE round_packages (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    exported_at TEXT NOT NULL,           -- when the secretary wrote it (their clock)
    changes     INTEGER NOT NULL,        -- how many changes it brought here
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
) STRICT;
CREATE INDEX round_packages_round ON round_packages(round_id, exported_at);
CREATE TRIGGER round_packages_no_update BEFORE UPDATE ON round_packages
BEGIN SELECT RAISE(ABORT, 'imported round packages are history and never change'); END;
CREATE TRIGGER round_packages_no_delete BEFORE DELETE ON round_packages
BEGIN SELECT RAISE(ABORT, 'imported round packages are history and never change'); END;

-- ---------------------------------------------------------------------------
-- Sheets packages applied here, by the SHA-256 of the file: the same package merged
-- twice is recognised and changes nothing.
CREATE TABLE merged_packages (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    public_key  TEXT NOT NULL,           -- the key that signed it
    source_name TEXT NOT NULL,           -- the file name it came in
    summary     TEXT NOT NULL,           -- e.g. "3 new, 1 replaced, 1 conflict"
    merged_at   TEXT NOT NULL,
    merged_by   TEXT NOT NULL
) STRICT;
CREATE INDEX merged_packages_round ON merged_packages(round_id);

-- An incoming submitted sheet a merge did not apply because the sheet here was
-- changed locally and the incoming one does not clearly supersede it. What is here
-- stays; the incoming version is kept here for the council to decide.
CREATE TABLE sheet_conflicts (
    id                    INTEGER PRIMARY KEY,
    round_id              INTEGER NOT NULL REFERENCES rounds(id),
    product_id            INTEGER NOT NULL REFERENCES products(id),
    member_id             INTEGER NOT NULL REFERENCES members(id),
    package_sha256        TEXT NOT NULL,
    incoming_total        INTEGER NOT NULL,
    incoming_answers_json TEXT NOT NULL,   -- [{criterion, choice, points, comment}]
    incoming_updated_at   TEXT NOT NULL,
    incoming_submitted_at TEXT NOT NULL,
    stored_status         TEXT NOT NULL CHECK (stored_status IN ('draft', 'submitted')),
    stored_total          INTEGER NOT NULL,
    stored_updated_at     TEXT NOT NULL,
    stored_submitted_at   TEXT,
    reason                TEXT NOT NULL,
    recorded_at           TEXT NOT NULL
) STRICT;
CREATE INDEX sheet_conflicts_round ON sheet_conflicts(round_id, product_id, member_id);

-- Both are history: never edited or deleted, and nothing is added to a finalized round.
CREATE TRIGGER merged_packages_frozen_insert BEFORE INSERT ON merged_packages
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: no package can be merged into it (the chair must reopen the round)'); END;
CREATE TRIGGER merged_packages_no_update BEFORE UPDATE ON merged_packages
BEGIN SELECT RAISE(ABORT, 'merged packages are history and never change'); END;
CREATE TRIGGER merged_packages_no_delete BEFORE DELETE ON merged_packages
BEGIN SELECT RAISE(ABORT, 'merged packages are history and never change'); END;
CREATE TRIGGER sheet_conflicts_frozen_insert BEFORE INSERT ON sheet_conflicts
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: no conflict can be recorded (the chair must reopen the round)'); END;
CREATE TRIGGER sheet_conflicts_no_update BEFORE UPDATE ON sheet_conflicts
BEGIN SELECT RAISE(ABORT, 'sheet conflicts are history and never change'); END;
CREATE TRIGGER sheet_conflicts_no_delete BEFORE DELETE ON sheet_conflicts
BEGIN SELECT RAISE(ABORT, 'sheet conflicts are history and never change'); END;
