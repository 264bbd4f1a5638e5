package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * kura's {@code background_jobs} as the capability runbook uses it, on kura's schema under its
 * forced row-level security, the job running as the README's least-privilege BYPASSRLS worker role
 * (plus the background_jobs grants): the runbook's two queue-progress queries, unchanged, before,
 * during and after a run; kura's own row in flight stops a launch; a failed run's row; a table that
 * is absent or not writable leaves the job running.
 */
class BackgroundJobsRunbookTest {

  /** The runbook's "queue progress for the backfill controller job", as written there. */
  static final String CONTROLLER_QUERY =
      """
      SELECT status, COUNT(*) AS jobs
      FROM background_jobs
      WHERE job_type = 'inference.capability_backfill'
        AND payload->>'source' = '<your-source>'
      GROUP BY status
      ORDER BY status;""";

  /** The runbook's "queue progress for fan-out projection updates", as written there. */
  static final String FAN_OUT_QUERY =
      """
      SELECT status, COUNT(*) AS jobs
      FROM background_jobs
      WHERE job_type = 'projection.update'
        AND payload->>'source' = '<your-source>'
      GROUP BY status
      ORDER BY status;""";

  private static final String SOURCE = "deploy.capability_estimation_v1";
  private static final Path RUNBOOK = Path.of("../shared/seeds/capability-estimation-backfill.md");

  @Test
  void theQueriesAreTheRunbooksOwn() throws Exception {
    if (!Files.exists(RUNBOOK)) {
      return; // the seeds are beside the repository in CI and on the developers' machines
    }
    String runbook = Files.readString(RUNBOOK, StandardCharsets.UTF_8);
    assertThat(runbook).contains(CONTROLLER_QUERY).contains(FAN_OUT_QUERY);
  }

  @Test
  void queueQueriesBeforeDuringAndAfterARun() throws Exception {
    try (TestDatabase db = kuraDatabase();
        Worker worker = Worker.create(db, true)) {
      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).isEmpty();
      assertThat(queue(worker.jdbc, FAN_OUT_QUERY, SOURCE)).isEmpty();

      CompletableFuture<Cli.Result> run;
      DriverManagerDataSource ds = (DriverManagerDataSource) db.dataSource();
      try (Connection blocker = ds.getConnection()) {
        // Hold the run at its first write, so that it is seen in flight.
        blocker.setAutoCommit(false);
        blocker.createStatement().execute("LOCK TABLE projections IN EXCLUSIVE MODE");
        run = CompletableFuture.supplyAsync(() -> backfill(worker.url, SOURCE));
        waitFor(() -> !queue(worker.jdbc, CONTROLLER_QUERY, SOURCE).isEmpty());
        assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).containsExactly("processing=1");
        // What kura's script checks before it enqueues: our run is in flight for this source.
        assertThat(
                worker.jdbc.queryForObject(
                    "SELECT count(*) FROM background_jobs WHERE job_type ="
                        + " 'inference.capability_backfill' AND status IN ('pending',"
                        + " 'processing') AND payload->>'source' = ?",
                    Integer.class,
                    SOURCE))
            .isEqualTo(1);
        blocker.rollback();
      }
      Cli.Result result = run.get(120, TimeUnit.SECONDS);
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).containsPattern("completed:\\d+");

      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).containsExactly("completed=1");
      assertThat(queue(worker.jdbc, FAN_OUT_QUERY, SOURCE)).isEmpty(); // one job, no fan-out
      Map<String, Object> row =
          db.jdbc()
              .queryForMap(
                  "SELECT user_id, priority, error_message, payload->>'source' AS source,"
                      + " payload->'event_types' AS types,"
                      + " (payload->>'execution_id')::bigint AS execution_id,"
                      + " started_at IS NOT NULL AND completed_at >= started_at AS timed"
                      + " FROM background_jobs");
      assertThat(row.get("source")).isEqualTo(SOURCE);
      assertThat(row.get("types").toString())
          .isEqualTo(
              "[\"set.logged\", \"session.logged\", \"set.corrected\","
                  + " \"external.activity_imported\"]");
      assertThat(row.get("execution_id"))
          .isEqualTo(
              db.jdbc()
                  .queryForObject(
                      "SELECT JOB_EXECUTION_ID FROM batch.BATCH_JOB_EXECUTION", Long.class));
      assertThat(row.get("timed")).isEqualTo(true);
      assertThat(row.get("priority")).isEqualTo(4);
      assertThat(row.get("error_message")).isNull();
      // Owned, as kura's script owns its row, by the user of the newest capability event (newest
      // written: the highest UUIDv7 id).
      assertThat(row.get("user_id"))
          .isEqualTo(
              db.jdbc()
                  .queryForObject(
                      "SELECT user_id FROM events WHERE event_type IN ('set.logged',"
                          + " 'session.logged', 'set.corrected', 'external.activity_imported')"
                          + " ORDER BY id DESC LIMIT 1",
                      UUID.class));
    }
  }

  @Test
  void kurasOwnRowInFlightMeansAlreadyInflightAndNothingStarts() throws Exception {
    try (TestDatabase db = kuraDatabase();
        Worker worker = Worker.create(db, true)) {
      for (String status : List.of("pending", "processing")) {
        db.jdbc().update("DELETE FROM background_jobs");
        long kuraRow = enqueueAsKura(db.jdbc(), SOURCE, status);

        Cli.Result result = backfill(worker.url, SOURCE);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out())
            .contains("already_inflight")
            .contains("kura's own backfill of source '" + SOURCE + "' is " + status)
            .contains("background_jobs row " + kuraRow)
            .doesNotContainPattern("completed:\\d+");
        Cli.Result run =
            Cli.run(
                "run", "capabilityEstimation", "--database-url", worker.url, "--source", SOURCE);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(executions(db.jdbc())).isZero();
        assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).containsExactly(status + "=1");
      }
      // Another source is not held back; kura's row is left as it was.
      Cli.Result other = backfill(worker.url, "other.source");
      assertThat(other.exitCode()).as(other.all()).isZero();
      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, "other.source"))
          .containsExactly("completed=1");
      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).containsExactly("processing=1");
    }
  }

  @Test
  void aFailedRunsRowIsFailedAndTheResumedRunCompletes() throws Exception {
    try (TestDatabase db = kuraDatabase();
        Worker worker = Worker.create(db, true)) {
      // Left by a run whose JVM was killed: processing, with an execution that no longer runs.
      db.jdbc()
          .update(
              "INSERT INTO background_jobs (user_id, job_type, payload, status)"
                  + " SELECT id, 'inference.capability_backfill', jsonb_build_object('source', ?,"
                  + " 'execution_id', 999), 'processing' FROM users LIMIT 1",
              SOURCE);
      db.jdbc()
          .execute("ALTER TABLE projections ADD CONSTRAINT poison CHECK (key <> 'jump_height')");
      Cli.Result failed = backfill(worker.url, SOURCE);
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE)).containsExactly("failed=2");
      assertThat(
              db.jdbc()
                  .queryForList(
                      "SELECT error_message FROM background_jobs ORDER BY id", String.class))
          .satisfiesExactly(
              abandoned -> assertThat(abandoned).startsWith("execution 999 ended without"),
              own ->
                  assertThat(own)
                      .containsPattern("^execution \\d+ FAILED: .*poison")
                      .endsWith("run the same command again to resume it"));

      db.jdbc().execute("ALTER TABLE projections DROP CONSTRAINT poison");
      Cli.Result resumed = backfill(worker.url, SOURCE);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(queue(worker.jdbc, CONTROLLER_QUERY, SOURCE))
          .containsExactly("completed=1", "failed=2");
    }
  }

  @Test
  void aTableTheRoleMayNotWriteIsNamedOnceAndTheJobGoesOn() throws Exception {
    try (TestDatabase db = kuraDatabase();
        Worker worker = Worker.create(db, false)) {
      Cli.Result result = backfill(worker.url, SOURCE);
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).containsPattern("completed:\\d+");
      assertThat(occurrences(result.all(), "background_jobs: this run is not recorded there"))
          .isEqualTo(1);
      assertThat(result.all()).contains("permission denied");
      assertThat(db.jdbc().queryForObject("SELECT count(*) FROM background_jobs", Integer.class))
          .isZero();
      assertThat(db.jdbc().queryForObject("SELECT count(*) FROM projections", Integer.class))
          .isEqualTo(4 * CapabilityEstimationJobTest.usersWithCapabilityEvents(db.jdbc()));
    }
  }

  @Test
  void anAbsentTableIsNamedOnceAndTheJobGoesOn() throws Exception {
    try (TestDatabase db = kuraDatabase();
        Worker worker = Worker.create(db, false)) {
      db.jdbc().execute("DROP TABLE background_jobs");
      Cli.Result result = backfill(worker.url, SOURCE);
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).containsPattern("completed:\\d+");
      assertThat(occurrences(result.all(), "background_jobs: no such table")).isEqualTo(1);
      assertThat(occurrences(result.all(), "background_jobs:")).isEqualTo(1);
    }
  }

  // ── support ──

  private static TestDatabase kuraDatabase() {
    TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL);
    DomainSchema.applyKuraRowLevelSecurity(db.dataSource());
    return db;
  }

  private static Cli.Result backfill(String url, String source) {
    return Cli.run(
        "capability-backfill",
        "--database-url",
        url,
        "--source",
        source,
        "--as-of",
        CapabilityEstimationJobTest.AS_OF,
        "--no-verify");
  }

  /** A kura-style controller row, as kura's script enqueues it (no execution_id). */
  private static long enqueueAsKura(JdbcTemplate admin, String source, String status) {
    return admin.queryForObject(
        "INSERT INTO background_jobs (user_id, job_type, payload, status, priority)"
            + " SELECT id, 'inference.capability_backfill', jsonb_build_object('source', ?,"
            + " 'event_types', jsonb_build_array('set.logged')), ?, 4 FROM users LIMIT 1"
            + " RETURNING id",
        Long.class,
        source,
        status);
  }

  /** The runbook query with its placeholder filled in, as an operator does: "status=jobs" rows. */
  private static List<String> queue(JdbcTemplate jdbc, String runbookQuery, String source) {
    return jdbc.query(
        runbookQuery.replace("<your-source>", source.replace("'", "''")),
        (rs, n) -> rs.getString("status") + "=" + rs.getLong("jobs"));
  }

  private static int executions(JdbcTemplate admin) {
    return admin.queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'batch'"
                    + " AND table_name = 'batch_job_execution'",
                Integer.class)
            == 0
        ? 0
        : admin.queryForObject("SELECT count(*) FROM batch.BATCH_JOB_EXECUTION", Integer.class);
  }

  private static int occurrences(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out");
  }

  /**
   * The README's capability worker role (BYPASSRLS, NOSUPERUSER, its grants), under a unique name
   * as roles are shared by the whole server; with the background_jobs grants or without.
   */
  private record Worker(TestDatabase db, String role, String url, JdbcTemplate jdbc)
      implements AutoCloseable {

    static Worker create(TestDatabase db, boolean backgroundJobs) {
      JdbcTemplate admin = db.jdbc();
      String role = "app_worker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String database = admin.queryForObject("SELECT current_database()", String.class);
      admin.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'worker-pw' BYPASSRLS NOSUPERUSER");
      admin.execute("GRANT CONNECT, CREATE ON DATABASE " + database + " TO " + role);
      admin.execute("GRANT USAGE ON SCHEMA public TO " + role);
      admin.execute("GRANT SELECT ON events, users TO " + role);
      admin.execute("GRANT SELECT, INSERT, UPDATE ON projections TO " + role);
      if (backgroundJobs) {
        admin.execute("GRANT SELECT, INSERT, UPDATE ON background_jobs TO " + role);
        admin.execute("GRANT USAGE ON SEQUENCE background_jobs_id_seq TO " + role);
      }
      String url = db.jdbcUrl().replaceAll("user=[^&]*", "user=" + role + "&password=worker-pw");
      DriverManagerDataSource ds = new DriverManagerDataSource(url);
      return new Worker(db, role, url, new JdbcTemplate(ds));
    }

    @Override
    public void close() {
      JdbcTemplate admin = db.jdbc();
      admin.execute("DROP OWNED BY " + role);
      admin.execute("DROP ROLE " + role);
    }
  }
}
