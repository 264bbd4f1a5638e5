package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.cli.AthleteBatchCommand;
import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Restart after a mid-run failure, kura's row-level security, and two launches of one source at
 * once.
 */
class CapabilityEstimationRestartAndSecurityTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFailedRunRestartsAndEndsLikeAnUninterruptedOne(Dialect dialect) {
    try (TestDatabase interrupted = CapabilityEstimationJobTest.withDemoEvents(dialect);
        TestDatabase reference = CapabilityEstimationJobTest.withDemoEvents(dialect)) {
      JdbcTemplate jdbc = interrupted.jdbc();
      List<UUID> users =
          jdbc.queryForList(
              "SELECT DISTINCT user_id FROM events WHERE event_type IN"
                  + " ('set.logged', 'session.logged', 'set.corrected', 'external.activity_imported')"
                  + " ORDER BY user_id",
              UUID.class);
      UUID poison = users.get(users.size() / 2);
      // Writing this user's projections now fails, as a database error midway would.
      jdbc.execute(
          "ALTER TABLE projections ADD CONSTRAINT poison CHECK (user_id <> '" + poison + "')");

      Cli.Result failed =
          Cli.run(
              "capability-backfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--as-of",
              CapabilityEstimationJobTest.AS_OF,
              "--chunk-size",
              "2",
              "--no-verify");
      assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
      assertThat(failed.out())
          .containsPattern("failed:\\d+")
          .contains("backfill-capability-estimation.sh");
      assertThat(
              jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM projections", Integer.class))
          .isEqualTo(users.size() / 2 / 2 * 2);

      jdbc.execute("ALTER TABLE projections DROP CONSTRAINT poison");
      Cli.Result resumed =
          Cli.run(
              "capability-backfill",
              "--database-url",
              interrupted.jdbcUrl(),
              "--as-of",
              CapabilityEstimationJobTest.AS_OF,
              "--chunk-size",
              "2",
              "--no-verify");
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all()).contains("Resuming capabilityEstimation execution");
      Cli.Result uninterrupted =
          Cli.run(
              "capability-backfill",
              "--database-url",
              reference.jdbcUrl(),
              "--as-of",
              CapabilityEstimationJobTest.AS_OF,
              "--chunk-size",
              "2",
              "--no-verify");
      assertThat(uninterrupted.exitCode()).isZero();

      // Same data, and every row written exactly once (version 1).
      assertThat(CapabilityEstimationJobTest.projections(jdbc, dialect))
          .isEqualTo(CapabilityEstimationJobTest.projections(reference.jdbc(), dialect));
      assertThat(jdbc.queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(1L);
    }
  }

  /**
   * Under kura's forced row-level security, as a BYPASSRLS non-superuser worker role with only the
   * grants the README lists (here under a unique name, as roles are shared by the whole server).
   */
  @Test
  void runsUnderRowLevelSecurityAsABypassRlsWorkerRoleWithTheDocumentedGrants() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate admin = db.jdbc();
      DomainSchema.applyKuraRowLevelSecurity(db.dataSource());
      String role = "app_worker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String database = admin.queryForObject("SELECT current_database()", String.class);
      admin.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'secret-pw' BYPASSRLS NOSUPERUSER");
      try {
        // The documented grants (README, "Least privilege").
        admin.execute("GRANT CONNECT, CREATE ON DATABASE " + database + " TO " + role);
        admin.execute("GRANT USAGE ON SCHEMA public TO " + role);
        admin.execute("GRANT SELECT ON events, users TO " + role);
        admin.execute("GRANT SELECT, INSERT, UPDATE ON projections TO " + role);
        String url = db.jdbcUrl().replaceAll("user=[^&]*", "user=" + role + "&password=secret-pw");
        // Without BYPASSRLS this role would see no events at all (FORCE RLS, no current user).
        Cli.Result result =
            Cli.run(
                "capability-backfill",
                "--database-url",
                url,
                "--as-of",
                CapabilityEstimationJobTest.AS_OF);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).containsPattern("users_missing_capability_projection\\s+0");
        assertThat(result.all()).doesNotContain("secret-pw");
        int users = CapabilityEstimationJobTest.usersWithCapabilityEvents(admin);
        assertThat(admin.queryForObject("SELECT count(*) FROM projections", Integer.class))
            .isEqualTo(4 * users);
        assertThat(
                admin.queryForObject(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = ?", Boolean.class, role))
            .isFalse();
      } finally {
        admin.execute("DROP OWNED BY " + role);
        admin.execute("DROP ROLE " + role);
      }
    }
  }

  /** Two launches with one source at once: exactly one runs, the other prints already_inflight. */
  @Test
  void twoConcurrentLaunchesWithOneSourceRunOnce() throws Exception {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      // Hold a lock on projections so that the first run stays in flight at its first write.
      DriverManagerDataSource ds = (DriverManagerDataSource) db.dataSource();
      try (Connection blocker = ds.getConnection()) {
        blocker.setAutoCommit(false);
        blocker.createStatement().execute("LOCK TABLE projections IN EXCLUSIVE MODE");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<Integer> launch =
            () ->
                AthleteBatchCommand.execute(
                    "capability-backfill", "--database-url", db.jdbcUrl(), "--no-verify");
        Future<Integer> first = pool.submit(launch);
        waitForRunningExecution(db.jdbc());
        Future<Integer> second = pool.submit(launch);
        assertThat(second.get()).isZero(); // already_inflight exits 0
        blocker.rollback();
        assertThat(first.get()).isZero();
        pool.shutdown();
      }
      assertThat(
              db.jdbc()
                  .queryForObject("SELECT count(*) FROM batch.BATCH_JOB_EXECUTION", Integer.class))
          .isEqualTo(1);
      assertThat(
              db.jdbc()
                  .queryForObject("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
          .isEqualTo("COMPLETED");
    }
  }

  private static void waitForRunningExecution(JdbcTemplate jdbc) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      try {
        List<Map<String, Object>> rows =
            jdbc.queryForList(
                "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'estimateCapabilities'");
        if (!rows.isEmpty()) {
          return;
        }
      } catch (org.springframework.dao.DataAccessException notYetCreated) {
        // the job repository tables are created by the first launch
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the first run never started");
  }
}
