package com.athletebatch.scoring;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run that fails midway (a database error on one row) is restarted with the same command and
 * continues from its last committed chunk; the tables then equal those of an uninterrupted run and
 * no row is written twice.
 */
class ScoreBackfillRestartTest {

  private static final DemoOptions DEMO = new DemoOptions(8, 400, 120, 0, 11);

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFailedRunRestartsFromItsLastCommittedChunkAndEndsLikeAnUninterruptedOne(Dialect dialect) {
    try (TestDatabase interrupted = TestDatabase.create(dialect);
        TestDatabase reference = TestDatabase.create(dialect)) {
      for (TestDatabase db : List.of(interrupted, reference)) {
        DomainSchema.createIfMissing(db.dataSource());
        new DemoDataGenerator().generate(db.dataSource(), DEMO);
      }
      JdbcTemplate jdbc = interrupted.jdbc();
      List<String> eligible = EligibleWorkouts.ids(jdbc);
      int middle = eligible.size() / 2;
      String poison = eligible.get(middle);
      // Every outcome (scored, empty, failed) writes "aiAnalysisJson": from now on any write to
      // this row fails, as a database error midway through the run would.
      jdbc.update("UPDATE \"Workout\" SET \"aiAnalysisJson\" = NULL WHERE id = ?", poison);
      jdbc.execute(
          "ALTER TABLE \"Workout\" ADD CONSTRAINT poison CHECK (id <> '"
              + poison
              + "' OR \"aiAnalysisJson\" IS NULL)");
      reference
          .jdbc()
          .update("UPDATE \"Workout\" SET \"aiAnalysisJson\" = NULL WHERE id = ?", poison);

      Cli.Result failed =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--chunk-size",
              "25");
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.out()).contains("FAILED").contains("the same command again");
      // Every chunk before the poisoned one was committed, and nothing after it.
      assertThat(
              jdbc.queryForObject(
                  "SELECT WRITE_COUNT FROM batch.BATCH_STEP_EXECUTION"
                      + " WHERE STEP_NAME = 'scoreWorkouts'",
                  Integer.class))
          .isEqualTo(middle / 25 * 25);

      jdbc.execute("ALTER TABLE \"Workout\" DROP CONSTRAINT poison");
      Cli.Result resumed =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--chunk-size",
              "25");
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all()).contains("Resuming scoreBackfill execution");

      Cli.Result uninterrupted =
          Cli.run(
              "run", "scoreBackfill", "--database-url", reference.jdbcUrl(), "--chunk-size", "25");
      assertThat(uninterrupted.exitCode()).isZero();

      for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
        assertThat(TableSnapshot.of(jdbc, table, TableSnapshot.WRITE_TIMES))
            .as(table)
            .isEqualTo(TableSnapshot.of(reference.jdbc(), table, TableSnapshot.WRITE_TIMES));
      }
      // One job instance, two executions; the second wrote only what the first had not.
      assertThat(
              jdbc.queryForObject("SELECT count(*) FROM batch.BATCH_JOB_INSTANCE", Integer.class))
          .isEqualTo(1);
      Integer workoutWrites =
          jdbc.queryForObject(
              "SELECT sum(WRITE_COUNT) FROM batch.BATCH_STEP_EXECUTION"
                  + " WHERE STEP_NAME = 'scoreWorkouts'",
              Integer.class);
      assertThat(workoutWrites).isEqualTo(eligible.size());
    }
  }
}
