-- Schema version 8: the province's OCOP catalogue (sổ theo dõi sản phẩm OCOP): every
-- certified product, fed by the app's own rounds when they issue certificates and by
-- importing the province's earlier spreadsheet. One row per certificate; a product
-- re-evaluated or upgraded gets a new row linked to its previous one (history).
-- The catalogue's writes are audited on their own hash chain in audit_log under
-- round_id 0 (no round has id 0: SQLite row ids start at 1).

CREATE TABLE catalogue_entries (
    id                 INTEGER PRIMARY KEY,
    product_name       TEXT NOT NULL CHECK (length(trim(product_name)) > 0),
    product_code       TEXT,
    producer_name      TEXT NOT NULL CHECK (length(trim(producer_name)) > 0),
    -- Normalised name + place (domain/catalogue.rs producer_key), or the key the
    -- file gives: producers are counted once per key, never merged silently.
    producer_key       TEXT NOT NULL,
    legal_form         TEXT NOT NULL CHECK (legal_form IN
                           ('cooperative', 'cooperative-group', 'enterprise', 'sme', 'household', 'other')),
    address            TEXT,
    commune            TEXT,
    district           TEXT,
    province           TEXT,
    product_set        TEXT,            -- as written in the file, or "Bộ N"
    product_set_no     INTEGER CHECK (product_set_no BETWEEN 1 AND 26),
    product_group      TEXT,            -- domain::catalogue group token when known
    stars              INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    score              INTEGER CHECK (score BETWEEN 0 AND 100),
    authority          TEXT NOT NULL,
    authority_key      TEXT NOT NULL,
    certificate_number TEXT NOT NULL CHECK (length(trim(certificate_number)) > 0),
    decision_no        TEXT NOT NULL,
    decision_date      TEXT NOT NULL,
    issued_on          TEXT NOT NULL,
    valid_until        TEXT NOT NULL,
    registration_type  TEXT NOT NULL CHECK (registration_type IN ('new', 'upgrade', 're-evaluation')),
    round_label        TEXT,
    -- A revocation the imported file records (the app's own revocations are the
    -- certificate_revocations records of the linked certificate).
    revoked            INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    revoked_on         TEXT,
    previous_entry_id  INTEGER REFERENCES catalogue_entries(id),
    certificate_id     INTEGER UNIQUE REFERENCES certificates(id),
    source             TEXT NOT NULL CHECK (source IN ('round', 'import')),
    source_detail      TEXT NOT NULL,   -- "round 3" or "catalogue.xlsx row 12"
    recorded_by        TEXT NOT NULL,   -- the actor's audit label
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (authority_key, certificate_number),
    CHECK (source = 'import' OR certificate_id IS NOT NULL)
) STRICT;
CREATE INDEX catalogue_valid_until ON catalogue_entries(valid_until);
CREATE INDEX catalogue_product_code ON catalogue_entries(product_code);
CREATE INDEX catalogue_previous ON catalogue_entries(previous_entry_id);

-- An entry the app issued is the app's record: an import never rewrites it.
CREATE TRIGGER catalogue_round_entries_fixed BEFORE UPDATE ON catalogue_entries
WHEN OLD.source = 'round' AND (NEW.stars IS NOT OLD.stars
    OR NEW.certificate_number IS NOT OLD.certificate_number
    OR NEW.issued_on IS NOT OLD.issued_on OR NEW.valid_until IS NOT OLD.valid_until
    OR NEW.product_name IS NOT OLD.product_name OR NEW.source IS NOT OLD.source)
BEGIN SELECT RAISE(ABORT, 'a catalogue entry issued by a round of this app is not rewritten'); END;
CREATE TRIGGER catalogue_no_delete BEFORE DELETE ON catalogue_entries
BEGIN SELECT RAISE(ABORT, 'a catalogue entry is never deleted (a lapse or revocation is recorded instead)'); END;

-- Programme settings: the plan target (products at 3 stars or more) the report
-- measures against.
CREATE TABLE catalogue_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
