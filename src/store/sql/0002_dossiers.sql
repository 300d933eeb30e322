-- Schema version 2: product dossiers. A product has one or more dossier versions;
-- each version keeps its facts, self-assessment and file list as imported, so an
-- older version stays viewable after a newer one arrives. File contents live in the
-- content-addressed attachment store of the data folder (attachments/sha256/..),
-- named by the sha256 recorded here.

CREATE TABLE dossiers (
    id                   INTEGER PRIMARY KEY,
    round_id             INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    product_id           INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    version              INTEGER NOT NULL CHECK (version >= 1),
    -- SHA-256 of the canonical content (manifest facts + file paths and hashes):
    -- the same bundle imported twice into a round is recognised by it.
    content_hash         TEXT NOT NULL,
    registration_type    TEXT NOT NULL CHECK (registration_type IN ('new', 'upgrade', 're-evaluation')),
    product_set          INTEGER NOT NULL,
    fictional            INTEGER NOT NULL CHECK (fictional IN (0, 1)),
    facts_json           TEXT NOT NULL,            -- domain::dossier::DossierFacts
    self_assessment_json TEXT,                     -- domain::dossier::SelfAssessment, NULL if none
    source_name          TEXT NOT NULL,            -- the bundle's file or folder name
    imported_at          TEXT NOT NULL,
    imported_by          TEXT NOT NULL,
    UNIQUE (product_id, version),
    UNIQUE (round_id, content_hash)
) STRICT;
CREATE INDEX dossiers_round ON dossiers(round_id);

CREATE TABLE dossier_files (
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,                 -- order in the manifest
    path         TEXT NOT NULL,                    -- relative path inside the bundle
    kind         TEXT NOT NULL,
    title        TEXT,
    criteria     TEXT NOT NULL DEFAULT '[]',       -- JSON array of criterion ids
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    media_type   TEXT NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    PRIMARY KEY (dossier_id, position),
    UNIQUE (dossier_id, path)
) STRICT;
CREATE INDEX dossier_files_sha ON dossier_files(sha256);
