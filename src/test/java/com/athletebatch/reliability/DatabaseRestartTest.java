package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.OperationsConfiguration;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TableSnapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL server itself restarted in the middle of a run (a server of its own, stopped and
 * started again on the same data directory and port): back within the retry window, the run
 * reconnects and completes; gone for longer, the run fails saying the database went away, and the
 * same command completes it once the server is back. Both end equal to an uninterrupted run.
 */
@Tag("reliability")
class DatabaseRestartTest {

  private static final DemoOptions DEMO = new DemoOptions(6, 400, 100, 0, 29);

  private static EmbeddedPostgres start(Path dir, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static String url(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  private static JdbcTemplate jdbc(int port, String database) {
    return new JdbcTemplate(new DriverManagerDataSource(url(port, database)));
  }

  private static void createDemo(int port, String database) {
    jdbc(port, "postgres").execute("CREATE DATABASE " + database);
    DriverManagerDataSource ds = new DriverManagerDataSource(url(port, database));
    DomainSchema.createIfMissing(ds);
    new DemoDataGenerator()
        .generate(ds, DEMO, java.time.LocalDate.of(2026, 10, 31)); // no row near "now"
  }

  private static void waitForCommittedChunks(JdbcTemplate jdbc) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try {
        Integer written =
            jdbc.queryForObject(
                "SELECT coalesce(sum(WRITE_COUNT), 0) FROM batch.BATCH_STEP_EXECUTION"
                    + " WHERE STEP_NAME = 'scoreWorkouts'",
                Integer.class);
        if (written != null && written > 20) {
          return;
        }
      } catch (org.springframework.dao.DataAccessException notYet) {
        // no job repository yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the run never committed a chunk");
  }

  /** Row id and column of each difference (a readable failure instead of two whole tables). */
  static List<String> differences(
      java.util.Map<String, java.util.Map<String, Object>> actual,
      java.util.Map<String, java.util.Map<String, Object>> expected) {
    List<String> out = new java.util.ArrayList<>();
    for (var e : expected.entrySet()) {
      var row = actual.get(e.getKey());
      if (row == null) {
        out.add(e.getKey() + ": missing");
        continue;
      }
      e.getValue()
          .forEach(
              (column, value) -> {
                if (!java.util.Objects.equals(value, row.get(column))) {
                  out.add(
                      e.getKey() + "." + column + ": " + row.get(column) + " instead of " + value);
                }
              });
    }
    return out;
  }

  @Test
  void aServerRestartMidwayIsSurvivedOrReportedAndResumed() throws Exception {
    Path dir = Files.createTempDirectory("athlete-batch-pg");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    System.setProperty(OperationsConfiguration.RETRY_BACKOFF, "1s");
    // fail fast while the server is down (HikariCP waits 30 s for a connection by default)
    System.setProperty("spring.datasource.hikari.connection-timeout", "2000");
    EmbeddedPostgres server = start(dir, port);
    try {
      for (String db : List.of("restart_quick", "restart_long", "restart_reference")) {
        createDemo(port, db);
      }
      String[] quick = {
        "run", "scoreBackfill", "--database-url", url(port, "restart_quick"), "--chunk-size", "5"
      };
      String[] longer = {
        "run", "scoreBackfill", "--database-url", url(port, "restart_long"), "--chunk-size", "5"
      };

      // Back within the retry window (retries after 1 s, 2 s, 4 s): the run completes.
      CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(quick));
      waitForCommittedChunks(jdbc(port, "restart_quick"));
      server.close();
      server = start(dir, port);
      Cli.Result survived = run.get(120, TimeUnit.SECONDS);
      assertThat(survived.exitCode()).as(survived.all()).isZero();
      assertThat(survived.all()).contains("transient database error");

      // Gone for longer than the retries: FAILED, saying so; the same command completes it.
      run = CompletableFuture.supplyAsync(() -> Cli.run(longer));
      waitForCommittedChunks(jdbc(port, "restart_long"));
      server.close();
      Cli.Result failed = run.get(120, TimeUnit.SECONDS);
      server = start(dir, port);
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.all()).contains("the database went away");
      // The server was down when the run ended, so its execution still reads STARTED: recovered
      // first, then the same command resumes it. The run's JVM (this one) is alive, so the
      // operator's recover, from another JVM, needs --force.
      for (Long id :
          jdbc(port, "restart_long")
              .queryForList(
                  "SELECT JOB_EXECUTION_ID FROM"
                      + " batch.BATCH_JOB_EXECUTION WHERE STATUS = 'STARTED'",
                  Long.class)) {
        com.athletebatch.support.JvmProcess recover =
            com.athletebatch.support.JvmProcess.start(
                java.util.Map.of(),
                "recover",
                String.valueOf(id),
                "--force",
                "--database-url",
                url(port, "restart_long"));
        assertThat(recover.waitFor(120)).as(recover.output()).isZero();
        recover.delete();
      }
      Cli.Result resumed = Cli.run(longer);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all()).contains("Resuming scoreBackfill execution");

      assertThat(
              Cli.run(
                      "run",
                      "scoreBackfill",
                      "--database-url",
                      url(port, "restart_reference"),
                      "--chunk-size",
                      "5")
                  .exitCode())
          .isZero();
      for (String database : List.of("restart_quick", "restart_long")) {
        for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
          var actual = TableSnapshot.of(jdbc(port, database), table, TableSnapshot.WRITE_TIMES);
          var expected =
              TableSnapshot.of(jdbc(port, "restart_reference"), table, TableSnapshot.WRITE_TIMES);
          assertThat(differences(actual, expected)).as(database + " " + table).isEmpty();
        }
      }
    } finally {
      System.clearProperty(OperationsConfiguration.RETRY_BACKOFF);
      System.clearProperty("spring.datasource.hikari.connection-timeout");
      server.close();
      org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }
  }
}
