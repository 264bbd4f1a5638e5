package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.OperationsConfiguration;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Database faults on PostgreSQL: transient errors (serialization failure, deadlock, lost
 * connections) are retried a bounded number of times; when the database keeps going away the run
 * ends FAILED saying so, and the same command then completes it; the tables end equal to those of
 * an uninterrupted run.
 */
@org.junit.jupiter.api.Tag("reliability")
class DatabaseFaultTest {

  private static final DemoOptions DEMO = new DemoOptions(6, 300, 60, 0, 23);
  private static final DemoOptions EVENTS = new DemoOptions(12, 0, 0, 1200, 5);

  @BeforeEach
  void fastRetries() {
    System.setProperty(OperationsConfiguration.RETRY_BACKOFF, "50ms");
    System.setProperty(OperationsConfiguration.TRANSIENT_RETRIES, "3");
  }

  @AfterEach
  void defaultRetries() {
    System.clearProperty(OperationsConfiguration.RETRY_BACKOFF);
    System.clearProperty(OperationsConfiguration.TRANSIENT_RETRIES);
  }

  private static TestDatabase scoreDatabase() {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator()
        .generate(db.dataSource(), DEMO, java.time.LocalDate.of(2026, 10, 31)); // no row near "now"
    return db;
  }

  /**
   * A trigger that fails the first {@code failures} row writes with the given SQLSTATE (a sequence
   * counts: it survives rollbacks).
   */
  private static void injectFailures(
      JdbcTemplate jdbc, String table, String sqlState, int failures) {
    jdbc.execute("CREATE SEQUENCE fault_count");
    jdbc.execute(
        "CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF nextval('fault_count') <= "
            + failures
            + " THEN"
            + " RAISE EXCEPTION 'injected fault %', '"
            + sqlState
            + "' USING ERRCODE = '"
            + sqlState
            + "';"
            + " END IF; RETURN NEW; END $$");
    jdbc.execute(
        "CREATE TRIGGER inject_fault BEFORE INSERT OR UPDATE ON "
            + table
            + " FOR EACH ROW EXECUTE FUNCTION inject_fault()");
  }

  private static void removeFault(JdbcTemplate jdbc, String table) {
    jdbc.execute("DROP TRIGGER inject_fault ON " + table);
  }

  private static List<String> executionStatuses(JdbcTemplate jdbc) {
    return jdbc.queryForList(
        "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID", String.class);
  }

  private static void assertSameScores(TestDatabase db, TestDatabase reference) {
    for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
      assertThat(
              DatabaseRestartTest.differences(
                  TableSnapshot.of(db.jdbc(), table, TableSnapshot.WRITE_TIMES),
                  TableSnapshot.of(reference.jdbc(), table, TableSnapshot.WRITE_TIMES)))
          .as(table)
          .isEmpty();
    }
  }

  @Test
  void serializationFailuresAreRetriedAndTheRunCompletesLikeAnUninterruptedOne() {
    try (TestDatabase db = scoreDatabase();
        TestDatabase reference = scoreDatabase()) {
      injectFailures(db.jdbc(), "\"Workout\"", "40001", 2);
      Cli.Result result =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "20");
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.all()).contains("transient database error").contains("retry 2 of 3");
      // One job instance: two executions failed on the injected errors, the third completed.
      assertThat(executionStatuses(db.jdbc())).containsExactly("FAILED", "FAILED", "COMPLETED");
      assertThat(
              db.jdbc()
                  .queryForObject("SELECT count(*) FROM batch.BATCH_JOB_INSTANCE", Integer.class))
          .isEqualTo(1);
      removeFault(db.jdbc(), "\"Workout\"");
      assertThat(
              Cli.run(
                      "run",
                      "scoreBackfill",
                      "--database-url",
                      reference.jdbcUrl(),
                      "--chunk-size",
                      "20")
                  .exitCode())
          .isZero();
      assertSameScores(db, reference);
    }
  }

  @Test
  void deadlocksAreRetriedInTheCapabilityJob() {
    try (TestDatabase db = eventsDatabase();
        TestDatabase reference = eventsDatabase()) {
      injectFailures(db.jdbc(), "projections", "40P01", 1);
      Cli.Result result =
          Cli.run(
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--as-of",
              "2026-11-01T00:00",
              "--chunk-size",
              "3",
              "--no-verify");
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).containsPattern("completed:\\d+");
      assertThat(executionStatuses(db.jdbc())).containsExactly("FAILED", "COMPLETED");
      removeFault(db.jdbc(), "projections");
      Cli.run(
          "capability-backfill",
          "--database-url",
          reference.jdbcUrl(),
          "--as-of",
          "2026-11-01T00:00",
          "--chunk-size",
          "3",
          "--no-verify");
      assertThat(projections(db.jdbc())).isEqualTo(projections(reference.jdbc()));
      assertThat(db.jdbc().queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(1L);
    }
  }

  @Test
  void moreTransientFailuresThanTheLimitFailTheRunAndTheSameCommandThenCompletesIt() {
    try (TestDatabase db = scoreDatabase();
        TestDatabase reference = scoreDatabase()) {
      injectFailures(db.jdbc(), "\"Nutrition\"", "40001", 1000);
      Cli.Result failed =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "20");
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.out()).contains("FAILED").contains("the same command again");
      // the first attempt and three retries
      assertThat(executionStatuses(db.jdbc()))
          .containsExactly("FAILED", "FAILED", "FAILED", "FAILED");
      assertThat(failed.all()).doesNotContain("retry 4 of 3");

      removeFault(db.jdbc(), "\"Nutrition\"");
      Cli.Result resumed =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "20");
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all()).contains("Resuming scoreBackfill execution");
      Cli.run("run", "scoreBackfill", "--database-url", reference.jdbcUrl(), "--chunk-size", "20");
      assertSameScores(db, reference);
    }
  }

  /**
   * pg_terminate_backend on every connection of the job's database, as a failover or an
   * administrator would: once midway, the run reconnects and completes; and when the database keeps
   * going away, the run ends FAILED with a message saying so, and the same command completes it
   * afterwards.
   */
  @Test
  void killedConnectionsAreRetriedAndWhenTheDatabaseKeepsGoingAwayTheRunFailsSayingSo()
      throws Exception {
    try (TestDatabase once = scoreDatabase();
        TestDatabase always = scoreDatabase();
        TestDatabase reference = scoreDatabase()) {
      // Killed once, midway: reconnected and completed.
      Killer killOnce = Killer.start(once.jdbc(), 1);
      Cli.Result survived =
          Cli.run("run", "scoreBackfill", "--database-url", once.jdbcUrl(), "--chunk-size", "5");
      killOnce.stop();
      assertThat(killOnce.kills()).isGreaterThanOrEqualTo(1);
      assertThat(survived.exitCode()).as(survived.all()).isZero();
      assertThat(survived.all()).contains("transient database error");

      // Killed over and over: FAILED, saying the database went away.
      Killer killAlways = Killer.start(always.jdbc(), Integer.MAX_VALUE);
      Cli.Result failed =
          Cli.run("run", "scoreBackfill", "--database-url", always.jdbcUrl(), "--chunk-size", "5");
      killAlways.stop();
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.all())
          .contains("the database went away")
          .contains("run the same command again");

      // When even the run's end could not be recorded, the message names the execution to
      // recover first; the operator does what it says.
      java.util.regex.Matcher recoverHint =
          java.util.regex.Pattern.compile("recover (\\d+), then run the same command again")
              .matcher(failed.all());
      if (recoverHint.find()) {
        Cli.Result recovered =
            Cli.run("recover", recoverHint.group(1), "--database-url", always.jdbcUrl());
        assertThat(recovered.exitCode()).as(recovered.all()).isZero();
      }
      Cli.Result resumed =
          Cli.run("run", "scoreBackfill", "--database-url", always.jdbcUrl(), "--chunk-size", "5");
      // A retry that the killed connections broke while it was starting can leave its execution
      // STARTED before any heartbeat, and unknown to this command: the failure message says "if
      // it then says the job is already running, recover that execution first". The operator
      // does so (--force: no heartbeat was ever recorded for it) and runs the command again.
      java.util.regex.Matcher stillRunning =
          java.util.regex.Pattern.compile("already running \\(execution (\\d+)\\)")
              .matcher(resumed.all());
      if (resumed.exitCode() == 3 && stillRunning.find()) {
        Cli.Result recovered =
            Cli.run(
                "recover", stillRunning.group(1), "--force", "--database-url", always.jdbcUrl());
        assertThat(recovered.exitCode()).as(recovered.all()).isZero();
        resumed =
            Cli.run(
                "run", "scoreBackfill", "--database-url", always.jdbcUrl(), "--chunk-size", "5");
      }
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();

      Cli.run("run", "scoreBackfill", "--database-url", reference.jdbcUrl(), "--chunk-size", "5");
      assertSameScores(once, reference);
      assertSameScores(always, reference);
    }
  }

  /** Terminates every other backend of the database once the scoring step has committed a chunk. */
  private static final class Killer {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger kills = new AtomicInteger();
    private CompletableFuture<Void> loop;

    static Killer start(JdbcTemplate jdbc, int maxKills) {
      Killer killer = new Killer();
      killer.loop =
          CompletableFuture.runAsync(
              () -> {
                while (!killer.stop.get() && killer.kills.get() < maxKills) {
                  try {
                    Integer written =
                        jdbc.queryForObject(
                            "SELECT coalesce(sum(WRITE_COUNT), 0) FROM"
                                + " batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'",
                            Integer.class);
                    if (written != null && written > 0) {
                      Integer n =
                          jdbc.queryForObject(
                              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                  + " WHERE datname = current_database() AND pid <> pg_backend_pid()",
                              Integer.class);
                      if (n != null && n > 0) {
                        killer.kills.incrementAndGet();
                      }
                    }
                  } catch (org.springframework.dao.DataAccessException notYet) {
                    // the job-repository tables do not exist yet
                  }
                  try {
                    Thread.sleep(30);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      return killer;
    }

    void stop() throws Exception {
      stop.set(true);
      loop.get(10, TimeUnit.SECONDS);
    }

    int kills() {
      return kills.get();
    }
  }

  private static TestDatabase eventsDatabase() {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), EVENTS, java.time.LocalDate.of(2026, 10, 31));
    return db;
  }

  static Map<String, Object> projections(JdbcTemplate jdbc) {
    Map<String, Object> rows = new java.util.TreeMap<>();
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT user_id, \"key\", data::text AS data, version,"
                + " last_event_id FROM projections")) {
      rows.put(
          row.get("user_id") + "/" + row.get("key"),
          List.of(
              String.valueOf(row.get("data")).replaceAll("\"generated_at\": \"[^\"]*\"", ""),
              row.get("version"),
              String.valueOf(row.get("last_event_id"))));
    }
    return rows;
  }
}
