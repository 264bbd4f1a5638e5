package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The progress total: an exact count for a cheap selection (and on H2), the planner's estimate
 * without reading the rows when counting would be a pass over a large table.
 */
class EligibleRowCounterTest {

  private static final EligibleRowCounter.CountQuery WAITING =
      new EligibleRowCounter.CountQuery(
          "SELECT count(*) FROM item WHERE score IS NULL AND id > :min",
          Map.of("min", 0),
          "SELECT id FROM item WHERE score IS NULL AND id > :min");

  private static StepExecution run(TestDatabase db) {
    StepExecution step = MetaDataInstanceFactory.createStepExecution();
    new EligibleRowCounter(db.dataSource(), s -> WAITING).beforeStep(step);
    return step;
  }

  private static long rowsRead(JdbcTemplate jdbc) {
    jdbc.execute("SELECT pg_stat_clear_snapshot()");
    return jdbc.queryForObject(
        // rows read (the planner may probe the index's ends for a range's bounds: a few rows)
        "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables"
            + " WHERE relname = 'item'",
        Long.class);
  }

  @Test
  void smallSelectionsAreCountedExactly() {
    try (TestDatabase db = TestDatabase.postgres()) {
      db.jdbc().execute("CREATE TABLE item (id int PRIMARY KEY, score int)");
      db.jdbc()
          .execute(
              "INSERT INTO item SELECT g, CASE WHEN g % 3 = 0 THEN 1 END FROM generate_series(1, 300) g");
      db.jdbc().execute("ANALYZE item");

      StepExecution step = run(db);

      assertThat(step.getExecutionContext().getLong(EligibleRowCounter.TOTAL)).isEqualTo(200);
      assertThat(step.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED)).isFalse();
    }
  }

  @Test
  void largeSelectionsTakeThePlannersEstimateWithoutReadingTheTable() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      JdbcTemplate jdbc = db.jdbc();
      jdbc.execute("CREATE TABLE item (id int PRIMARY KEY, score int)");
      jdbc.execute(
          "INSERT INTO item SELECT g, CASE WHEN g % 4 = 0 THEN 1 END FROM generate_series(1, 300000) g");
      jdbc.execute("ANALYZE item");
      long before = rowsRead(jdbc);

      StepExecution step = run(db);

      long total = step.getExecutionContext().getLong(EligibleRowCounter.TOTAL);
      assertThat(total).isBetween(200_000L, 250_000L); // 225,000 waiting
      assertThat(step.getExecutionContext().get(EligibleRowCounter.ESTIMATED)).isEqualTo(true);
      Thread.sleep(1100); // a backend reports its statistics at most once a second
      assertThat(rowsRead(jdbc) - before).isLessThan(1000); // a count reads 300,000
    }
  }

  @Test
  void h2IsAlwaysCounted() {
    try (TestDatabase db = TestDatabase.h2()) {
      db.jdbc().execute("CREATE TABLE item (id int PRIMARY KEY, score int)");
      db.jdbc().execute("INSERT INTO item VALUES (1, NULL), (2, 5), (3, NULL)");

      StepExecution step = run(db);

      assertThat(step.getExecutionContext().getLong(EligibleRowCounter.TOTAL)).isEqualTo(2);
      assertThat(step.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED)).isFalse();
    }
  }
}
