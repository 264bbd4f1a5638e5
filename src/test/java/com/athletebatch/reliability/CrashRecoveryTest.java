package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.JvmProcess;
import com.athletebatch.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Crashes: each trial runs a job in a separate JVM against PostgreSQL, kills it with SIGKILL at a
 * random moment (seeded), recovers the execution it left STARTED, reruns the same command, and then
 * compares a checksum of every written column with an uninterrupted run's (leaving out "updatedAt",
 * "aiAnalyzedAt", generated_at and the projections' own timestamps and ids), and checks that no row
 * was written more often than the contract allows: every projection at version 1, and the score
 * steps' write counts summing to the eligible rows.
 */
@Tag("reliability")
class CrashRecoveryTest {

  static final int TRIALS = 10;
  private static final long SEED = 20260601L;
  private static final String AS_OF = "2026-11-01T00:00";
  private static final java.time.LocalDate DEMO_END = java.time.LocalDate.of(2026, 10, 31);
  private static final DemoOptions SCORE_DEMO = new DemoOptions(8, 500, 150, 0, 17);
  private static final DemoOptions EVENT_DEMO = new DemoOptions(40, 0, 0, 4000, 19);

  enum JobKind {
    SCORES("scoreWorkouts", SCORE_DEMO, "run", "scoreBackfill", "--chunk-size", "10"),
    CAPABILITIES(
        "estimateCapabilities",
        EVENT_DEMO,
        "capability-backfill",
        "--as-of",
        AS_OF,
        "--chunk-size",
        "2",
        "--no-verify");

    final String firstStep;
    final DemoOptions demo;
    final String[] args;

    JobKind(String firstStep, DemoOptions demo, String... args) {
      this.firstStep = firstStep;
      this.demo = demo;
      this.args = args;
    }

    String[] command(String url) {
      List<String> all = new ArrayList<>(List.of(args));
      all.add("--database-url");
      all.add(url);
      return all.toArray(String[]::new);
    }
  }

  private static TestDatabase database(JobKind kind) {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), kind.demo, DEMO_END);
    return db;
  }

  private static final String PROJECTION_ROW =
      "((to_jsonb(p) - 'id' - 'created_at' - 'updated_at' - 'data')"
          + " || jsonb_build_object('data', p.data - 'generated_at'))::text";

  static List<String> projectionRows(JdbcTemplate jdbc) {
    return jdbc.queryForList(
        "SELECT " + PROJECTION_ROW + " FROM projections p ORDER BY p.user_id, p.key", String.class);
  }

  /** One checksum per table of what the job writes. */
  static Map<String, String> checksums(JdbcTemplate jdbc) {
    Map<String, String> sums = new java.util.TreeMap<>();
    for (String table : List.of("Workout", "Nutrition")) {
      sums.put(
          table,
          jdbc.queryForObject(
              "SELECT md5(coalesce(string_agg((to_jsonb(t) - 'updatedAt'"
                  + " - 'aiAnalyzedAt')::text, '|' ORDER BY t.id), '')) FROM \""
                  + table
                  + "\" t",
              String.class));
    }
    sums.put(
        "projections",
        jdbc.queryForObject(
            "SELECT md5(coalesce(string_agg("
                + PROJECTION_ROW
                + ", '|' ORDER BY p.user_id, p.key), '')) FROM projections p",
            String.class));
    return sums;
  }

  /**
   * The operator's recovery of an execution whose JVM died: the {@code recover} command, once the
   * execution's heartbeat is older than {@code --stale-after} (1 s here; 60 s by default).
   */
  static void recover(JdbcTemplate jdbc, String url) throws InterruptedException {
    for (Long id :
        jdbc.queryForList(
            "SELECT JOB_EXECUTION_ID FROM batch.BATCH_JOB_EXECUTION"
                + " WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING')",
            Long.class)) {
      Thread.sleep(1_100);
      Cli.Result recovered =
          Cli.run("recover", String.valueOf(id), "--stale-after", "1", "--database-url", url);
      assertThat(recovered.exitCode()).as(recovered.all()).isZero();
    }
  }

  private static int committed(JdbcTemplate jdbc, String step) {
    try {
      Integer n =
          jdbc.queryForObject(
              "SELECT coalesce(sum(WRITE_COUNT), -1) FROM batch.BATCH_STEP_EXECUTION"
                  + " WHERE STEP_NAME = ?",
              Integer.class,
              step);
      return n == null ? -1 : n;
    } catch (org.springframework.dao.DataAccessException notYet) {
      return -1; // no job repository yet
    }
  }

  @Test
  void killedRunsRecoverAndEndLikeUninterruptedOnes() throws Exception {
    Map<JobKind, Map<String, String>> expected = new java.util.EnumMap<>(JobKind.class);
    Map<JobKind, Long> runMillis = new java.util.EnumMap<>(JobKind.class);
    for (JobKind kind : JobKind.values()) {
      try (TestDatabase reference = database(kind)) {
        Cli.Result result = Cli.run(kind.command(reference.jdbcUrl()));
        assertThat(result.exitCode()).as(result.all()).isZero();
        expected.put(kind, checksums(reference.jdbc()));
        // from the first chunk step's start to the job's end: the span kills are spread over
        runMillis.put(
            kind,
            reference
                .jdbc()
                .queryForObject(
                    "SELECT CAST(EXTRACT(EPOCH FROM (max(e.END_TIME)"
                        + " - min(s.START_TIME))) * 1000 AS BIGINT) FROM batch.BATCH_STEP_EXECUTION s,"
                        + " batch.BATCH_JOB_EXECUTION e WHERE s.STEP_NAME = ?",
                    Long.class,
                    kind.firstStep));
      }
    }

    Random random = new Random(SEED);
    List<String> trials = new ArrayList<>();
    int survived = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      JobKind kind = JobKind.values()[trial % 2];
      try (TestDatabase db = database(kind)) {
        JdbcTemplate jdbc = db.jdbc();
        JvmProcess process = JvmProcess.start(Map.of(), kind.command(db.jdbcUrl()));
        // Wait for the job to start writing, then kill it at a random moment of its run.
        long deadline = System.currentTimeMillis() + 120_000;
        while (committed(jdbc, kind.firstStep) < 0
            && process.isAlive()
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(10);
        }
        long delay = random.nextInt((int) Math.max(100, runMillis.get(kind)));
        Thread.sleep(delay);
        process.kill();
        int atKill = committed(jdbc, kind.firstStep);
        process.delete();

        String status =
            jdbc.queryForObject("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class);
        if (!"COMPLETED".equals(status)) {
          // Left STARTED by the dead JVM: recovered, then the same command resumes it.
          // (After a completed run, the same command would start a new run by contract.)
          recover(jdbc, db.jdbcUrl());
          Cli.Result resumed = Cli.run(kind.command(db.jdbcUrl()));
          assertThat(resumed.exitCode()).as("trial " + trial + "\n" + resumed.all()).isZero();
          assertThat(resumed.all()).contains("Resuming");
        }

        assertThat(checksums(jdbc))
            .as("trial %d (%s, killed after %d ms, %d items committed)", trial, kind, delay, atKill)
            .isEqualTo(expected.get(kind));
        if (kind == JobKind.CAPABILITIES) {
          assertThat(jdbc.queryForList("SELECT DISTINCT version FROM projections", Long.class))
              .as("trial %d: each projection written once", trial)
              .containsExactly(1L);
        } else {
          // Every eligible workout written exactly once over the killed and the resumed execution.
          Integer writes =
              jdbc.queryForObject(
                  "SELECT sum(WRITE_COUNT) FROM batch.BATCH_STEP_EXECUTION"
                      + " WHERE STEP_NAME = 'scoreWorkouts'",
                  Integer.class);
          Integer scored =
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"aiAnalysisStatus\""
                      + " IN ('COMPLETED', 'FAILED', 'SKIPPED_EMPTY') AND \"updatedAt\" > now() - interval '1 day'",
                  Integer.class);
          assertThat(writes).as("trial %d: workouts written once", trial).isEqualTo(scored);
        }
        survived++;
        trials.add(
            String.format(
                "trial %d %s: killed %s, %d ms into the run, with %d items committed",
                trial,
                kind,
                "COMPLETED".equals(status) ? "after the job completed" : "midway",
                delay,
                atKill));
      }
    }
    trials.forEach(System.out::println);
    System.out.println("crash trials survived: " + survived + " of " + TRIALS);
    assertThat(survived).isEqualTo(TRIALS);
    // The kills landed at different points of the runs, most of them midway.
    assertThat(trials.stream().filter(t -> t.contains("midway")).count())
        .isGreaterThanOrEqualTo(TRIALS / 2);
  }
}
