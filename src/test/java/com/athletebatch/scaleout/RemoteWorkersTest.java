package com.athletebatch.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.support.AmqpTestBroker;
import com.athletebatch.support.Cli;
import com.athletebatch.support.JvmProcess;
import com.athletebatch.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 13, part 2: two worker processes (separate JVMs) take the partitions of {@code run
 * capabilityEstimation --partitions N --broker URL} from a real AMQP broker ({@link
 * AmqpTestBroker}) and the tables end as after a run in one JVM. Also: an unreachable broker is a
 * clear error naming it, with the password hidden, and nothing starts.
 */
@Tag("reliability")
class RemoteWorkersTest {

  private static final String AS_OF = "2026-11-01T00:00";

  @Test
  void twoWorkerProcessesRunThePartitionsLikeOneJvm() throws Exception {
    String broker = AmqpTestBroker.url();
    // Its own job repository schema, so its own queue on a shared broker.
    String schema = "b13_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String queue = "athlete-batch." + schema + ".partitions";
    Map<String, Object> expected;
    try (TestDatabase reference =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      Cli.Result plain =
          Cli.run(
              "run",
              "capabilityEstimation",
              "--as-of",
              AS_OF,
              "--chunk-size",
              "3",
              "--database-url",
              reference.jdbcUrl());
      assertThat(plain.exitCode()).as(plain.all()).isZero();
      expected = PartitionedRunTest.tables(reference.jdbc());
    }
    List<JvmProcess> workers = new ArrayList<>();
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      for (int i = 0; i < 2; i++) {
        workers.add(
            JvmProcess.start(
                Map.of(),
                "worker",
                "--broker",
                broker,
                "--database-url",
                db.jdbcUrl(),
                "--batch-schema",
                schema,
                "--threads",
                "2"));
      }
      for (JvmProcess worker : workers) {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!worker.output().contains("worker ready")
            && worker.isAlive()
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        assertThat(worker.output()).as("worker started").contains("worker ready");
        // The password never shows.
        assertThat(worker.output()).doesNotContain("guest:guest@");
      }
      Cli.Result run =
          Cli.run(
              "run",
              "capabilityEstimation",
              "--as-of",
              AS_OF,
              "--chunk-size",
              "3",
              "--partitions",
              "4",
              "--broker",
              broker,
              "--batch-schema",
              schema,
              "--database-url",
              db.jdbcUrl());
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(PartitionedRunTest.tables(jdbc)).isEqualTo(expected);
      List<Map<String, Object>> parts =
          jdbc.queryForList(
              "SELECT STEP_NAME, STATUS FROM "
                  + schema
                  + ".BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'estimateCapabilities:%'");
      assertThat(parts).hasSize(4);
      assertThat(parts).allSatisfy(p -> assertThat(p.get("STATUS")).isEqualTo("COMPLETED"));
      // The summary shows the partitions' outcome as the workers recorded it.
      assertThat(run.out()).containsPattern("estimateCapabilities:partition0\\s+COMPLETED");
      // Both worker processes took partitions.
      for (JvmProcess worker : workers) {
        assertThat(worker.output()).as(worker.output()).contains("estimateCapabilities:partition");
      }
      // Part 4: the summary, read back from the job repository, and status name the worker
      // process of each partition; both workers appear.
      String workerPids = "(" + workers.get(0).pid() + "|" + workers.get(1).pid() + ")";
      for (int i = 0; i < 4; i++) {
        assertThat(run.out())
            .containsPattern(
                "estimateCapabilities:partition" + i + " COMPLETED .*, on \\S+ pid " + workerPids);
      }
      Cli.Result status =
          Cli.run("status", "--batch-schema", schema, "--database-url", db.jdbcUrl());
      assertThat(status.out())
          .as(status.all())
          .containsPattern("partition\\d .* on \\S+ pid " + workers.get(0).pid())
          .containsPattern("partition\\d .* on \\S+ pid " + workers.get(1).pid());

      // Part 2: schedule --broker makes the nights' jobs managers too (every step partitioned,
      // the partitions run by the workers), with the broker's password hidden.
      Cli.Result night =
          Cli.run(
              "schedule",
              "--once",
              "--date",
              "2026-11-20",
              "--partitions",
              "2",
              "--broker",
              broker,
              "--batch-schema",
              schema,
              "--database-url",
              db.jdbcUrl());
      assertThat(night.exitCode()).as(night.all()).isZero();
      assertThat(night.all()).contains("on the workers of amqp://").doesNotContain(":guest@");
      List<Map<String, Object>> nightly =
          jdbc.queryForList(
              "SELECT s.STEP_NAME, s.STATUS, c.SHORT_CONTEXT FROM "
                  + schema
                  + ".BATCH_STEP_EXECUTION s JOIN "
                  + schema
                  + ".BATCH_STEP_EXECUTION_CONTEXT c ON c.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID"
                  + " JOIN "
                  + schema
                  + ".BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
                  + " WHERE p.PARAMETER_NAME = 'nightly.date' AND s.STEP_NAME LIKE '%:partition%'");
      assertThat(nightly)
          .extracting(r -> r.get("STEP_NAME"))
          .containsExactlyInAnyOrder(
              "scoreWorkouts:partition0",
              "scoreWorkouts:partition1",
              "scoreNutrition:partition0",
              "scoreNutrition:partition1",
              "estimateCapabilities:partition0",
              "estimateCapabilities:partition1");
      assertThat(nightly)
          .allSatisfy(
              r -> {
                assertThat(r.get("STATUS")).isEqualTo("COMPLETED");
                assertThat((String) r.get("SHORT_CONTEXT"))
                    .containsPattern("\"partition.worker.pid\":\\D*" + workerPids);
              });
    } finally {
      for (JvmProcess worker : workers) {
        worker.kill();
        worker.delete();
      }
      AmqpTestBroker.deleteQueue(queue);
    }
  }

  @Test
  void withNoWorkerListeningTheManagerSaysSoAfterItsWait() throws Exception {
    String broker = AmqpTestBroker.url();
    String schema = "b13_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      long start = System.nanoTime();
      Cli.Result run =
          Cli.run(
              "run",
              "capabilityEstimation",
              "--partitions",
              "2",
              "--broker",
              broker,
              "--worker-wait",
              "2",
              "--batch-schema",
              schema,
              "--database-url",
              db.jdbcUrl());
      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.all())
          .contains("no worker is listening on queue athlete-batch." + schema + ".partitions")
          .contains("waited 2 s")
          .doesNotContain("guest:guest@");
      assertThat(System.nanoTime() - start).isLessThan(java.time.Duration.ofMinutes(2).toNanos());
      assertThat(db.jdbc().queryForObject("SELECT count(*) FROM projections", Long.class)).isZero();
    } finally {
      AmqpTestBroker.deleteQueue("athlete-batch." + schema + ".partitions");
    }
  }

  @Test
  void anUnreachableBrokerIsAClearErrorAndNothingStarts() throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      Cli.Result result =
          Cli.run(
              "run",
              "capabilityEstimation",
              "--partitions",
              "2",
              "--broker",
              "amqp://someone:s3cret@127.0.0.1:1/vh",
              "--database-url",
              db.jdbcUrl());
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).contains("cannot reach the broker").contains("127.0.0.1:1");
      assertThat(result.all()).doesNotContain("s3cret");
      Cli.Result worker =
          Cli.run(
              "worker",
              "--broker",
              "amqp://someone:s3cret@127.0.0.1:1/vh",
              "--database-url",
              db.jdbcUrl());
      assertThat(worker.exitCode()).isEqualTo(1);
      assertThat(worker.err()).contains("cannot reach the broker");
      assertThat(worker.all()).doesNotContain("s3cret");
    }
  }
}
