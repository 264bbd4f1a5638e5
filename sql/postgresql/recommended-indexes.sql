-- Indexes athlete-batch benefits from that upstream (Coach Watts' Prisma schema) does not have.
-- The jobs never create them: run these yourself (outside a transaction: CONCURRENTLY does not
-- block the application's writes), or let `jobs/athlete-batch doctor` print the ones missing.
-- This file is the one source: doctor and the benchmark read it.
--
-- scoreBackfill's eligibility predicate ("overallScore" IS NULL and a status upstream's backfill
-- selects, ScoringQueries.eligibleWhere) can be served by no upstream index: without these the
-- keyset reader and the step's row count read an index of the whole table (or the table) on every
-- run, so a nightly run with nothing new costs in proportion to the history. Partial on the same
-- predicate, these indexes hold only the rows still waiting for a score: scored, FAILED and
-- SKIPPED_EMPTY rows leave them. "date" is the second key column, not an INCLUDE column, so that
-- the run's cut-off (future-dated rows wait in the index until their day) is checked in the index:
-- with "date" only included, the reader fetched every future-dated row from the table on every
-- run to read its date (at 200,000 rows a table, 40-56 ms a table for about 2,000 rows; from disk
-- once the table outgrows memory). The keyset pages (ORDER BY id) and the step's count still use
-- them.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Workout_scoreBackfill_waiting_id_date_idx"
    ON "Workout" ("id", "date")
    WHERE "overallScore" IS NULL AND "aiAnalysisStatus" IN ('NOT_STARTED', 'COMPLETED');
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Nutrition_scoreBackfill_waiting_id_date_idx"
    ON "Nutrition" ("id", "date")
    WHERE "overallScore" IS NULL AND "aiAnalysisStatus" IN ('NOT_STARTED', 'COMPLETED');

-- Superseded by the two above (they had "date" as an INCLUDE column): drop them once the new ones
-- are built. doctor names them when they are still there.
DROP INDEX CONCURRENTLY IF EXISTS "Workout_scoreBackfill_waiting_idx";
DROP INDEX CONCURRENTLY IF EXISTS "Nutrition_scoreBackfill_waiting_idx";
