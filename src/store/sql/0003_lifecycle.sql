-- Schema: the round lifecycle. Sheet versions (re-score history), who recorded a
-- recusal, certificates, and the triggers that make a finalized round immutable.
--
-- The triggers are the store's last line: the app refuses these writes itself first,
-- so they fire only for raw SQL (the sqlite3 CLI, another program) or a bug. What a
-- trigger cannot stop (raw SQL dropping a trigger, or flipping rounds.status and
-- forging an audit entry) `ocop-council verify` detects: see store/verify.rs.
-- RAISE messages are constant strings so that older sqlite3 shells (3.40) can still
-- read this schema.

-- A submitted sheet as it was when it was reopened (a correction or a re-score), so
-- the previous answers stay readable after the new ones are submitted.
CREATE TABLE sheet_versions (
    id           INTEGER PRIMARY KEY,
    sheet_id     INTEGER NOT NULL REFERENCES sheets(id),
    round_id     INTEGER NOT NULL REFERENCES rounds(id),
    product_id   INTEGER NOT NULL REFERENCES products(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    version      INTEGER NOT NULL CHECK (version >= 1),  -- 1: the first submission
    kind         TEXT NOT NULL CHECK (kind IN ('reopen', 'rescore')),
    total_points INTEGER NOT NULL,
    answers_json TEXT NOT NULL,   -- [{criterion, choice, points, comment}] in criterion order
    submitted_at TEXT,
    reason       TEXT NOT NULL,
    reopened_by  INTEGER NOT NULL REFERENCES members(id),
    reopened_at  TEXT NOT NULL,
    UNIQUE (sheet_id, version)
) STRICT;
CREATE INDEX sheet_versions_product ON sheet_versions(product_id, member_id);

-- Who recorded a recusal: the member (a declaration) or the chair.
ALTER TABLE recusals ADD COLUMN recorded_by_member INTEGER REFERENCES members(id);

-- One certificate per product the round certifies; numbers run per authority and year.
CREATE TABLE certificates (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES rounds(id),
    product_id    INTEGER NOT NULL UNIQUE REFERENCES products(id),
    authority     TEXT NOT NULL,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    number        TEXT NOT NULL,
    product_name  TEXT NOT NULL,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    decision_no   TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    audit_head    TEXT NOT NULL,   -- the round's audit head when issued
    digest        TEXT NOT NULL,   -- SHA-256 over the fields above (domain/certificate.rs)
    reprint_count INTEGER NOT NULL DEFAULT 0 CHECK (reprint_count >= 0),
    created_at    TEXT NOT NULL,
    UNIQUE (authority, year, seq),
    UNIQUE (authority, number)
) STRICT;
CREATE INDEX certificates_round ON certificates(round_id);
CREATE INDEX certificates_valid_until ON certificates(valid_until);
CREATE INDEX certificates_number ON certificates(number);

-- ---------------------------------------------------------------------------
-- Rounds: a new round starts in setup; the status moves only along the allowed
-- transitions (domain/round.rs transition_via), and only when the round's latest
-- 'round.state' audit entry records exactly that move (the app appends it first in
-- the same transaction). A frozen round's other columns do not change, except that
-- reopening clears the approval decision.
CREATE TRIGGER rounds_start_in_setup BEFORE INSERT ON rounds
WHEN NEW.status <> 'setup'
BEGIN SELECT RAISE(ABORT, 'a new round starts in setup'); END;

CREATE TRIGGER rounds_status_transition BEFORE UPDATE OF status ON rounds
WHEN NEW.status <> OLD.status AND OLD.status || '>' || NEW.status NOT IN (
    'setup>scoring', 'scoring>setup', 'scoring>deliberation', 'deliberation>scoring',
    'deliberation>finalized', 'finalized>deliberation', 'finalized>certificates-issued')
BEGIN SELECT RAISE(ABORT, 'this change of round status is not an allowed transition'); END;

CREATE TRIGGER rounds_status_logged BEFORE UPDATE OF status ON rounds
WHEN NEW.status <> OLD.status AND NOT EXISTS (
    SELECT 1 FROM (SELECT old_value, new_value FROM audit_log
                   WHERE round_id = NEW.id AND action = 'round.state'
                   ORDER BY id DESC LIMIT 1) AS last
    WHERE last.old_value = OLD.status AND last.new_value = NEW.status)
BEGIN SELECT RAISE(ABORT, 'a round status changes only with its audit entry (round.state)'); END;

CREATE TRIGGER rounds_frozen_fields BEFORE UPDATE ON rounds
WHEN OLD.status IN ('finalized', 'certificates-issued') AND (
       NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.level IS NOT OLD.level
    OR NEW.criteria_set_id IS NOT OLD.criteria_set_id
    OR NEW.starts_on IS NOT OLD.starts_on OR NEW.ends_on IS NOT OLD.ends_on
    OR NEW.spread_threshold_points IS NOT OLD.spread_threshold_points
    OR NEW.quorum_percent IS NOT OLD.quorum_percent
    OR NEW.quorum_requires_chair IS NOT OLD.quorum_requires_chair
    OR NEW.star_marks_binding IS NOT OLD.star_marks_binding
    OR NEW.created_at IS NOT OLD.created_at
    OR (NEW.status <> 'deliberation' AND (NEW.decision_no IS NOT OLD.decision_no
        OR NEW.decision_date IS NOT OLD.decision_date OR NEW.signatory IS NOT OLD.signatory)))
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its settings and approval decision cannot change'); END;

CREATE TRIGGER rounds_frozen_delete BEFORE DELETE ON rounds
WHEN OLD.status IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: it cannot be deleted'); END;


-- ---------------------------------------------------------------------------
-- Everything a frozen (finalized or certificates-issued) round holds.

CREATE TRIGGER members_frozen_insert BEFORE INSERT ON members
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: council members cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER members_frozen_update BEFORE UPDATE ON members
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: council members cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER members_frozen_delete BEFORE DELETE ON members
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: council members cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER products_frozen_insert BEFORE INSERT ON products
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: products and their disqualification cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER products_frozen_update BEFORE UPDATE ON products
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: products and their disqualification cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER products_frozen_delete BEFORE DELETE ON products
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: products and their disqualification cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER round_sheets_frozen_insert BEFORE INSERT ON round_sheets
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the criteria sheets cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER round_sheets_frozen_update BEFORE UPDATE ON round_sheets
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the criteria sheets cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER round_sheets_frozen_delete BEFORE DELETE ON round_sheets
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the criteria sheets cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER sheets_frozen_insert BEFORE INSERT ON sheets
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheets cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER sheets_frozen_update BEFORE UPDATE ON sheets
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheets cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER sheets_frozen_delete BEFORE DELETE ON sheets
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheets cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER results_frozen_insert BEFORE INSERT ON results
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: results cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER results_frozen_update BEFORE UPDATE ON results
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: results cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER results_frozen_delete BEFORE DELETE ON results
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: results cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER recusals_frozen_insert BEFORE INSERT ON recusals
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: recusals cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER recusals_frozen_update BEFORE UPDATE ON recusals
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: recusals cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER recusals_frozen_delete BEFORE DELETE ON recusals
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: recusals cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER sheet_versions_frozen_insert BEFORE INSERT ON sheet_versions
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheet versions cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER sheet_versions_frozen_update BEFORE UPDATE ON sheet_versions
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheet versions cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER sheet_versions_frozen_delete BEFORE DELETE ON sheet_versions
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: sheet versions cannot change (the chair must reopen the round)'); END;

CREATE TRIGGER answers_frozen_insert BEFORE INSERT ON answers
WHEN (SELECT status FROM rounds WHERE id = (SELECT round_id FROM sheets WHERE id = NEW.sheet_id)) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: answers cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER answers_frozen_update BEFORE UPDATE ON answers
WHEN (SELECT status FROM rounds WHERE id = (SELECT round_id FROM sheets WHERE id = OLD.sheet_id)) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = (SELECT round_id FROM sheets WHERE id = NEW.sheet_id)) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: answers cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER answers_frozen_delete BEFORE DELETE ON answers
WHEN (SELECT status FROM rounds WHERE id = (SELECT round_id FROM sheets WHERE id = OLD.sheet_id)) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: answers cannot change (the chair must reopen the round)'); END;

-- ---------------------------------------------------------------------------
-- Append-only history: the audit log, sheet versions and criteria snapshots (content-
-- addressed) are never edited or deleted, whatever the round's state.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER sheet_versions_no_update BEFORE UPDATE ON sheet_versions
BEGIN SELECT RAISE(ABORT, 'sheet versions are history and never change'); END;
CREATE TRIGGER sheet_versions_no_delete BEFORE DELETE ON sheet_versions
BEGIN SELECT RAISE(ABORT, 'sheet versions are history and never change'); END;
CREATE TRIGGER criteria_snapshots_no_update BEFORE UPDATE ON criteria_snapshots
BEGIN SELECT RAISE(ABORT, 'a criteria snapshot never changes'); END;
CREATE TRIGGER criteria_snapshots_no_delete BEFORE DELETE ON criteria_snapshots
BEGIN SELECT RAISE(ABORT, 'a criteria snapshot never changes'); END;

-- ---------------------------------------------------------------------------
-- Certificates: issued only while the round goes from finalized to certificates-
-- issued; afterwards only the reprint counter moves, one at a time; never deleted.
CREATE TRIGGER certificates_insert_when_issuing BEFORE INSERT ON certificates
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IS NOT 'finalized'
BEGIN SELECT RAISE(ABORT, 'certificates are issued only when a finalized round issues them'); END;
CREATE TRIGGER certificates_only_reprints BEFORE UPDATE ON certificates
WHEN NEW.reprint_count IS NOT OLD.reprint_count + 1
    OR NEW.id IS NOT OLD.id OR NEW.round_id IS NOT OLD.round_id
    OR NEW.product_id IS NOT OLD.product_id OR NEW.authority IS NOT OLD.authority
    OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq OR NEW.number IS NOT OLD.number
    OR NEW.product_name IS NOT OLD.product_name OR NEW.stars IS NOT OLD.stars
    OR NEW.decision_no IS NOT OLD.decision_no OR NEW.decision_date IS NOT OLD.decision_date
    OR NEW.issued_on IS NOT OLD.issued_on OR NEW.valid_until IS NOT OLD.valid_until
    OR NEW.audit_head IS NOT OLD.audit_head OR NEW.digest IS NOT OLD.digest
    OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a certificate never changes; only its reprint counter goes up by one'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'a certificate is never deleted'); END;
