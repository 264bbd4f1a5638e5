package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The skip log writes what it is given (one statement from arrays on PostgreSQL), truncated. */
class SkipLogTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void entriesAreWrittenInOrderTruncatedAndFoundByReason(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      JobRepositorySchema schema = new JobRepositorySchema(db.dataSource(), dialect, "batch");
      schema.createIfMissing();
      JdbcTemplate jdbc = db.jdbc();
      SkipLog log = new SkipLog(jdbc, schema.skipLogTable(), dialect);
      String longReason = "x".repeat(3000);

      log.record(
          7,
          "scoreWorkouts",
          List.of(
              new SkipLog.Entry("Workout", "w1", "future_dated", "dated later"),
              new SkipLog.Entry("Workout", "w2", "invalid_metric", longReason),
              new SkipLog.Entry("Workout", null, "future_dated", "it's \"quoted\", {braced}")));
      log.record(
          8, "scoreWorkouts", List.of(new SkipLog.Entry("Workout", "w9", "future_dated", "one")));
      log.record(9, "scoreWorkouts", List.of());

      List<String> rows =
          jdbc.queryForList(
              "SELECT JOB_EXECUTION_ID || '|' || STEP_NAME || '|' || TABLE_NAME || '|' || ITEM_ID"
                  + " || '|' || REASON_CODE || '|' || REASON FROM "
                  + schema.skipLogTable()
                  + " ORDER BY SKIP_ID",
              String.class);
      assertThat(rows)
          .containsExactly(
              "7|scoreWorkouts|Workout|w1|future_dated|dated later",
              "7|scoreWorkouts|Workout|w2|invalid_metric|" + "x".repeat(2499) + "…",
              "7|scoreWorkouts|Workout||future_dated|it's \"quoted\", {braced}",
              "8|scoreWorkouts|Workout|w9|future_dated|one");
      assertThat(log.itemIds(List.of(7L, 8L), "Workout", "future_dated"))
          .containsExactlyInAnyOrder("w1", "", "w9");
      assertThat(log.itemIds(List.of(8L), "Workout", "invalid_metric")).isEmpty();
      assertThat(log.itemIds(List.of(), "Workout", "future_dated")).isEmpty();
    }
  }
}
