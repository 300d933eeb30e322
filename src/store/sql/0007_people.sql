-- Schema: who may do what (domain/permissions.rs). A round may require a PIN from
-- everyone who acts in it; a round imported from a package on a member's own laptop
-- acts only as that member.

ALTER TABLE rounds ADD COLUMN pins_required INTEGER NOT NULL DEFAULT 0
    CHECK (pins_required IN (0, 1));
-- The member whose laptop this data folder is, for a round imported from a round
-- package (NULL: the secretary's machine, or a laptop whose key is not registered).
ALTER TABLE rounds ADD COLUMN laptop_member INTEGER REFERENCES members(id);

-- One PIN per person and round, only as an Argon2id PHC string (salt inside).
-- Five wrong tries in a row lock the person for a minute (locked_until, UTC RFC 3339).
CREATE TABLE pins (
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    principal   TEXT NOT NULL CHECK (principal = 'secretariat' OR principal GLOB 'member:[0-9]*'),
    phc         TEXT NOT NULL CHECK (phc LIKE '$argon2id$%'),
    wrong_tries INTEGER NOT NULL DEFAULT 0 CHECK (wrong_tries >= 0),
    locked_until TEXT,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (round_id, principal)
) STRICT;
