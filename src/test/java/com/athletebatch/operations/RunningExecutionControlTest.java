package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.ChildRuns;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs in separate JVMs on PostgreSQL, slowed by a trigger so that they are still going while they
 * are watched: status shows the progress and heartbeat; recover refuses a live run; stop ends it
 * STOPPED after a chunk; its restart in another JVM, SIGKILLed midway, is left STARTED with a dead
 * heartbeat until recover marks it FAILED; restart then completes it, and the tables equal those of
 * an uninterrupted run.
 */
class RunningExecutionControlTest {

  private static final DemoOptions DEMO = new DemoOptions(6, 300, 40, 0, 23);
  private static final int CHUNK = 5;

  @Test
  void aRunInAnotherJvmIsWatchedStoppedRestartedKilledRecoveredAndCompleted() throws Exception {
    try (TestDatabase db = demo();
        TestDatabase reference = demo()) {
      JdbcTemplate jdbc = db.jdbc();
      String url = db.jdbcUrl();
      ChildRuns.slowDown(jdbc, 0.1);

      // 1. A live run: shown with its progress and heartbeat, never recovered or overlapped,
      // stopped.
      Process child =
          ChildRuns.start(
              "run", "scoreBackfill", "--database-url", url, "--chunk-size", String.valueOf(CHUNK));
      long id;
      try {
        id = ChildRuns.awaitCommits(jdbc, child, 3);
        JsonNode running =
            OperationsCommandsTest.json(
                    Cli.run("status", "--json", "--job", "scoreBackfill", "--database-url", url))
                .path("jobs")
                .get(0)
                .path("executions")
                .get(0);
        assertThat(running.path("id").asLong()).isEqualTo(id);
        assertThat(running.path("status").asString()).isEqualTo("STARTED");
        assertThat(running.path("heartbeat").path("state").asString()).isEqualTo("ALIVE");
        assertThat(running.path("heartbeat").path("pid").asLong()).isEqualTo(child.pid());
        JsonNode workouts = OperationsCommandsTest.step(running, "scoreWorkouts");
        assertThat(workouts.path("status").asString()).isEqualTo("STARTED");
        assertThat(workouts.path("commits").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(workouts.path("total").asLong())
            .isEqualTo(EligibleWorkouts.count(reference.jdbc()));
        assertThat(workouts.path("percentDone").asDouble()).isBetween(0.1, 99.9);
        assertThat(workouts.path("itemsPerSecond").asDouble()).isPositive();
        assertThat(workouts.path("etaSeconds").asLong()).isPositive();

        Cli.Result refused = Cli.run("recover", String.valueOf(id), "--database-url", url);
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
        assertThat(refused.err()).contains("may still be running").contains("(alive)");
        Cli.Result overlap = Cli.run("run", "scoreBackfill", "--database-url", url);
        assertThat(overlap.exitCode()).isEqualTo(3);
        assertThat(overlap.out())
            .contains("already running (execution " + id + ")")
            .doesNotContain("seems gone");
        assertThat(Cli.run("restart", String.valueOf(id), "--database-url", url).exitCode())
            .isEqualTo(5);

        Cli.Result stop = Cli.run("stop", String.valueOf(id), "--database-url", url);
        assertThat(stop.exitCode()).as(stop.all()).isZero();
        assertThat(stop.out()).contains("after committing its current chunk");
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("a stopped run exits 1").isEqualTo(1);
      } finally {
        child.destroyForcibly();
      }
      assertThat(status(jdbc, id)).isEqualTo("STOPPED");
      assertThat(
              jdbc.queryForObject(
                  "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                      + " AND STEP_NAME = 'scoreWorkouts'",
                  String.class,
                  id))
          .isEqualTo("STOPPED");

      // 2. Restarted in another JVM, then SIGKILLed midway: left STARTED with a dead heartbeat.
      child = ChildRuns.start("restart", String.valueOf(id), "--database-url", url);
      long killed;
      try {
        killed = ChildRuns.awaitCommits(jdbc, child, 3);
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(killed).isGreaterThan(id);
      assertThat(status(jdbc, killed)).isEqualTo("STARTED");

      JsonNode crashed =
          OperationsCommandsTest.json(Cli.run("status", "--json", "--database-url", url))
              .path("jobs")
              .get(0)
              .path("executions")
              .get(0);
      assertThat(crashed.path("id").asLong()).isEqualTo(killed);
      assertThat(crashed.path("status").asString()).isEqualTo("STARTED");
      assertThat(crashed.path("heartbeat").path("state").asString()).isEqualTo("DEAD");
      Cli.Result blocked = Cli.run("run", "scoreBackfill", "--database-url", url);
      assertThat(blocked.exitCode()).isEqualTo(3);
      assertThat(blocked.out())
          .contains("Its JVM seems gone")
          .contains("jobs/athlete-batch recover " + killed);

      // 3. Recovered, restarted here to completion: the tables equal those of an uninterrupted run.
      Cli.Result recovered = Cli.run("recover", String.valueOf(killed), "--database-url", url);
      assertThat(recovered.exitCode()).as(recovered.all()).isZero();
      assertThat(recovered.out())
          .contains("is now FAILED")
          .contains("no longer exists on this host");
      assertThat(status(jdbc, killed)).isEqualTo("FAILED");
      ChildRuns.speedUp(jdbc);

      Cli.Result restarted = Cli.run("restart", String.valueOf(killed), "--database-url", url);
      assertThat(restarted.exitCode()).as(restarted.all()).isZero();
      assertThat(restarted.out()).contains("COMPLETED");
      Cli.Result uninterrupted =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              reference.jdbcUrl(),
              "--chunk-size",
              String.valueOf(CHUNK));
      assertThat(uninterrupted.exitCode()).isZero();
      for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
        assertThat(TableSnapshot.of(jdbc, table, TableSnapshot.WRITE_TIMES))
            .as(table)
            .isEqualTo(TableSnapshot.of(reference.jdbc(), table, TableSnapshot.WRITE_TIMES));
      }
      // No row was written twice: the writes of the four executions add up to the uninterrupted
      // run's.
      assertThat(
              jdbc.queryForObject(
                  "SELECT sum(WRITE_COUNT) FROM batch.BATCH_STEP_EXECUTION"
                      + " WHERE STEP_NAME = 'scoreWorkouts'",
                  Long.class))
          .isEqualTo(
              reference
                  .jdbc()
                  .queryForObject(
                      "SELECT WRITE_COUNT FROM batch.BATCH_STEP_EXECUTION"
                          + " WHERE STEP_NAME = 'scoreWorkouts'",
                      Long.class));
    }
  }

  private static TestDatabase demo() {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), DEMO);
    // The job-repository tables exist before a child starts, so they can be polled at once.
    new JobRepositorySchema(db.dataSource(), Dialect.POSTGRESQL, "batch").createIfMissing();
    return db;
  }

  private static String status(JdbcTemplate jdbc, long id) {
    return jdbc.queryForObject(
        "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
        String.class,
        id);
  }
}
