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

  // ---- reading ---------------------------------------------------------------------------

  /**
   * The reader's FROM clause: a derived table so that the paging reader's sort key is a plain
   * {@code id}. PostgreSQL pulls the subquery up, so the keyset predicate and LIMIT use the primary
   * key index and the per-row aggregates run only for the rows of the page.
   */
  public static String readerFrom(ScoreTable table, String where, Dialect dialect) {
    return switch (table) {
      case WORKOUT ->
          "(SELECT x.id, x.\"userId\", x.date, x.type, x.\"durationSec\", x.\"elapsedTimeSec\","
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
      // date.
      case NUTRITION ->
          "(SELECT x.id, x.\"userId\", x.date, x.calories, x.protein, x.carbs, x.fat, x.fiber,"
              + " x.sugar, CAST(x.breakfast AS VARCHAR) AS breakfast, CAST(x.lunch AS VARCHAR) AS lunch,"
              + " CAST(x.dinner AS VARCHAR) AS dinner, CAST(x.snacks AS VARCHAR) AS snacks,"
              + " x.\"caloriesGoal\", x.\"proteinGoal\", x.\"carbsGoal\", x.\"fatGoal\", x.\"waterMl\", x.notes,"
              + " u.weight AS \"userWeight\", u.sex AS \"userSex\", u.id AS \"userRowId\","
              + " (SELECT COALESCE(sum(w.\"durationSec\"), 0) FROM \"Workout\" w"
              + "   WHERE w.\"userId\" = x.\"userId\" AND w.date >= CAST(x.date AS TIMESTAMP)"
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
   * aiAnalysis, aiAnalysisJson.
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
        + ", CAST(? AS text[]), CAST(? AS text[])) AS v("
        + names
        + ", md, js)"
        + " WHERE x.id = v.id";
  }

  /**
   * PostgreSQL: a chunk's status-only rows in one statement. Parameters: updatedAt, then arrays id,
   * status, json.
   */
  static String updateStatusFromArrays(ScoreTable table) {
    return "UPDATE "
        + table.quotedName()
        + " x SET \"aiAnalysisStatus\" = v.st, \"aiAnalysisJson\" = CAST(v.js AS jsonb),"
        + " \"updatedAt\" = ? FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(id, st, js)"
        + " WHERE x.id = v.id";
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
