package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A chunk whose transaction fails after the readers' position was advanced in memory (here saving
 * the step context fails; in production a connection lost at that moment) rolls back its rows, and
 * the failing step saves its context again on the way out. The restart must still score those rows:
 * the tables end equal to an uninterrupted run's (CommittedContextGuard).
 */
class FailedCommitTest {

  private static final DemoOptions DEMO = new DemoOptions(8, 400, 120, 0, 11);

  @Test
  void rowsOfAChunkWhoseTransactionFailedAreScoredByTheRestart() {
    try (TestDatabase interrupted = TestDatabase.create(Dialect.POSTGRESQL);
        TestDatabase reference = TestDatabase.create(Dialect.POSTGRESQL)) {
      for (TestDatabase db : List.of(interrupted, reference)) {
        DomainSchema.createIfMissing(db.dataSource());
        new DemoDataGenerator().generate(db.dataSource(), DEMO);
      }
      JdbcTemplate jdbc = interrupted.jdbc();
      List<String> eligible = EligibleWorkouts.ids(jdbc);
      // The last row of the fourth chunk: the reader's saved position after that chunk names it.
      String lastOfChunk = eligible.get(4 * 25 - 1);
      // Saving that position inside the chunk's transaction fails once (a sequence is not
      // rolled back): the chunk's rows roll back after the reader's position has moved on.
      Cli.run("executions", "--database-url", interrupted.jdbcUrl()); // creates the job repository
      jdbc.execute("CREATE SEQUENCE fail_once");
      jdbc.execute(
          "CREATE FUNCTION fail_context_save() RETURNS trigger LANGUAGE plpgsql AS $$"
              + " BEGIN IF NEW.SHORT_CONTEXT LIKE '%"
              + lastOfChunk
              + "%' AND nextval('fail_once') = 1 THEN"
              + " RAISE EXCEPTION 'context save refused'; END IF; RETURN NEW; END $$");
      jdbc.execute(
          "CREATE TRIGGER fail_context_save BEFORE UPDATE ON batch.BATCH_STEP_EXECUTION_CONTEXT"
              + " FOR EACH ROW EXECUTE FUNCTION fail_context_save()");

      Cli.Result failed =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--chunk-size",
              "25");
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.all()).contains("context save refused");

      Cli.Result resumed =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--chunk-size",
              "25");
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      Cli.run("run", "scoreBackfill", "--database-url", reference.jdbcUrl(), "--chunk-size", "25");

      for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
        assertThat(
                DatabaseRestartTest.differences(
                    TableSnapshot.of(jdbc, table, TableSnapshot.WRITE_TIMES),
                    TableSnapshot.of(reference.jdbc(), table, TableSnapshot.WRITE_TIMES)))
            .as(table)
            .isEmpty();
      }
      // The counters kept in the context are what was committed: the writes add up.
      assertThat(EligibleWorkouts.count(jdbc)).isZero();
    }
  }
}
