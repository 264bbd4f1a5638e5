package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.nutrition.NutritionScorer;
import com.athletebatch.scoring.workout.WorkoutScorer;
import java.util.List;
import java.util.Map;

/**
 * All SQL of the score backfill, in one place. Values are always bound parameters; the only text
 * assembled here is from the constant fragments below.
 */
public final class ScoringQueries {

  private ScoringQueries() {}

  /** Statuses upstream's backfill selects, and those {@code --include-failed} adds. */
  static final List<String> DEFAULT_STATUSES = AnalysisStatus.names(AnalysisStatus.DEFAULT);

  static final List<String> FAILED_STATUSES =
      AnalysisStatus.names(AnalysisStatus.RETRYABLE_FAILURES);

  /**
   * The tables the job reads or writes; it fails at once, naming the table, when one is missing.
   */
  public static final List<String> REQUIRED_TABLES =
      List.of("User", "Workout", "PlannedWorkout", "WorkoutExercise", "WorkoutSet", "Nutrition");

  /**
   * The columns the job reads (SELECT), per table: the reader SQL below and the selection. {@code
   * doctor} checks that they exist and may be read; the README's least-privilege table grants them.
   */
  public static final Map<String, List<String>> READ_COLUMNS =
      Map.of(
          "User",
          List.of("id", "ftp", "maxHr", "restingHr", "lthr", "weight", "sex"),
          "Workout",
          List.of(
              "id",
              "userId",
              "date",
              "type",
              "durationSec",
              "elapsedTimeSec",
              "distanceMeters",
              "elevationGain",
              "averageWatts",
              "maxWatts",
              "normalizedPower",
              "weightedAvgWatts",
              "ftp",
              "intensity",
              "tss",
              "variabilityIndex",
              "efficiencyFactor",
              "lrBalance",
              "kilojoules",
              "averageHr",
              "maxHr",
              "trimp",
              "decoupling",
              "averageCadence",
              "maxCadence",
              "averageSpeed",
              "rpe",
              "sessionRpe",
              "feel",
              "plannedWorkoutId",
              "isDuplicate",
              "overallScore",
              "aiAnalysisStatus",
              "aiAnalysisJson"),
          "PlannedWorkout",
          List.of("id", "durationSec", "tss", "workIntensity", "distanceMeters", "type"),
          "WorkoutExercise",
          List.of("id", "workoutId"),
          "WorkoutSet",
          List.of("id", "workoutExerciseId", "reps", "rpe"),
          "Nutrition",
          List.of(
              "id",
              "userId",
              "date",
              "calories",
              "protein",
              "carbs",
              "fat",
              "fiber",
              "sugar",
              "breakfast",
              "lunch",
              "dinner",
              "snacks",
              "caloriesGoal",
              "proteinGoal",
              "carbsGoal",
              "fatGoal",
              "waterMl",
              "notes",
              "overallScore",
              "aiAnalysisStatus",
              "aiAnalysisJson"));

  /** The columns the job writes (UPDATE), per table: the scores of {@link ScoreTable} and these. */
  public static Map<String, List<String>> writtenColumns() {
    Map<String, List<String>> written = new java.util.LinkedHashMap<>();
    for (ScoreTable table : ScoreTable.values()) {
      List<String> columns = new java.util.ArrayList<>();
      for (ScoreTable.Column c : table.columns()) {
        columns.add(c.scoreColumn());
        columns.add(c.explanationColumn());
      }
      columns.addAll(
          List.of("aiAnalysis", "aiAnalysisJson", "aiAnalysisStatus", "aiAnalyzedAt", "updatedAt"));
      written.put(table.tableName(), List.copyOf(columns));
    }
    return written;
  }

  // ---- selection -------------------------------------------------------------------------

  /**
   * The eligibility predicate over alias {@code x}, with its parameters put into {@code params}.
   * Future-dated rows are never eligible: they are left exactly as they are.
   */
  public static String eligibleWhere(
      ScoreTable table, ScoreSelection s, Dialect dialect, Map<String, Object> params) {
    return selectionWhere(table, s, dialect, params, " AND x.date <= :asOf");
  }

  /** The rows the selection would take but for their date: dated after the run's cut-off. */
  static String futureDatedWhere(
      ScoreTable table, ScoreSelection s, Dialect dialect, Map<String, Object> params) {
    return selectionWhere(table, s, dialect, params, " AND x.date > :asOf");
  }

  static String futureDatedRows(ScoreTable table, String where) {
    return "SELECT x.id, CAST(x.date AS VARCHAR) AS date FROM "
        + table.quotedName()
        + " x WHERE "
        + where
        + " ORDER BY x.id";
  }

  private static String selectionWhere(
      ScoreTable table,
      ScoreSelection s,
      Dialect dialect,
      Map<String, Object> params,
      String dateCut) {
    StringBuilder statuses = new StringBuilder("'NOT_STARTED', 'COMPLETED'");
    if (s.includeFailed()) {
      statuses.append(", 'FAILED', 'QUOTA_EXCEEDED'");
    } else if (s.retryQuotaExceeded()) {
      statuses.append(", 'QUOTA_EXCEEDED'");
    }
    String waiting =
        "(x.\"overallScore\" IS NULL AND x.\"aiAnalysisStatus\" IN (" + statuses + "))";
    StringBuilder where = new StringBuilder();
    if (s.rescoreOlderThan() != null) {
      params.put("scorer", table.scorerName());
      params.put("rescoreOlderThan", s.rescoreOlderThan());
      where
          .append("(")
          .append(waiting)
          .append(" OR (x.\"overallScore\" IS NOT NULL AND ")
          .append(olderScorerVersion(dialect))
          .append("))");
    } else {
      where.append(waiting);
    }
    if (table == ScoreTable.WORKOUT) {
      params.put("asOf", s.asOf());
      where.append(dateCut);
      if (s.since() != null) {
        params.put("since", s.since().atStartOfDay());
        where.append(" AND x.date >= :since");
      }
    } else {
      params.put("asOf", s.asOf().toLocalDate());
      where.append(dateCut);
      if (s.since() != null) {
        params.put("since", s.since());
        where.append(" AND x.date >= :since");
      }
    }
    if (s.userId() != null) {
      params.put("userId", s.userId());
      where.append(" AND x.\"userId\" = :userId");
    }
    return where.toString();
  }

  /** Rows our own scorer scored at a version below the one asked for. */
  private static String olderScorerVersion(Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL ->
          "x.\"aiAnalysisJson\"->>'scorer' = :scorer"
              + " AND (x.\"aiAnalysisJson\"->>'scorerVersion')::integer < :rescoreOlderThan";
      // H2 has no JSON path operators; read the two keys with a regular expression.
      case H2 ->
          "REGEXP_SUBSTR(CAST(x.\"aiAnalysisJson\" AS VARCHAR), '\"scorer\":\"([^\"]*)\"', 1, 1, '', 1) = :scorer"
              + " AND CAST(REGEXP_SUBSTR(CAST(x.\"aiAnalysisJson\" AS VARCHAR),"
              + " '\"scorerVersion\":([0-9]+)', 1, 1, '', 1) AS INTEGER) < :rescoreOlderThan";
    };
  }

  static String count(ScoreTable table, String where) {
    return "SELECT count(*) FROM " + table.quotedName() + " x WHERE " + where;
  }

  /** One row per eligible row: what the planner estimates for the progress total. */
  static String eligibleRows(ScoreTable table, String where) {
    return "SELECT x.id FROM " + table.quotedName() + " x WHERE " + where;
  }

  // ---- reading ---------------------------------------------------------------------------

  /**
   * The columns of a row's {@link RowVersion}, as the reader selects them (alias {@code x}): the
   * writer's compare-and-set checks that they are unchanged.
   */
  static final String VERSION_COLUMNS =
      "x.\"aiAnalysisStatus\" AS \"readStatus\", x.\"overallScore\" AS \"readOverallScore\","
          + " x.\"updatedAt\" AS \"readUpdatedAt\"";

  /**
   * The rows {@code ids} as they are now, for telling why a compare-and-set left them alone (a
   * handful of ids, usually none).
   */
  static String currentVersions(ScoreTable table) {
    return "SELECT x.id, "
        + VERSION_COLUMNS
        + " FROM "
        + table.quotedName()
        + " x WHERE x.id IN (:ids)";
  }

  /**
   * PostgreSQL: which of a chunk's rows can be locked now (without waiting); the others are held by
   * another transaction.
   */
  static String lockable(ScoreTable table) {
    return "SELECT id FROM "
        + table.quotedName()
        + " WHERE id = ANY (CAST(? AS text[])) ORDER BY id FOR UPDATE SKIP LOCKED";
  }

  /** Some ids' reader rows, still under the run's selection (the locked-row retry pass). */
  static String readerRowsById(ScoreTable table, String where, Dialect dialect) {
    return "SELECT * FROM "
        + readerFrom(table, where + " AND x.id IN (:ids)", dialect)
        + " ORDER BY id";
  }

  /** The compare-and-set of a single-row UPDATE: status, score and "updatedAt" as read. */
  private static final String UNCHANGED_SINCE_READ =
      " AND \"aiAnalysisStatus\" IS NOT DISTINCT FROM ? AND \"overallScore\" IS NOT DISTINCT FROM ?"
          + " AND \"updatedAt\" IS NOT DISTINCT FROM ?";

  /** The compare-and-set of an unnest UPDATE, against the arrays' st, os and ua. */
  private static final String UNCHANGED_SINCE_READ_ARRAYS =
      " AND x.\"aiAnalysisStatus\" IS NOT DISTINCT FROM v.st0"
          + " AND x.\"overallScore\" IS NOT DISTINCT FROM v.os0"
          + " AND x.\"updatedAt\" IS NOT DISTINCT FROM CAST(v.ua0 AS timestamp)"
          + " RETURNING x.id";

  private static final String VERSION_ARRAYS =
      ", CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[])";

  /**
   * {@link #updateScored} only while the row is as read: parameters as there, then status, score
   * and "updatedAt" as read. The update count says whether it was written.
   */
  static String updateScoredIfUnchanged(ScoreTable table, Dialect dialect) {
    return updateScored(table, dialect) + UNCHANGED_SINCE_READ;
  }

  /**
   * {@link #updateStatus} only while the row is as read (parameters as there, then the version).
   */
  static String updateStatusIfUnchanged(ScoreTable table, Dialect dialect) {
    return updateStatus(table, dialect) + UNCHANGED_SINCE_READ;
  }

  /**
   * The reader's FROM clause: a derived table so that the paging reader's sort key is a plain
   * {@code id}. PostgreSQL pulls the subquery up, so the keyset predicate and LIMIT use the primary
   * key index and the per-row aggregates run only for the rows of the page.
   */
  public static String readerFrom(ScoreTable table, String where, Dialect dialect) {
    return switch (table) {
      case WORKOUT ->
          "(SELECT x.id, "
              + VERSION_COLUMNS
              + ", x.\"userId\", x.date, x.type, x.\"durationSec\", x.\"elapsedTimeSec\","
              + " x.\"distanceMeters\", x.\"elevationGain\", x.\"averageWatts\", x.\"maxWatts\","
              + " x.\"normalizedPower\", x.\"weightedAvgWatts\", x.ftp, x.intensity, x.tss,"
              + " x.\"variabilityIndex\", x.\"efficiencyFactor\", x.\"lrBalance\", x.kilojoules,"
              + " x.\"averageHr\", x.\"maxHr\", x.trimp, x.decoupling, x.\"averageCadence\", x.\"maxCadence\","
              + " x.\"averageSpeed\", x.rpe, x.\"sessionRpe\", x.feel,"
              + " u.ftp AS \"userFtp\", u.\"maxHr\" AS \"userMaxHr\", u.\"restingHr\" AS \"userRestingHr\","
              + " u.lthr AS \"userLthr\", u.weight AS \"userWeight\", u.sex AS \"userSex\", u.id AS \"userRowId\","
              + " p.\"durationSec\" AS \"plannedDurationSec\", p.tss AS \"plannedTss\","
              + " p.\"workIntensity\" AS \"plannedWorkIntensity\", p.\"distanceMeters\" AS \"plannedDistanceMeters\","
              + " p.type AS \"plannedType\", "
              + strengthAggregates(dialect)
              + " WHERE "
              + where
              + ") t";
      // The day's training as a range over the (userId, date) index, not a cast of every workout's
      // date; a workout marked "isDuplicate" is the same session imported twice and is not summed.
      case NUTRITION ->
          "(SELECT x.id, "
              + VERSION_COLUMNS
              + ", x.\"userId\", x.date, x.calories, x.protein, x.carbs, x.fat, x.fiber,"
              + " x.sugar, CAST(x.breakfast AS VARCHAR) AS breakfast, CAST(x.lunch AS VARCHAR) AS lunch,"
              + " CAST(x.dinner AS VARCHAR) AS dinner, CAST(x.snacks AS VARCHAR) AS snacks,"
              + " x.\"caloriesGoal\", x.\"proteinGoal\", x.\"carbsGoal\", x.\"fatGoal\", x.\"waterMl\", x.notes,"
              + " u.weight AS \"userWeight\", u.sex AS \"userSex\", u.id AS \"userRowId\","
              + " (SELECT COALESCE(sum(w.\"durationSec\"), 0) FROM \"Workout\" w"
              + "   WHERE w.\"userId\" = x.\"userId\" AND NOT w.\"isDuplicate\""
              + "   AND w.date >= CAST(x.date AS TIMESTAMP)"
              + "   AND w.date < CAST(x.date AS TIMESTAMP) + INTERVAL '1' DAY) AS \"trainingSeconds\""
              + " FROM \"Nutrition\" x"
              + " LEFT JOIN \"User\" u ON u.id = x.\"userId\""
              + " WHERE "
              + where
              + ") t";
    };
  }

  /**
   * A workout's exercise and set counts and mean set RPE. PostgreSQL: one lateral aggregate per row
   * (one pass over its exercises and sets); H2 has no LATERAL, so four scalar subqueries.
   */
  private static String strengthAggregates(Dialect dialect) {
    String joins =
        " FROM \"Workout\" x"
            + " LEFT JOIN \"User\" u ON u.id = x.\"userId\""
            + " LEFT JOIN \"PlannedWorkout\" p ON p.id = x.\"plannedWorkoutId\"";
    return switch (dialect) {
      case POSTGRESQL ->
          "s.\"exerciseCount\", s.\"setCount\", s.\"setsWithReps\", s.\"averageSetRpe\""
              + joins
              + " CROSS JOIN LATERAL (SELECT count(DISTINCT we.id) AS \"exerciseCount\", count(ws.id) AS \"setCount\","
              + "   count(ws.reps) AS \"setsWithReps\", avg(ws.rpe) AS \"averageSetRpe\""
              + "   FROM \"WorkoutExercise\" we LEFT JOIN \"WorkoutSet\" ws ON ws.\"workoutExerciseId\" = we.id"
              + "   WHERE we.\"workoutId\" = x.id) s";
      case H2 ->
          "(SELECT count(*) FROM \"WorkoutExercise\" we WHERE we.\"workoutId\" = x.id) AS \"exerciseCount\","
              + " (SELECT count(*) FROM \"WorkoutSet\" ws JOIN \"WorkoutExercise\" we ON ws.\"workoutExerciseId\" = we.id"
              + "   WHERE we.\"workoutId\" = x.id) AS \"setCount\","
              + " (SELECT count(ws.reps) FROM \"WorkoutSet\" ws JOIN \"WorkoutExercise\" we ON ws.\"workoutExerciseId\" = we.id"
              + "   WHERE we.\"workoutId\" = x.id) AS \"setsWithReps\","
              + " (SELECT avg(ws.rpe) FROM \"WorkoutSet\" ws JOIN \"WorkoutExercise\" we ON ws.\"workoutExerciseId\" = we.id"
              + "   WHERE we.\"workoutId\" = x.id) AS \"averageSetRpe\""
              + joins;
    };
  }

  // ---- writing ---------------------------------------------------------------------------

  /** A JSON parameter: PostgreSQL casts text to jsonb; H2 needs FORMAT JSON to store it as JSON. */
  static String json(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "? FORMAT JSON";
  }

  public static String updateScored(ScoreTable table, Dialect dialect) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table.quotedName()).append(" SET ");
    for (ScoreTable.Column column : table.columns()) {
      sql.append('"')
          .append(column.scoreColumn())
          .append("\" = ?, \"")
          .append(column.explanationColumn())
          .append("\" = ?, ");
    }
    return sql.append("\"aiAnalysis\" = ?, \"aiAnalysisJson\" = ")
        .append(json(dialect))
        .append(
            ", \"aiAnalysisStatus\" = '"
                + AnalysisStatus.COMPLETED
                + "', \"aiAnalyzedAt\" = ?, \"updatedAt\" = ?")
        .append(" WHERE id = ?")
        .toString();
  }

  /**
   * PostgreSQL: a whole chunk's scored rows in one statement, one array parameter per column
   * unnested into rows (one execution and one index lookup per row instead of one statement per
   * row). Parameters: aiAnalyzedAt, updatedAt, then the arrays id, (score, explanation) per column,
   * aiAnalysis, aiAnalysisJson, and the version as read (status, score, "updatedAt" as text): a row
   * is written only while it is unchanged since the read; RETURNING names those written.
   */
  static String updateScoredFromArrays(ScoreTable table) {
    StringBuilder set = new StringBuilder();
    StringBuilder arrays = new StringBuilder("CAST(? AS text[])");
    StringBuilder names = new StringBuilder("id");
    int i = 0;
    for (ScoreTable.Column column : table.columns()) {
      set.append('"')
          .append(column.scoreColumn())
          .append("\" = v.s")
          .append(i)
          .append(", \"")
          .append(column.explanationColumn())
          .append("\" = v.e")
          .append(i)
          .append(", ");
      arrays.append(", CAST(? AS int[]), CAST(? AS text[])");
      names.append(", s").append(i).append(", e").append(i);
      i++;
    }
    return "UPDATE "
        + table.quotedName()
        + " x SET "
        + set
        + "\"aiAnalysis\" = v.md, \"aiAnalysisJson\" = CAST(v.js AS jsonb), \"aiAnalysisStatus\" = '"
        + AnalysisStatus.COMPLETED
        + "',"
        + " \"aiAnalyzedAt\" = ?, \"updatedAt\" = ?"
        + " FROM unnest("
        + arrays
        + ", CAST(? AS text[]), CAST(? AS text[])"
        + VERSION_ARRAYS
        + ") AS v("
        + names
        + ", md, js, st0, os0, ua0)"
        + " WHERE x.id = v.id"
        + UNCHANGED_SINCE_READ_ARRAYS;
  }

  /**
   * PostgreSQL: a chunk's status-only rows in one statement. Parameters: updatedAt, then arrays id,
   * status, json, and the version as read (compare-and-set as in {@link #updateScoredFromArrays}).
   */
  static String updateStatusFromArrays(ScoreTable table) {
    return "UPDATE "
        + table.quotedName()
        + " x SET \"aiAnalysisStatus\" = v.st, \"aiAnalysisJson\" = CAST(v.js AS jsonb),"
        + " \"updatedAt\" = ? FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])"
        + VERSION_ARRAYS
        + ") AS v(id, st, js, st0, os0, ua0)"
        + " WHERE x.id = v.id"
        + UNCHANGED_SINCE_READ_ARRAYS;
  }

  /**
   * Empty rows become SKIPPED_EMPTY, invalid ones FAILED; the reason goes into "aiAnalysisJson".
   */
  public static String updateStatus(ScoreTable table, Dialect dialect) {
    return "UPDATE "
        + table.quotedName()
        + " SET \"aiAnalysisStatus\" = ?, \"aiAnalysisJson\" = "
        + json(dialect)
        + ", \"updatedAt\" = ? WHERE id = ?";
  }

  static String scorerName(ScoreTable table) {
    return table == ScoreTable.WORKOUT ? WorkoutScorer.NAME : NutritionScorer.NAME;
  }

  /**
   * Partitioning (issue 13): the ids of the selection's rows whose rank in id order is in {@code
   * :ranks}, in rank order; the boundaries of the key ranges.
   */
  static String idsAtRanks(ScoreTable table, String where) {
    return "SELECT id FROM (SELECT x.id, ROW_NUMBER() OVER (ORDER BY x.id) AS rn FROM "
        + table.quotedName()
        + " x WHERE "
        + where
        + ") r WHERE rn IN (:ranks) ORDER BY rn";
  }
}
