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
-- SKIPPED_EMPTY rows leave them. "date" is included for the run's cut-off (future-dated rows),
-- so that the reader's keyset pages and the count are index-only.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Workout_scoreBackfill_waiting_idx"
    ON "Workout" ("id") INCLUDE ("date")
    WHERE "overallScore" IS NULL AND "aiAnalysisStatus" IN ('NOT_STARTED', 'COMPLETED');
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Nutrition_scoreBackfill_waiting_idx"
    ON "Nutrition" ("id") INCLUDE ("date")
    WHERE "overallScore" IS NULL AND "aiAnalysisStatus" IN ('NOT_STARTED', 'COMPLETED');
