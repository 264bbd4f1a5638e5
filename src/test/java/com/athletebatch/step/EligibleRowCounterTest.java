package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
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

  /** For the cases that must not touch a database: connecting fails. */
  private static final javax.sql.DataSource NO_DATABASE =
      new org.springframework.jdbc.datasource.DriverManagerDataSource("jdbc:none:");

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

  /**
   * A partition's first execution: the partitioner's exact size, no query (the planner's estimate
   * of a key range was the whole step's: "34 / ~271").
   */
  @Test
  void aPartitionsFirstExecutionTakesItsSizeFromThePartitioner() {
    StepExecution step = MetaDataInstanceFactory.createStepExecution();
    new KeyRange(1, 3, "a", "m", false, 34).writeTo(step.getExecutionContext());
    new EligibleRowCounter(
            NO_DATABASE,
            s -> {
              throw new AssertionError("a partition's size is known: no count, no estimate");
            })
        .beforeStep(step);
    assertThat(step.getExecutionContext().getLong(EligibleRowCounter.TOTAL)).isEqualTo(34);
    assertThat(step.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED)).isFalse();
  }

  /** A restarted partition reads only what follows its last chunk: counted again. */
  @Test
  void aRestartedPartitionIsCountedAgain() {
    try (TestDatabase db = TestDatabase.h2()) {
      db.jdbc().execute("CREATE TABLE item (id int PRIMARY KEY, score int)");
      db.jdbc().execute("INSERT INTO item VALUES (1, NULL), (2, 5), (3, NULL)");
      StepExecution step = MetaDataInstanceFactory.createStepExecution();
      new KeyRange(0, 2, null, "m", false, 34).writeTo(step.getExecutionContext());
      step.getExecutionContext().putLong(EligibleRowCounter.TOTAL, 34);
      new EligibleRowCounter(db.dataSource(), s -> WAITING).beforeStep(step);
      assertThat(step.getExecutionContext().getLong(EligibleRowCounter.TOTAL)).isEqualTo(2);
    }
  }

  /**
   * A COMPLETED step's total becomes what it read ("98.3 % of ~25,773" was left on a completed
   * step); a step that did not complete keeps its total.
   */
  @Test
  void aCompletedStepsTotalBecomesWhatItRead() {
    record Case(
        BatchStatus status,
        long total,
        boolean estimated,
        long read,
        long expected,
        boolean stillEstimated) {}
    for (Case c :
        List.of(
            new Case(BatchStatus.COMPLETED, 25_773, true, 25_337, 25_337, false),
            new Case(BatchStatus.COMPLETED, 100, false, 103, 103, false),
            new Case(BatchStatus.COMPLETED, 0, false, 0, 0, false),
            new Case(BatchStatus.FAILED, 25_773, true, 12_000, 25_773, true),
            new Case(BatchStatus.STOPPED, 500, false, 200, 500, false))) {
      StepExecution step = MetaDataInstanceFactory.createStepExecution();
      step.getExecutionContext().putLong(EligibleRowCounter.TOTAL, c.total());
      if (c.estimated()) {
        step.getExecutionContext().put(EligibleRowCounter.ESTIMATED, Boolean.TRUE);
      }
      step.setReadCount(c.read());
      step.setStatus(c.status());
      new EligibleRowCounter(NO_DATABASE, s -> WAITING).afterStep(step);
      assertThat(step.getExecutionContext().getLong(EligibleRowCounter.TOTAL))
          .as("%s", c)
          .isEqualTo(c.expected());
      assertThat(step.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED))
          .as("%s", c)
          .isEqualTo(c.stillEstimated());
    }
    // a step without a total gets none
    StepExecution none = MetaDataInstanceFactory.createStepExecution();
    none.setStatus(BatchStatus.COMPLETED);
    EligibleRowCounter.settle(none);
    assertThat(none.getExecutionContext().containsKey(EligibleRowCounter.TOTAL)).isFalse();
  }
}
