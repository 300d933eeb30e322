-- Schema 10: each product's tally (its counted sheets' totals and per-criterion sums,
-- JSON with a format version "v") beside its stored result, so a round's results are
-- read in one query instead of re-scoring every answer (store/results_stored.rs).
-- Rows of rounds that may still change are filled when the database is next opened;
-- a finalized round's rows stay frozen (its results are computed when read).
ALTER TABLE results ADD COLUMN tally TEXT;
