package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.support.Cli;
import com.athletebatch.support.DomainRows;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The scoreBackfill job end to end, through the command line, on H2 and on real PostgreSQL, against
 * the upstream-compatible schema with its CHECK constraints and NOT NULL "updatedAt".
 */
class ScoreBackfillJobTest {

  private static final LocalDateTime PAST = LocalDateTime.of(2026, 3, 1, 7, 30);
  private static final LocalDateTime FUTURE = LocalDateTime.now().plusYears(1);

  private static TestDatabase prepared(Dialect dialect) {
    TestDatabase db = TestDatabase.create(dialect);
    DomainSchema.createIfMissing(db.dataSource());
    DomainRows rows = new DomainRows(db.jdbc(), dialect);
    rows.user("u1", 72.0, 250, 190, 50, "M");
    rows.ride("w-ok", "u1", PAST, "NOT_STARTED");
    rows.ride("w-completed-null", "u1", PAST.plusDays(1), "COMPLETED");
    rows.ride("w-future", "u1", FUTURE, "NOT_STARTED");
    rows.ride("w-failed", "u1", PAST.plusDays(2), "FAILED");
    rows.ride("w-quota", "u1", PAST.plusDays(3), "QUOTA_EXCEEDED");
    rows.ride("w-pending", "u1", PAST.plusDays(4), "PENDING");
    rows.ride("w-nan", "u1", PAST.plusDays(5), "NOT_STARTED");
    rows.set("\"Workout\"", "w-nan", "decoupling", Double.NaN);
    rows.ride("w-negative", "u1", PAST.plusDays(6), "NOT_STARTED");
    rows.set("\"Workout\"", "w-negative", "\"averageHr\"", -5);
    rows.ride("w-scored", "u1", PAST.plusDays(7), "COMPLETED");
    rows.set("\"Workout\"", "w-scored", "\"overallScore\"", 7);
    rows.emptyWorkout("w-empty", "u1", PAST.plusDays(8));
    rows.nutrition(
        "n-ok",
        "u1",
        LocalDate.of(2026, 3, 1),
        "[{\"name\":\"oats\",\"calories\":400},{\"name\":\"berries\",\"calories\":80}]");
    rows.nutrition("n-bare-string", "u1", LocalDate.of(2026, 3, 2), "\"just coffee\"");
    rows.nutrition(
        "n-object", "u1", LocalDate.of(2026, 3, 3), "{\"name\":\"toast\",\"calories\":250}");
    rows.nutrition("n-future", "u1", FUTURE.toLocalDate(), "[]");
    return db;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void scoresEligibleRowsAndLeavesTheOthersAsTheRulesSay(Dialect dialect) {
    try (TestDatabase db = prepared(dialect)) {
      JdbcTemplate jdbc = db.jdbc();
      var futureBefore = TableSnapshot.of(jdbc, "\"Workout\"", Set.of()).get("w-future");
      var untouchedBefore = TableSnapshot.of(jdbc, "\"Workout\"", Set.of());

      Cli.Result result =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "3");

      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).contains("COMPLETED");
      for (String id : List.of("w-ok", "w-completed-null")) {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM \"Workout\" WHERE id = ?", id);
        assertThat(row.get("aiAnalysisStatus")).isEqualTo("COMPLETED");
        assertThat((Integer) row.get("overallScore")).isBetween(1, 10);
        assertThat((String) row.get("overallQualityExplanation")).isNotBlank();
        assertThat((String) row.get("aiAnalysis")).isNotBlank();
        JsonNode analysis = analysisJson(jdbc, "Workout", id);
        assertThat(analysis.path("scorer").asString()).isEqualTo("workout-scorer");
        assertThat(analysis.path("scorerVersion").asInt()).isEqualTo(1);
        assertThat(analysis.path("scores").path("overall").asInt())
            .isEqualTo(row.get("overallScore"));
        assertThat(row.get("aiAnalyzedAt")).isNotNull();
      }
      // Future-dated: exactly as it was, every column.
      assertThat(TableSnapshot.of(jdbc, "\"Workout\"", Set.of()).get("w-future"))
          .isEqualTo(futureBefore);
      // Not selected by default: FAILED, QUOTA_EXCEEDED, PENDING, already scored.
      Map<String, Map<String, Object>> after = TableSnapshot.of(jdbc, "\"Workout\"", Set.of());
      for (String id : List.of("w-failed", "w-quota", "w-pending", "w-scored")) {
        assertThat(after.get(id)).as(id).isEqualTo(untouchedBefore.get(id));
      }
      assertThat(status(jdbc, "Workout", "w-empty")).isEqualTo("SKIPPED_EMPTY");
      assertThat(status(jdbc, "Workout", "w-nan")).isEqualTo("FAILED");
      assertThat(status(jdbc, "Workout", "w-negative")).isEqualTo("FAILED");
      assertThat(analysisJson(jdbc, "Workout", "w-negative").path("reason").asString())
          .contains("averageHr");
      assertThat(
              jdbc.queryForList(
                  "SELECT ITEM_ID FROM batch.ATHLETE_SKIP_LOG WHERE REASON_CODE <> 'future_dated'"
                      + " ORDER BY ITEM_ID",
                  String.class))
          .containsExactly("w-nan", "w-negative");
      // Future-dated rows are left as they are, but not silently: the skip log names them.
      assertThat(
              jdbc.queryForList(
                  "SELECT ITEM_ID FROM batch.ATHLETE_SKIP_LOG WHERE REASON_CODE = 'future_dated'"
                      + " ORDER BY ITEM_ID",
                  String.class))
          .containsExactly("n-future", "w-future");
      for (String id : List.of("n-ok", "n-bare-string", "n-object")) {
        assertThat(status(jdbc, "Nutrition", id)).as(id).isEqualTo("COMPLETED");
        assertThat(
                jdbc.queryForObject(
                    "SELECT \"overallScore\" FROM \"Nutrition\" WHERE id = ?", Integer.class, id))
            .isBetween(1, 10);
      }
      assertThat(status(jdbc, "Nutrition", "n-future")).isEqualTo("NOT_STARTED");
      // The seed's own check.
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NOT NULL",
                  Integer.class))
          .isEqualTo(3);
      // The job repository lives in its own schema.
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM batch.BATCH_JOB_EXECUTION WHERE STATUS = 'COMPLETED'",
                  Integer.class))
          .isEqualTo(1);

      Cli.Result second = Cli.run("backfill-scores", "--database-url", db.jdbcUrl(), "--yes");
      assertThat(second.exitCode()).isZero();
      assertThat(second.out()).contains("All items already have scores!");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void includeFailedAlsoTakesFailedAndQuotaExceededRows(Dialect dialect) {
    try (TestDatabase db = prepared(dialect)) {
      Cli.Result result =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--include-failed");
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(status(db.jdbc(), "Workout", "w-failed")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-quota")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-pending")).isEqualTo("PENDING");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void sinceAndUserNarrowTheSelection(Dialect dialect) {
    try (TestDatabase db = prepared(dialect)) {
      new DomainRows(db.jdbc(), dialect).user("u2", 60.0, 200, 185, 55, "F");
      new DomainRows(db.jdbc(), dialect).ride("w-other-user", "u2", PAST, "NOT_STARTED");
      Cli.Result result =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              db.jdbcUrl(),
              "--user",
              "u2",
              "--since",
              "2026-02-01");
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(status(db.jdbc(), "Workout", "w-other-user")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-ok")).isEqualTo("NOT_STARTED");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void dryRunOnlyCounts(Dialect dialect) {
    try (TestDatabase db = prepared(dialect)) {
      var before = TableSnapshot.of(db.jdbc(), "\"Workout\"", Set.of());
      Cli.Result result = Cli.run("backfill-scores", "--database-url", db.jdbcUrl(), "--dry-run");
      assertThat(result.exitCode()).isZero();
      // w-ok, w-completed-null, w-nan, w-negative, w-empty; n-ok, n-bare-string, n-object
      assertThat(result.out())
          .containsPattern("Workouts without scores:\\s+5")
          .containsPattern("Nutrition days without scores:\\s+3")
          .contains("Dry run: nothing was changed.");
      assertThat(TableSnapshot.of(db.jdbc(), "\"Workout\"", Set.of())).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aMissingTableFailsAtOnceNamingIt(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Cli.Result result = Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl());
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.all()).contains("\"User\"");
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM information_schema.tables"
                          + " WHERE table_name IN ('Workout', 'Nutrition')",
                      Integer.class))
          .isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void demoDataIsScoredAndEveryScoreIsInRange(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(10, 300, 150, 0, 7));
      Cli.Result result = Cli.run("backfill-scores", "--database-url", db.jdbcUrl(), "--yes");
      assertThat(result.exitCode()).as(result.all()).isZero();
      JdbcTemplate jdbc = db.jdbc();
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"aiAnalysisStatus\" = 'COMPLETED'"
                      + " AND \"overallScore\" IS NOT NULL",
                  Integer.class))
          .isGreaterThan(200);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Nutrition\" WHERE \"overallScore\" IS NOT NULL",
                  Integer.class))
          .isGreaterThan(100);
      Cli.Result dry = Cli.run("backfill-scores", "--database-url", db.jdbcUrl(), "--dry-run");
      assertThat(dry.out()).contains("All items already have scores!");
      if (dialect == Dialect.POSTGRESQL) {
        // The analysis the job wrote is compressed with lz4 where the server offers it.
        boolean lz4 =
            jdbc.queryForObject(
                    "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression'"
                        + " AND 'lz4' = ANY(enumvals)",
                    Integer.class)
                > 0;
        assertThat(
                jdbc.queryForList(
                    "SELECT DISTINCT CAST(pg_column_compression(\"aiAnalysisJson\") AS text)"
                        + " FROM \"Workout\" WHERE \"aiAnalysisStatus\" = 'COMPLETED'"
                        + " AND pg_column_compression(\"aiAnalysisJson\") IS NOT NULL",
                    String.class))
            .containsExactly(lz4 ? "lz4" : "pglz");
      }
    }
  }

  static JsonNode analysisJson(JdbcTemplate jdbc, String table, String id) {
    String json =
        jdbc.queryForObject(
            "SELECT CAST(\"aiAnalysisJson\" AS VARCHAR) FROM \"" + table + "\" WHERE id = ?",
            String.class,
            id);
    try {
      return JsonMappers.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static String status(JdbcTemplate jdbc, String table, String id) {
    return jdbc.queryForObject(
        "SELECT \"aiAnalysisStatus\" FROM \"" + table + "\" WHERE id = ?", String.class, id);
  }
}
