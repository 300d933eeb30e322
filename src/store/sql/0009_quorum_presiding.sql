-- Schema version 9: (1) a quorum may be a fraction of the eligible voting members
-- (3/4, 2/3), kept exactly as the council set it; (2) the member the council names
-- to preside over a product from which the chair is recused (and no vice-chair
-- stands in), who then counts as the chair for that product's quorum.

-- (1) Both NULL: the quorum is quorum_percent / 100, exactly as before (every round
-- created before this version, and every round whose quorum is a whole percent).
-- Both set: the quorum is quorum_numerator / quorum_denominator, and quorum_percent
-- holds the smallest whole percent at or above it, for readers of the old column only;
-- the rules never read it then.
ALTER TABLE rounds ADD COLUMN quorum_numerator INTEGER
    CHECK (quorum_numerator IS NULL OR quorum_numerator >= 1);
ALTER TABLE rounds ADD COLUMN quorum_denominator INTEGER
    -- Written so that no part is NULL: a CHECK that comes out NULL passes.
    CHECK ((quorum_denominator IS NULL) = (quorum_numerator IS NULL)
       AND (quorum_denominator IS NULL
            OR (quorum_denominator BETWEEN 1 AND 100 AND quorum_numerator <= quorum_denominator)));

CREATE TRIGGER rounds_frozen_quorum_fraction BEFORE UPDATE OF quorum_numerator, quorum_denominator ON rounds
WHEN OLD.status IN ('finalized', 'certificates-issued') AND (
       NEW.quorum_numerator IS NOT OLD.quorum_numerator
    OR NEW.quorum_denominator IS NOT OLD.quorum_denominator)
BEGIN SELECT RAISE(ABORT, 'the round is finalized: its settings and approval decision cannot change'); END;

-- (2) One presiding member per product, a voting council member of the same round.
-- Recorded by whom the permission table allows (domain/permissions.rs), audited as
-- `presiding.name`; frozen with the round like the recusals.
CREATE TABLE presiding_members (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    recorded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER presiding_members_frozen_insert BEFORE INSERT ON presiding_members
WHEN (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the presiding member cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER presiding_members_frozen_update BEFORE UPDATE ON presiding_members
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued') OR (SELECT status FROM rounds WHERE id = NEW.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the presiding member cannot change (the chair must reopen the round)'); END;
CREATE TRIGGER presiding_members_frozen_delete BEFORE DELETE ON presiding_members
WHEN (SELECT status FROM rounds WHERE id = OLD.round_id) IN ('finalized', 'certificates-issued')
BEGIN SELECT RAISE(ABORT, 'the round is finalized: the presiding member cannot change (the chair must reopen the round)'); END;
