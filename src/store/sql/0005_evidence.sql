-- Schema version 5: a member links a criterion to one of the dossier's
-- attachments as the evidence for their answer (by the file's SHA-256).
ALTER TABLE answers ADD COLUMN evidence_sha256 TEXT;
