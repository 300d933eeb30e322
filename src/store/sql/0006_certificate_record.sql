-- Schema version 6: a certificate records what it prints (the producer's name and
-- address, the place, the signatory's title and name, the authority's normalised
-- key for numbering), all covered by its digest; certificates can be revoked by an
-- append-only revocation record; the producers and dossiers of a frozen round are
-- frozen like the rest of it.

ALTER TABLE certificates ADD COLUMN producer_name TEXT;
ALTER TABLE certificates ADD COLUMN producer_address TEXT;
ALTER TABLE certificates ADD COLUMN place_name TEXT;
ALTER TABLE certificates ADD COLUMN signatory_title TEXT;
ALTER TABLE certificates ADD COLUMN signatory_name TEXT;
-- domain::certificate::authority_key: "UBND tỉnh X" and "ỦY BAN NHÂN DÂN TỈNH X" are one.
ALTER TABLE certificates ADD COLUMN authority_key TEXT;
CREATE UNIQUE INDEX certificates_authority_key_seq ON certificates(authority_key, year, seq)
    WHERE authority_key IS NOT NULL;

-- The reprint counter is still the only column that moves, one at a time, and not
-- on a revoked certificate.
DROP TRIGGER certificates_only_reprints;
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
    OR NEW.producer_name IS NOT OLD.producer_name OR NEW.producer_address IS NOT OLD.producer_address
    OR NEW.place_name IS NOT OLD.place_name OR NEW.signatory_title IS NOT OLD.signatory_title
    OR NEW.signatory_name IS NOT OLD.signatory_name OR NEW.authority_key IS NOT OLD.authority_key
BEGIN SELECT RAISE(ABORT, 'a certificate never changes; only its reprint counter goes up by one'); END;

-- Revocation (thu hồi): the certificate keeps its row and number and gains one
-- record, written once, never edited or deleted.
CREATE TABLE certificate_revocations (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id),
    decision_no    TEXT NOT NULL CHECK (length(trim(decision_no)) > 0),
    decision_date  TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    created_at     TEXT NOT NULL
) STRICT;
CREATE TRIGGER certificate_revocations_no_update BEFORE UPDATE ON certificate_revocations
BEGIN SELECT RAISE(ABORT, 'a revocation is a record: it is never edited'); END;
CREATE TRIGGER certificate_revocations_no_delete BEFORE DELETE ON certificate_revocations
BEGIN SELECT RAISE(ABORT, 'a revocation is a record: it is never deleted'); END;
CREATE TRIGGER certificate_revocations_issued_only BEFORE INSERT ON certificate_revocations
WHEN (SELECT r.status FROM certificates c JOIN rounds r ON r.id = c.round_id
      WHERE c.id = NEW.certificate_id) IS NOT 'certificates-issued'
BEGIN SELECT RAISE(ABORT, 'only an issued certificate can be revoked'); END;
CREATE TRIGGER certificates_no_reprint_when_revoked BEFORE UPDATE OF reprint_count ON certificates
WHEN EXISTS (SELECT 1 FROM certificate_revocations v WHERE v.certificate_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a revoked certificate is not reprinted'); END;

-- Producers are shared rows: one that makes a product of a frozen round is frozen.
CREATE TRIGGER producers_frozen_update BEFORE UPDATE ON producers
WHEN EXISTS (SELECT 1 FROM products p JOIN rounds r ON r.id = p.round_id
             WHERE p.producer_id = OLD.id AND r.status IN ('finalized', 'certificates-issued'))
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its producers cannot change'); END;
CREATE TRIGGER producers_frozen_delete BEFORE DELETE ON producers
WHEN EXISTS (SELECT 1 FROM products p JOIN rounds r ON r.id = p.round_id
             WHERE p.producer_id = OLD.id AND r.status IN ('finalized', 'certificates-issued'))
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its producers cannot change'); END;

CREATE TRIGGER dossiers_frozen_insert BEFORE INSERT ON dossiers
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
CREATE TRIGGER dossiers_frozen_update BEFORE UPDATE ON dossiers
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
CREATE TRIGGER dossiers_frozen_delete BEFORE DELETE ON dossiers
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
CREATE TRIGGER dossier_files_frozen_insert BEFORE INSERT ON dossier_files
WHEN (SELECT r.status FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE d.id = NEW.dossier_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
CREATE TRIGGER dossier_files_frozen_update BEFORE UPDATE ON dossier_files
WHEN (SELECT r.status FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE d.id = OLD.dossier_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
CREATE TRIGGER dossier_files_frozen_delete BEFORE DELETE ON dossier_files
WHEN (SELECT r.status FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE d.id = OLD.dossier_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its dossiers cannot change'); END;
