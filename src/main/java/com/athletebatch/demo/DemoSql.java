package com.athletebatch.demo;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.ScoreTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every SQL statement the demo generator runs, in one place. {@code {json}} marks a jsonb / JSON
 * parameter: it becomes {@code ?::jsonb} on PostgreSQL and {@code ? FORMAT JSON} on H2 (see {@link
 * #forDialect}). The column lists double as the binding order: {@link BatchInserter} reads them to
 * bind values by column name.
 */
final class DemoSql {

  private DemoSql() {}

  static final String USER_EXISTS = "SELECT count(*) FROM \"User\" WHERE \"id\" = ?";

  static final String INSERT_USER =
      """
            INSERT INTO "User" ("id", "name", "email", "createdAt", "updatedAt", "ftp", "maxHr", "lthr",
                "restingHr", "weight", "height", "dob", "sex", "timezone", "country", "weightUnits")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_EXERCISE =
      """
            INSERT INTO "Exercise" ("id", "externalId", "title", "type", "primaryMuscle", "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_PLANNED_WORKOUT =
      """
            INSERT INTO "PlannedWorkout" ("id", "userId", "externalId", "date", "title", "type", "category",
                "durationSec", "distanceMeters", "tss", "workIntensity", "completed", "completionStatus",
                "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  /**
   * The score and explanation columns come from {@link ScoreTable}, so that a new sub-score needs
   * no change here.
   */
  static final String INSERT_WORKOUT =
      insert(
          "Workout",
          List.of(
              "id",
              "userId",
              "externalId",
              "source",
              "date",
              "title",
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
              "powerHrRatio",
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
              "trainingLoad",
              "calories",
              "trainer",
              "deviceName",
              "aiAnalysisStatus",
              "aiAnalyzedAt",
              "aiAnalysis",
              "aiAnalysisJson"),
          ScoreTable.WORKOUT,
          List.of("plannedWorkoutId", "notes", "createdAt", "updatedAt"),
          "aiAnalysisJson");

  /**
   * {@code INSERT INTO "table" (before…, the table's score columns, then its explanation columns,
   * after…) VALUES (…)}, with {@code {json}} for the JSON column.
   */
  private static String insert(
      String table, List<String> before, ScoreTable scores, List<String> after, String json) {
    List<String> columns = new ArrayList<>(before);
    scores.columns().forEach(c -> columns.add(c.scoreColumn()));
    scores.columns().forEach(c -> columns.add(c.explanationColumn()));
    columns.addAll(after);
    return "INSERT INTO \""
        + table
        + "\" ("
        + columns.stream().map(c -> '"' + c + '"').collect(Collectors.joining(", "))
        + ")\nVALUES ("
        + columns.stream()
            .map(c -> c.equals(json) ? "{json}" : "?")
            .collect(Collectors.joining(", "))
        + ")";
  }

  static final String INSERT_WORKOUT_EXERCISE =
      """
            INSERT INTO "WorkoutExercise" ("id", "workoutId", "exerciseId", "order", "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?)""";

  static final String INSERT_WORKOUT_SET =
      """
            INSERT INTO "WorkoutSet" ("id", "workoutExerciseId", "reps", "weight", "weightUnit", "rpe",
                "durationSec", "type", "order", "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_NUTRITION =
      """
            INSERT INTO "Nutrition" ("id", "userId", "date", "calories", "protein", "carbs", "fat", "fiber",
                "sugar", "breakfast", "lunch", "dinner", "snacks", "caloriesGoal", "proteinGoal", "carbsGoal",
                "fatGoal", "waterMl", "notes", "isManualLock", "aiAnalysisStatus", "aiAnalyzedAt", "aiAnalysis",
                "overallScore", "macroBalanceScore", "qualityScore", "adherenceScore", "hydrationScore",
                "nutritionalBalanceExplanation", "calorieAdherenceExplanation", "macroDistributionExplanation",
                "hydrationStatusExplanation", "timingOptimizationExplanation", "createdAt", "updatedAt")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {json}, {json}, {json}, {json}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_KURA_USER =
      """
            INSERT INTO users (id, email, password_hash, display_name, is_active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_EVENT =
      """
            INSERT INTO events (id, user_id, timestamp, event_type, data, metadata, created_at)
            VALUES (?, ?, ?, ?, {json}, {json}, ?)""";

  /** Replaces the {@code {json}} markers for the dialect. */
  static String forDialect(String sql, Dialect dialect) {
    return sql.replace("{json}", dialect == Dialect.POSTGRESQL ? "?::jsonb" : "? FORMAT JSON");
  }

  /** The column names of an {@code INSERT INTO t (a, b, ...) VALUES ...} statement, in order. */
  static String[] columns(String insertSql) {
    int open = insertSql.indexOf('(');
    int close = insertSql.indexOf(')', open);
    String[] names = insertSql.substring(open + 1, close).split(",");
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].strip().replace("\"", "");
    }
    return names;
  }

  /** The table name of an {@code INSERT INTO} statement, without quotes. */
  static String table(String insertSql) {
    String rest = insertSql.strip().substring("INSERT INTO".length()).strip();
    return rest.substring(0, rest.indexOf(' ')).replace("\"", "");
  }
}
