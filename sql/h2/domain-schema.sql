-- Upstream-compatible domain schema for H2 2.4 in PostgreSQL mode (demo data and tests only).
-- The H2 twin of sql/postgresql/domain-schema.sql; keep the two in step.
--
-- Connection URL flags it relies on: MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE (unquoted names fold to
-- lower case as in PostgreSQL, quoted camelCase names stay as written). Recommended as well:
-- DEFAULT_NULL_ORDERING=HIGH (PostgreSQL's NULL ordering) and NON_KEYWORDS=KEY,VALUE (so SQL can
-- name projections.key unquoted, as it does on PostgreSQL; this script quotes it).
--
-- Differences from PostgreSQL: JSON -> JSON (bind with `? FORMAT JSON`), TIMESTAMP WITH TIME ZONE ->
-- TIMESTAMP WITH TIME ZONE, TEXT ARRAY -> TEXT ARRAY, BIGSERIAL -> identity, no partial indexes
-- (plain composite indexes instead), no expression index (events idempotency key).
--
-- Coach Watts tables ("User", "PlannedWorkout", "Workout", "Exercise", "WorkoutExercise",
-- "WorkoutSet", "Nutrition") follow the Prisma migrations: quoted camelCase names, text ids with no
-- database default, timestamp(3) without time zone, "updatedAt" NOT NULL with no default (Prisma's
-- @updatedAt: every writer sets it), named score CHECKs 1..10. Only the columns the jobs read or
-- write and the obvious others are here, not all 83 / 113 upstream columns.
--
-- kura tables (users, events, projections, background_jobs) follow kura's migrations. Row-level
-- security and the app_worker role are in kura-rls.sql; the AFTER INSERT trigger that enqueues a
-- projection.update job per event is deliberately left out (bulk demo inserts would enqueue one job
-- per event).
--
-- Re-runnable: CREATE ... IF NOT EXISTS throughout. The jobs never run this script.

-- ───────────────────────────── Coach Watts ─────────────────────────────

CREATE TABLE IF NOT EXISTS "User" (
    "id"                     TEXT NOT NULL,
    "name"                   TEXT,
    "email"                  TEXT NOT NULL,
    "emailVerified"          TIMESTAMP(3),
    "image"                  TEXT,
    "createdAt"              TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"              TIMESTAMP(3) NOT NULL,
    "isAdmin"                BOOLEAN NOT NULL DEFAULT false,
    "ftp"                    INTEGER,
    "maxHr"                  INTEGER,
    "lthr"                   INTEGER,
    "restingHr"              INTEGER,
    "weight"                 DOUBLE PRECISION,
    "height"                 INTEGER,
    "dob"                    TIMESTAMP(3),
    "sex"                    TEXT,
    "altitude"               INTEGER,
    "language"               TEXT DEFAULT 'English',
    "weightUnits"            TEXT DEFAULT 'Kilograms',
    "distanceUnits"          TEXT DEFAULT 'Kilometers',
    "timezone"               TEXT,
    "country"                TEXT,
    "aiPersona"              TEXT DEFAULT 'Supportive',
    "aiAutoAnalyzeWorkouts"  BOOLEAN NOT NULL DEFAULT false,
    "aiAutoAnalyzeNutrition" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "User_email_key" ON "User"("email");

CREATE TABLE IF NOT EXISTS "PlannedWorkout" (
    "id"                TEXT NOT NULL,
    "userId"            TEXT NOT NULL,
    "externalId"        TEXT NOT NULL,
    "date"              DATE NOT NULL,
    "title"             TEXT NOT NULL,
    "description"       TEXT,
    "type"              TEXT,
    "category"          TEXT,
    "durationSec"       INTEGER,
    "distanceMeters"    DOUBLE PRECISION,
    "tss"               DOUBLE PRECISION,
    "workIntensity"     DOUBLE PRECISION,
    "completed"         BOOLEAN DEFAULT false,
    "completionStatus"  TEXT NOT NULL DEFAULT 'PENDING',
    "structuredWorkout" JSON,
    "syncStatus"        TEXT DEFAULT 'SYNCED',
    "modifiedLocally"   BOOLEAN NOT NULL DEFAULT false,
    "createdAt"         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"         TIMESTAMP(3) NOT NULL,
    CONSTRAINT "PlannedWorkout_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PlannedWorkout_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id")
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "PlannedWorkout_userId_externalId_key" ON "PlannedWorkout"("userId", "externalId");
CREATE INDEX IF NOT EXISTS "PlannedWorkout_userId_date_idx" ON "PlannedWorkout"("userId", "date");

CREATE TABLE IF NOT EXISTS "Workout" (
    "id"                              TEXT NOT NULL,
    "userId"                          TEXT NOT NULL,
    "externalId"                      TEXT NOT NULL,
    "source"                          TEXT NOT NULL,
    "date"                            TIMESTAMP(3) NOT NULL,
    "title"                           TEXT NOT NULL,
    "description"                     TEXT,
    "type"                            TEXT,
    "durationSec"                     INTEGER NOT NULL,
    "elapsedTimeSec"                  INTEGER,
    "distanceMeters"                  DOUBLE PRECISION,
    "elevationGain"                   INTEGER,
    "averageWatts"                    INTEGER,
    "maxWatts"                        INTEGER,
    "normalizedPower"                 INTEGER,
    "weightedAvgWatts"                INTEGER,
    "ftp"                             INTEGER,
    "intensity"                       DOUBLE PRECISION,
    "tss"                             DOUBLE PRECISION,
    "variabilityIndex"                DOUBLE PRECISION,
    "efficiencyFactor"                DOUBLE PRECISION,
    "powerHrRatio"                    DOUBLE PRECISION,
    "lrBalance"                       DOUBLE PRECISION,
    "kilojoules"                      INTEGER,
    "workAboveFtp"                    INTEGER,
    "wPrime"                          INTEGER,
    "wBalDepletion"                   INTEGER,
    "averageHr"                       INTEGER,
    "maxHr"                           INTEGER,
    "trimp"                           INTEGER,
    "hrLoad"                          DOUBLE PRECISION,
    "decoupling"                      DOUBLE PRECISION,
    "averageCadence"                  INTEGER,
    "maxCadence"                      INTEGER,
    "averageSpeed"                    DOUBLE PRECISION,
    "rpe"                             INTEGER,
    "sessionRpe"                      INTEGER,
    "feel"                            INTEGER,
    "trainingLoad"                    DOUBLE PRECISION,
    "atl"                             DOUBLE PRECISION,
    "ctl"                             DOUBLE PRECISION,
    "polarizationIndex"               DOUBLE PRECISION,
    "strainScore"                     DOUBLE PRECISION,
    "calories"                        INTEGER,
    "avgTemp"                         DOUBLE PRECISION,
    "trainer"                         BOOLEAN,
    "deviceName"                      TEXT,
    "commute"                         BOOLEAN DEFAULT false,
    "isPrivate"                       BOOLEAN DEFAULT false,
    "aiAnalysis"                      TEXT,
    "aiAnalysisJson"                  JSON,
    "aiAnalysisStatus"                TEXT DEFAULT 'NOT_STARTED',
    "aiAnalyzedAt"                    TIMESTAMP(3),
    "overallScore"                    INTEGER,
    "technicalScore"                  INTEGER,
    "effortScore"                     INTEGER,
    "pacingScore"                     INTEGER,
    "executionScore"                  INTEGER,
    "overallQualityExplanation"       TEXT,
    "technicalExecutionExplanation"   TEXT,
    "effortManagementExplanation"     TEXT,
    "pacingStrategyExplanation"       TEXT,
    "executionConsistencyExplanation" TEXT,
    "rawJson"                         JSON,
    "notes"                           TEXT,
    "notesUpdatedAt"                  TIMESTAMP(3),
    "isDuplicate"                     BOOLEAN NOT NULL DEFAULT false,
    "duplicateOf"                     TEXT,
    "completenessScore"               INTEGER,
    "plannedWorkoutId"                TEXT,
    "createdAt"                       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"                       TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Workout_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Workout_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Workout_plannedWorkoutId_fkey" FOREIGN KEY ("plannedWorkoutId") REFERENCES "PlannedWorkout"("id")
        ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Workout_duplicateOf_fkey" FOREIGN KEY ("duplicateOf") REFERENCES "Workout"("id")
        ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "workout_overall_score_range"   CHECK ("overallScore" >= 1 AND "overallScore" <= 10),
    CONSTRAINT "workout_technical_score_range" CHECK ("technicalScore" >= 1 AND "technicalScore" <= 10),
    CONSTRAINT "workout_effort_score_range"    CHECK ("effortScore" >= 1 AND "effortScore" <= 10),
    CONSTRAINT "workout_pacing_score_range"    CHECK ("pacingScore" >= 1 AND "pacingScore" <= 10),
    CONSTRAINT "workout_execution_score_range" CHECK ("executionScore" >= 1 AND "executionScore" <= 10)
);
CREATE UNIQUE INDEX IF NOT EXISTS "Workout_userId_source_externalId_key" ON "Workout"("userId", "source", "externalId");
CREATE INDEX IF NOT EXISTS "Workout_userId_date_idx" ON "Workout"("userId", "date");
CREATE INDEX IF NOT EXISTS "Workout_userId_isDuplicate_idx" ON "Workout"("userId", "isDuplicate");
CREATE INDEX IF NOT EXISTS "Workout_userId_date_overallScore_idx" ON "Workout"("userId", "date", "overallScore");
CREATE INDEX IF NOT EXISTS "Workout_plannedWorkoutId_idx" ON "Workout"("plannedWorkoutId");
-- Not upstream: keyset reads of the rows still waiting for a score. On PostgreSQL the partial
-- indexes of sql/postgresql/recommended-indexes.sql serve them (recommended, never created by the
-- jobs); H2 has no partial indexes, and this embedded demo database is ours, so a composite one
-- stands in.
CREATE INDEX IF NOT EXISTS "Workout_unscored_id_idx" ON "Workout"("overallScore", "id");

CREATE TABLE IF NOT EXISTS "Exercise" (
    "id"               TEXT NOT NULL,
    "externalId"       TEXT,
    "title"            TEXT NOT NULL,
    "type"             TEXT,
    "primaryMuscle"    TEXT,
    "secondaryMuscles" TEXT ARRAY,
    "instructions"     TEXT,
    "imageUrl"         TEXT,
    "createdAt"        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"        TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Exercise_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX IF NOT EXISTS "Exercise_externalId_key" ON "Exercise"("externalId");

CREATE TABLE IF NOT EXISTS "WorkoutExercise" (
    "id"         TEXT NOT NULL,
    "workoutId"  TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "notes"      TEXT,
    "order"      INTEGER NOT NULL DEFAULT 0,
    "supersetId" TEXT,
    "createdAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"  TIMESTAMP(3) NOT NULL,
    CONSTRAINT "WorkoutExercise_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WorkoutExercise_workoutId_fkey" FOREIGN KEY ("workoutId") REFERENCES "Workout"("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WorkoutExercise_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id")
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "WorkoutExercise_workoutId_idx" ON "WorkoutExercise"("workoutId");
CREATE INDEX IF NOT EXISTS "WorkoutExercise_exerciseId_idx" ON "WorkoutExercise"("exerciseId");

CREATE TABLE IF NOT EXISTS "WorkoutSet" (
    "id"                TEXT NOT NULL,
    "workoutExerciseId" TEXT NOT NULL,
    "reps"              INTEGER,
    "weight"            DOUBLE PRECISION,
    "weightUnit"        TEXT,
    "rpe"               DOUBLE PRECISION,
    "durationSec"       INTEGER,
    "distanceMeters"    DOUBLE PRECISION,
    "type"              TEXT NOT NULL DEFAULT 'NORMAL',
    "order"             INTEGER NOT NULL DEFAULT 0,
    "createdAt"         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"         TIMESTAMP(3) NOT NULL,
    CONSTRAINT "WorkoutSet_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WorkoutSet_workoutExerciseId_fkey" FOREIGN KEY ("workoutExerciseId") REFERENCES "WorkoutExercise"("id")
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "WorkoutSet_workoutExerciseId_idx" ON "WorkoutSet"("workoutExerciseId");

CREATE TABLE IF NOT EXISTS "Nutrition" (
    "id"                            TEXT NOT NULL,
    "userId"                        TEXT NOT NULL,
    "date"                          DATE NOT NULL,
    "calories"                      INTEGER,
    "protein"                       DOUBLE PRECISION,
    "carbs"                         DOUBLE PRECISION,
    "fat"                           DOUBLE PRECISION,
    "fiber"                         DOUBLE PRECISION,
    "sugar"                         DOUBLE PRECISION,
    "breakfast"                     JSON,
    "lunch"                         JSON,
    "dinner"                        JSON,
    "snacks"                        JSON,
    "caloriesGoal"                  INTEGER,
    "proteinGoal"                   DOUBLE PRECISION,
    "carbsGoal"                     DOUBLE PRECISION,
    "fatGoal"                       DOUBLE PRECISION,
    "waterMl"                       INTEGER,
    "aiAnalysis"                    TEXT,
    "aiAnalysisJson"                JSON,
    "aiAnalysisStatus"              TEXT DEFAULT 'NOT_STARTED',
    "aiAnalyzedAt"                  TIMESTAMP(3),
    "overallScore"                  INTEGER,
    "macroBalanceScore"             INTEGER,
    "qualityScore"                  INTEGER,
    "adherenceScore"                INTEGER,
    "hydrationScore"                INTEGER,
    "nutritionalBalanceExplanation" TEXT,
    "calorieAdherenceExplanation"   TEXT,
    "macroDistributionExplanation"  TEXT,
    "hydrationStatusExplanation"    TEXT,
    "timingOptimizationExplanation" TEXT,
    "rawJson"                       JSON,
    "notes"                         TEXT,
    "notesUpdatedAt"                TIMESTAMP(3),
    "isManualLock"                  BOOLEAN NOT NULL DEFAULT false,
    "createdAt"                     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt"                     TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Nutrition_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Nutrition_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "nutrition_overall_score_range"   CHECK ("overallScore" >= 1 AND "overallScore" <= 10),
    CONSTRAINT "nutrition_macro_score_range"     CHECK ("macroBalanceScore" >= 1 AND "macroBalanceScore" <= 10),
    CONSTRAINT "nutrition_quality_score_range"   CHECK ("qualityScore" >= 1 AND "qualityScore" <= 10),
    CONSTRAINT "nutrition_adherence_score_range" CHECK ("adherenceScore" >= 1 AND "adherenceScore" <= 10),
    CONSTRAINT "nutrition_hydration_score_range" CHECK ("hydrationScore" >= 1 AND "hydrationScore" <= 10)
);
CREATE UNIQUE INDEX IF NOT EXISTS "Nutrition_userId_date_key" ON "Nutrition"("userId", "date");
CREATE INDEX IF NOT EXISTS "Nutrition_userId_date_idx" ON "Nutrition"("userId", "date");
CREATE INDEX IF NOT EXISTS "Nutrition_userId_date_overallScore_idx" ON "Nutrition"("userId", "date", "overallScore");
-- Not upstream: keyset reads of the rows still waiting for a score (composite stand-in for
-- PostgreSQL's recommended partial index, as on "Workout").
CREATE INDEX IF NOT EXISTS "Nutrition_unscored_id_idx" ON "Nutrition"("overallScore", "id");

-- ───────────────────────────── kura ─────────────────────────────

CREATE TABLE IF NOT EXISTS users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name  TEXT,
    is_active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Append-only. id is a UUIDv7 set by the writer; user_id has no foreign key upstream.
CREATE TABLE IF NOT EXISTS events (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL,
    timestamp  TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type TEXT NOT NULL,
    data       JSON NOT NULL DEFAULT JSON '{}',
    metadata   JSON NOT NULL DEFAULT JSON '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- PostgreSQL has UNIQUE (user_id, (metadata->>'idempotency_key')); H2 cannot index an expression
-- (nor a generated column extracting a JSON field), so the constraint is not enforced on H2.
CREATE INDEX IF NOT EXISTS idx_events_user_timestamp_id ON events (user_id, timestamp DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_events_user_type ON events (user_id, event_type, timestamp DESC, id DESC);
-- The capability job loads a user's events in (timestamp, id) order: idx_events_user_timestamp_id,
-- scanned backwards, serves it; idx_events_user_type serves the per-type selection of users.
-- Upstream also has GIN (data); left out, no job filters on payload content.

CREATE TABLE IF NOT EXISTS projections (
    id              UUID DEFAULT gen_random_uuid() PRIMARY KEY,
    user_id         UUID NOT NULL REFERENCES users(id),
    projection_type TEXT NOT NULL,
    "key"           TEXT NOT NULL,  -- KEY is an H2 keyword; quoted here
    data            JSON NOT NULL DEFAULT JSON '{}',
    version         BIGINT NOT NULL DEFAULT 1,
    last_event_id   UUID REFERENCES events(id),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_projections_unique ON projections (user_id, projection_type, "key");
CREATE INDEX IF NOT EXISTS idx_projections_user_type ON projections (user_id, projection_type);

CREATE TABLE IF NOT EXISTS background_jobs (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users(id),
    job_type      TEXT NOT NULL,
    payload       JSON NOT NULL DEFAULT JSON '{}',
    status        TEXT NOT NULL DEFAULT 'pending'
                  -- Written as = ANY(ARRAY[...]), not IN (...) or ORs (which H2 rewrites to IN): H2 2.4
                  -- binds a CHECK's IN constant set to the session that created it and fails every
                  -- insert with "Check constraint invalid" once that connection is closed.
                  CHECK (status = ANY(ARRAY['pending', 'processing', 'completed', 'failed', 'dead'])),
    priority      INT NOT NULL DEFAULT 0,
    attempt       INT NOT NULL DEFAULT 0,
    max_retries   INT NOT NULL DEFAULT 3,
    error_message TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    started_at    TIMESTAMP WITH TIME ZONE,
    completed_at  TIMESTAMP WITH TIME ZONE,
    scheduled_for TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- PostgreSQL: partial index WHERE status = 'pending'; H2 has no partial indexes.
CREATE INDEX IF NOT EXISTS idx_jobs_pending ON background_jobs (status, scheduled_for, priority DESC, id);
CREATE INDEX IF NOT EXISTS idx_jobs_user ON background_jobs (user_id, created_at DESC);
