package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.cli.AthleteBatchCommand;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Concurrency on PostgreSQL: 20 launches of one job with the same parameters at the same moment
 * (each with its own Spring context and connection pool, as separate processes would have): exactly
 * one runs, the others say it is already running (the capability script: already_inflight), and
 * nothing fails with a serialization error. And the two jobs running at once on one database do not
 * interfere.
 */
@org.junit.jupiter.api.Tag("reliability")
class ConcurrentLaunchTest {

  static final int LAUNCHES = 20;
  private static final DemoOptions DEMO = new DemoOptions(8, 200, 60, 800, 31);

  /**
   * Spring Boot's logging set-up is not thread-safe: Spring contexts started at the same moment in
   * one JVM (separate processes in real use) can fail in it. Here logback-test.xml configures the
   * logging instead.
   */
  @org.junit.jupiter.api.BeforeEach
  void plainLogback() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
  }

  @org.junit.jupiter.api.AfterEach
  void bootLogging() {
    System.clearProperty("org.springframework.boot.logging.LoggingSystem");
  }

  private static TestDatabase demoDatabase() {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), DEMO, java.time.LocalDate.of(2026, 10, 31));
    return db;
  }

  /**
   * Runs the launches together; a table lock held meanwhile keeps the winner in flight until all
   * others returned.
   */
  private static List<Integer> launchAtOnce(
      TestDatabase db, String lockTable, ByteArrayOutputStream output, String... args)
      throws Exception {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream capture = new PrintStream(output, true, StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(LAUNCHES);
    try (Connection blocker = ((DriverManagerDataSource) db.dataSource()).getConnection()) {
      System.setOut(capture);
      System.setErr(capture);
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("LOCK TABLE " + lockTable + " IN EXCLUSIVE MODE");
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < LAUNCHES; i++) {
        results.add(
            pool.submit(
                () -> {
                  gate.await();
                  return AthleteBatchCommand.execute(args);
                }));
      }
      gate.countDown();
      // All but the winner return while it waits for the table lock.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (results.stream().filter(Future::isDone).count() < LAUNCHES - 1
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      blocker.rollback();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> result : results) {
        codes.add(result.get(120, TimeUnit.SECONDS));
      }
      return codes;
    } finally {
      pool.shutdownNow();
      System.setOut(originalOut);
      System.setErr(originalErr);
      originalOut.print(output.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void twentySimultaneousScoreBackfillsRunOnce() throws Exception {
    try (TestDatabase db = demoDatabase()) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      List<Integer> codes =
          launchAtOnce(
              db,
              "\"Workout\"",
              output,
              "run",
              "scoreBackfill",
              "--database-url",
              db.jdbcUrl(),
              "--chunk-size",
              "50");
      String printed = output.toString(StandardCharsets.UTF_8);
      assertThat(codes).as(printed).filteredOn(c -> c == 0).hasSize(1);
      assertThat(codes)
          .filteredOn(c -> c == AthleteBatchCommand.EXIT_ALREADY_RUNNING)
          .hasSize(LAUNCHES - 1);
      assertThat(printed.split("scoreBackfill is already running", -1)).hasSize(LAUNCHES);
      assertThat(printed.toLowerCase()).doesNotContain("serializ").doesNotContain("duplicate key");
      JdbcTemplate jdbc = db.jdbc();
      assertThat(jdbc.queryForList("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
          .containsExactly("COMPLETED");
    }
  }

  @Test
  void twentySimultaneousCapabilityBackfillsOfOneSourceRunOnceAndTheOthersPrintAlreadyInflight()
      throws Exception {
    try (TestDatabase db = demoDatabase()) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      List<Integer> codes =
          launchAtOnce(
              db,
              "projections",
              output,
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--as-of",
              "2026-11-01T00:00",
              "--no-verify");
      String printed = output.toString(StandardCharsets.UTF_8);
      assertThat(codes)
          .as(printed)
          .containsOnly(0); // the runbook's contract: already_inflight exits 0
      assertThat(printed.lines().filter(l -> l.equals("already_inflight"))).hasSize(LAUNCHES - 1);
      assertThat(printed.lines().filter(l -> l.matches("completed:\\d+"))).hasSize(1);
      assertThat(printed.toLowerCase()).doesNotContain("serializ").doesNotContain("duplicate key");
      assertThat(
              db.jdbc().queryForList("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
          .containsExactly("COMPLETED");
      assertThat(db.jdbc().queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(1L);
    }
  }

  @Test
  void theTwoJobsAtOnceOnOneDatabaseDoNotInterfere() throws Exception {
    try (TestDatabase together = demoDatabase();
        TestDatabase apart = demoDatabase()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<Integer> scores =
          pool.submit(
              () ->
                  AthleteBatchCommand.execute(
                      "run",
                      "scoreBackfill",
                      "--database-url",
                      together.jdbcUrl(),
                      "--chunk-size",
                      "20"));
      Future<Integer> capabilities =
          pool.submit(
              () ->
                  AthleteBatchCommand.execute(
                      "capability-backfill",
                      "--database-url",
                      together.jdbcUrl(),
                      "--as-of",
                      "2026-11-01T00:00",
                      "--chunk-size",
                      "2",
                      "--no-verify"));
      assertThat(scores.get(180, TimeUnit.SECONDS)).isZero();
      assertThat(capabilities.get(180, TimeUnit.SECONDS)).isZero();
      pool.shutdown();

      assertThat(
              AthleteBatchCommand.execute(
                  "run", "scoreBackfill", "--database-url", apart.jdbcUrl(), "--chunk-size", "20"))
          .isZero();
      assertThat(
              AthleteBatchCommand.execute(
                  "capability-backfill",
                  "--database-url",
                  apart.jdbcUrl(),
                  "--as-of",
                  "2026-11-01T00:00",
                  "--chunk-size",
                  "2",
                  "--no-verify"))
          .isZero();

      for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
        assertThat(TableSnapshot.of(together.jdbc(), table, TableSnapshot.WRITE_TIMES))
            .as(table)
            .isEqualTo(TableSnapshot.of(apart.jdbc(), table, TableSnapshot.WRITE_TIMES));
      }
      assertThat(DatabaseFaultTest.projections(together.jdbc()))
          .isEqualTo(DatabaseFaultTest.projections(apart.jdbc()));
      assertThat(
              together
                  .jdbc()
                  .queryForList("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
          .containsOnly("COMPLETED")
          .hasSize(2);
    }
  }
}
