package com.athletebatch.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.support.AmqpTestBroker;
import com.athletebatch.support.Cli;
import com.athletebatch.support.JvmProcess;
import com.athletebatch.support.TcpProxy;
import com.athletebatch.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 13, faults, with worker processes (separate JVMs) on a real AMQP broker ({@link
 * AmqpTestBroker}) and PostgreSQL: a worker SIGKILLed inside a partition, and a worker sent
 * SIGTERM. The workers pause after each chunk (the trial property {@value #PAUSE}), so that the
 * signal lands inside a partition, between committed chunks. Either way the tables end as after an
 * uninterrupted run in one JVM, no projection's version bumped twice.
 */
@Tag("reliability")
class RemoteWorkerFaultsTest {

  private static final String AS_OF = "2026-11-01T00:00";
  private static final String PAUSE = "athlete-batch.trial.chunk-pause-ms";

  private static Map<String, Object> expected;

  /** The tables after a plain run in one JVM (computed once for both tests). */
  private static synchronized Map<String, Object> expected() throws Exception {
    if (expected == null) {
      try (TestDatabase reference =
          PartitionedRunTest.database(
              Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
        Cli.Result plain =
            Cli.run(
                "run",
                "capabilityEstimation",
                "--as-of",
                AS_OF,
                "--chunk-size",
                "2",
                "--database-url",
                reference.jdbcUrl());
        assertThat(plain.exitCode()).as(plain.all()).isZero();
        expected = PartitionedRunTest.tables(reference.jdbc());
        assertThat(
                reference.jdbc().queryForObject("SELECT max(version) FROM projections", Long.class))
            .isEqualTo(1L);
      }
    }
    return expected;
  }

  @Test
  void aWorkerKilledInsideAPartitionIsTakenOverOrFailedAndTheRunEndsAsOneJvmRun() throws Exception {
    Map<String, Object> expected = expected();
    String broker = AmqpTestBroker.url();
    String schema = schema();
    List<JvmProcess> processes = new ArrayList<>();
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      JvmProcess doomed = startWorker(db, broker, schema, processes);
      JvmProcess survivor = ready(startWorker(db, broker, schema, processes));
      ready(doomed);
      String[] run = run(db, broker, schema, "--partitions", "4", "--worker-timeout", "60");
      JvmProcess manager = JvmProcess.start(Map.of(), run);
      processes.add(manager);

      // A partition of the doomed worker with a committed chunk, inside its next chunk.
      String partition =
          await(
              "a partition of worker pid " + doomed.pid() + " past its first chunk",
              () ->
                  jdbc
                      .queryForList(
                          "SELECT s.STEP_NAME FROM "
                              + schema
                              + ".BATCH_STEP_EXECUTION s JOIN "
                              + schema
                              + ".ATHLETE_PARTITION_HEARTBEAT h"
                              + " ON h.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID"
                              + " WHERE s.STATUS = 'STARTED' AND s.COMMIT_COUNT >= 1"
                              + " AND h.PID = ? AND h.ENDED_AT IS NULL",
                          String.class,
                          doomed.pid())
                      .stream()
                      .findFirst()
                      .orElse(null),
              manager);
      doomed.kill(); // SIGKILL

      int exit = manager.waitFor(240);
      System.out.println(
          "SIGKILL trial: "
              + (exit == 0 ? "taken over" : "failed by the manager, then restarted")
              + "\n--- manager:\n"
              + manager.output().lines().filter(l -> !l.contains(" INFO ")).toList()
              + "\n--- survivor:\n"
              + survivor.output().lines().filter(l -> l.contains("artition")).toList());
      if (exit != 0) {
        // The manager gave up on it: the run names the partition and the dead worker, and the
        // same command again resumes only what did not complete.
        assertThat(manager.output())
            .contains(partition)
            .contains("failed by the manager")
            .contains("pid " + doomed.pid());
        Cli.Result restart = Cli.run(run);
        assertThat(restart.exitCode()).as(restart.all()).isZero();
      } else {
        // The surviving worker took it over from its last committed chunk.
        assertThat(survivor.output())
            .as(survivor.output())
            .containsPattern(
                "Taking over partition "
                    + partition
                    + " .*from worker \\S+ pid "
                    + doomed.pid()
                    + ", whose heartbeat stopped");
      }
      assertThat(PartitionedRunTest.tables(jdbc)).isEqualTo(expected);
      assertThat(jdbc.queryForObject("SELECT max(version) FROM projections", Long.class))
          .as("no projection written twice")
          .isEqualTo(1L);
      assertThat(
              jdbc.queryForList(
                  "SELECT STATUS FROM "
                      + schema
                      + ".BATCH_STEP_EXECUTION WHERE STEP_NAME = ? ORDER BY STEP_EXECUTION_ID DESC",
                  String.class,
                  partition))
          .first()
          .isEqualTo("COMPLETED");
      assertThat(survivor.output()).doesNotContain("guest:guest@");
    } finally {
      for (JvmProcess process : processes) {
        process.kill();
        process.delete();
      }
      AmqpTestBroker.deleteQueue("athlete-batch." + schema + ".partitions");
    }
  }

  @Test
  void aWorkersSigtermStopsItsPartitionsAtAChunkBoundaryAndAKilledLoneWorkersPartitionIsFailed()
      throws Exception {
    Map<String, Object> expected = expected();
    String broker = AmqpTestBroker.url();
    String schema = schema();
    List<JvmProcess> processes = new ArrayList<>();
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      // The manager waits for a worker to listen: both start at once.
      JvmProcess worker = startWorker(db, broker, schema, processes);
      String[] run = run(db, broker, schema, "--partitions", "2");
      JvmProcess manager = JvmProcess.start(Map.of(), run);
      processes.add(manager);
      ready(worker);
      await(
          "both partitions past their first chunk",
          () ->
              jdbc.queryForObject(
                          "SELECT count(*) FROM "
                              + schema
                              + ".BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'estimateCapabilities:%'"
                              + " AND STATUS = 'STARTED' AND COMMIT_COUNT >= 1",
                          Integer.class)
                      == 2
                  ? "yes"
                  : null,
          manager);
      worker.terminate(); // SIGTERM
      assertThat(worker.waitFor(90)).as(worker.output()).isEqualTo(143); // 128 + SIGTERM
      assertThat(worker.output())
          .contains("Shutting down: taking no more partitions; stopping")
          .contains("stopped; they resume when the run is restarted")
          .doesNotContain("ERROR");

      assertThat(manager.waitFor(120)).as(manager.output()).isEqualTo(1);
      System.out.println(
          "SIGTERM trial\n--- manager:\n"
              + manager.output().lines().filter(l -> !l.contains(" INFO ")).toList()
              + "\n--- worker:\n"
              + worker.output().lines().filter(l -> l.contains("artition")).toList());
      assertThat(manager.output())
          .contains("capabilityEstimation execution")
          .contains("STOPPED")
          .contains("was shut down (SIGTERM)")
          .contains("pid " + worker.pid())
          .contains("run the same command again");
      List<Map<String, Object>> parts =
          jdbc.queryForList(
              "SELECT STATUS, READ_COUNT, COMMIT_COUNT FROM "
                  + schema
                  + ".BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'estimateCapabilities:%'");
      assertThat(parts)
          .hasSize(2)
          .allSatisfy(
              p -> {
                assertThat(p.get("STATUS")).isEqualTo("STOPPED");
                // At a chunk boundary: every item read is in a committed chunk of two.
                assertThat(((Number) p.get("READ_COUNT")).longValue())
                    .isLessThanOrEqualTo(2 * ((Number) p.get("COMMIT_COUNT")).longValue());
              });

      // The same command resumes the stopped partitions on a new worker, which is SIGKILLed in
      // one of them: with no other worker to take it over, the manager fails the partition after
      // its --worker-timeout, naming it and the dead worker.
      JvmProcess second = startWorker(db, broker, schema, processes);
      List<String> withTimeout = new ArrayList<>(List.of(run));
      withTimeout.addAll(List.of("--worker-timeout", "4"));
      JvmProcess restarted = JvmProcess.start(Map.of(), withTimeout.toArray(String[]::new));
      processes.add(restarted);
      String partition =
          await(
              "a resumed partition on worker pid " + second.pid(),
              () ->
                  jdbc
                      .queryForList(
                          "SELECT s.STEP_NAME FROM "
                              + schema
                              + ".BATCH_STEP_EXECUTION s JOIN "
                              + schema
                              + ".ATHLETE_PARTITION_HEARTBEAT h"
                              + " ON h.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID"
                              + " WHERE s.STATUS = 'STARTED' AND h.PID = ? AND h.ENDED_AT IS NULL",
                          String.class,
                          second.pid())
                      .stream()
                      .findFirst()
                      .orElse(null),
              restarted);
      second.kill(); // SIGKILL
      assertThat(restarted.waitFor(120)).as(restarted.output()).isEqualTo(1);
      System.out.println(
          "SIGKILL with no other worker\n--- manager:\n"
              + restarted.output().lines().filter(l -> !l.contains(" INFO ")).toList());
      assertThat(restarted.output())
          .contains("capabilityEstimation execution")
          .containsPattern("reason: .*partition " + partition + " \\[")
          .contains("failed by the manager: its worker")
          .contains("pid " + second.pid() + " stopped beating")
          .doesNotContain("guest:guest@");

      // A worker again, and the same command: what did not complete resumes and completes.
      startWorker(db, broker, schema, processes);
      Cli.Result resumed = Cli.run(run);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(PartitionedRunTest.tables(jdbc)).isEqualTo(expected);
      assertThat(jdbc.queryForObject("SELECT max(version) FROM projections", Long.class))
          .isEqualTo(1L);
    } finally {
      for (JvmProcess process : processes) {
        process.kill();
        process.delete();
      }
      AmqpTestBroker.deleteQueue("athlete-batch." + schema + ".partitions");
    }
  }

  /**
   * The broker goes away mid-run (a {@link TcpProxy} in front of the shared broker is closed): the
   * worker finishes the partition it runs (database work), the partitions no worker took are failed
   * by the manager after its worker wait, naming the broker with its password hidden, and the run
   * ends FAILED. With the broker back, the same command completes the run; the old run's messages
   * are dropped as ended.
   */
  @Test
  void aBrokerGoneMidRunFailsTheUntakenPartitionsAndTheSameCommandCompletesTheRun()
      throws Exception {
    Map<String, Object> expected = expected();
    java.net.URI real = java.net.URI.create(AmqpTestBroker.url());
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String broker =
        AmqpTestBroker.url().replace(real.getHost() + ":" + real.getPort(), "127.0.0.1:" + port);
    String schema = schema();
    List<JvmProcess> processes = new ArrayList<>();
    TcpProxy proxy = new TcpProxy(real.getHost(), real.getPort(), port);
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      JvmProcess worker = ready(startWorker(db, broker, schema, processes, "1"));
      String[] run = run(db, broker, schema, "--partitions", "4", "--worker-wait", "5");
      JvmProcess manager = JvmProcess.start(Map.of(), run);
      processes.add(manager);
      String partition =
          await(
              "a partition past its first chunk",
              () ->
                  jdbc
                      .queryForList(
                          "SELECT STEP_NAME FROM "
                              + schema
                              + ".BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'estimateCapabilities:%'"
                              + " AND STATUS = 'STARTED' AND COMMIT_COUNT >= 1",
                          String.class)
                      .stream()
                      .findFirst()
                      .orElse(null),
              manager);
      proxy.close(); // the broker is gone for the manager and the worker

      assertThat(manager.waitFor(180)).as(manager.output()).isEqualTo(1);
      System.out.println(
          "broker gone mid-run\n--- manager:\n"
              + manager.output().lines().filter(l -> !l.contains(" INFO ")).toList());
      String masked = broker.replaceFirst(":[^:@/]*@", ":***@");
      assertThat(manager.output())
          .contains("capabilityEstimation execution")
          .contains("FAILED")
          .contains("no worker took it within 5 s: cannot reach the broker")
          // a broker failure, not the database's: not retried as one, nor reported as one
          .doesNotContain("transient database error")
          .doesNotContain("the database went away")
          .contains(masked.substring(0, masked.indexOf('@') + 1))
          .doesNotContain("guest:guest@");
      // The worker finished the partition it had: the broker is not needed for database work.
      await(
          "the worker's partition " + partition + " to end",
          () ->
              "COMPLETED"
                      .equals(
                          jdbc.queryForObject(
                              "SELECT STATUS FROM "
                                  + schema
                                  + ".BATCH_STEP_EXECUTION WHERE STEP_NAME = ?",
                              String.class,
                              partition))
                  ? "yes"
                  : null,
          worker);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM "
                      + schema
                      + ".BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'estimateCapabilities:%'"
                      + " AND STATUS = 'FAILED'",
                  Integer.class))
          .isEqualTo(3);
      worker.kill();

      // The broker is back (on the same address): a worker and the same command complete the run.
      proxy = new TcpProxy(real.getHost(), real.getPort(), port);
      ready(startWorker(db, broker, schema, processes, "2"));
      Cli.Result resumed = Cli.run(run);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(PartitionedRunTest.tables(jdbc)).isEqualTo(expected);
      assertThat(jdbc.queryForObject("SELECT max(version) FROM projections", Long.class))
          .isEqualTo(1L);
    } finally {
      for (JvmProcess process : processes) {
        process.kill();
        process.delete();
      }
      proxy.close();
      AmqpTestBroker.deleteQueue("athlete-batch." + schema + ".partitions");
    }
  }

  private static String schema() {
    return "b13f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static String[] run(TestDatabase db, String broker, String schema, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "capabilityEstimation",
                "--as-of",
                AS_OF,
                "--chunk-size",
                "2",
                "--broker",
                broker,
                "--batch-schema",
                schema,
                "--database-url",
                db.jdbcUrl()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * A worker process, two threads (or as given), pausing 400 ms after each chunk (see {@link
   * #ready}).
   */
  private static JvmProcess startWorker(
      TestDatabase db, String broker, String schema, List<JvmProcess> processes) throws Exception {
    return startWorker(db, broker, schema, processes, "2");
  }

  private static JvmProcess startWorker(
      TestDatabase db, String broker, String schema, List<JvmProcess> processes, String threads)
      throws Exception {
    JvmProcess worker =
        JvmProcess.start(
            Map.of("JAVA_TOOL_OPTIONS", "-D" + PAUSE + "=400"),
            "worker",
            "--broker",
            broker,
            "--database-url",
            db.jdbcUrl(),
            "--batch-schema",
            schema,
            "--threads",
            threads,
            "--takeover-after",
            "3");
    processes.add(worker);
    return worker;
  }

  private static JvmProcess ready(JvmProcess worker) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (!worker.output().contains("worker ready")
        && worker.isAlive()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(worker.output()).as("worker started").contains("worker ready");
    return worker;
  }

  private static String await(String what, Supplier<String> probe, JvmProcess manager)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      String seen = probe.get();
      if (seen != null) {
        return seen;
      }
      if (!manager.isAlive()) {
        throw new AssertionError("the run ended before " + what + ":\n" + manager.output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("waited 180 s for " + what + ":\n" + manager.output());
  }
}
