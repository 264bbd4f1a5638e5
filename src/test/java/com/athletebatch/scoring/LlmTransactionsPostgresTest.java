package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.llm.ScorerKind;
import com.athletebatch.support.BatchTestContext;
import com.athletebatch.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14: a slow model never holds a database transaction open. While the (test double's) model
 * calls are in flight, PostgreSQL's pg_stat_activity shows no session of the run {@code idle in
 * transaction}: the chunk's transaction has no connection until the writer's first statement, and
 * the reader reads in autocommit outside it.
 */
class LlmTransactionsPostgresTest {

  /**
   * Sessions of the test database (but the probe's) idle in a transaction that has been open for
   * more than half a second. A chunk's own transaction (its writes and the job repository's
   * updates) takes milliseconds; a transaction open across a 1.5 s model call would be counted.
   */
  private static final String IDLE_IN_TRANSACTION =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
          + " AND xact_start < clock_timestamp() - interval '500 milliseconds'";

  @Test
  void noSessionIsIdleInTransactionWhileTheModelIsSlow() throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    client.latencyMillis = 1500;
    try (TestDatabase db = LlmScoringStepTest.prepared(TestDatabase.postgres());
        ConfigurableApplicationContext context = LlmScoringStepTest.context(db, client)) {
      JdbcTemplate probe = db.jdbc();
      // The probe sees an open transaction when there is one (so the check below can fail).
      try (Connection open = db.dataSource().getConnection()) {
        open.setAutoCommit(false);
        try (Statement s = open.createStatement()) {
          s.execute("SELECT 1");
        }
        Thread.sleep(700);
        assertThat(probe.queryForObject(IDLE_IN_TRANSACTION, Long.class)).isEqualTo(1);
        open.rollback();
      }

      CompletableFuture<JobExecution> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
                      .startJob(
                          LlmScoringStepTest.parameters(
                              LlmScoringStepTest.run(ScorerKind.HYBRID, 2, 0), 2, false));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      List<Long> whileCalling = new ArrayList<>();
      while (!run.isDone()) {
        int inFlight = client.inFlight.get();
        long idleInTransaction = probe.queryForObject(IDLE_IN_TRANSACTION, Long.class);
        if (inFlight > 0 && client.inFlight.get() > 0) {
          whileCalling.add(idleInTransaction);
        }
        Thread.sleep(100);
      }
      JobExecution execution = run.get();

      assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(client.totalCalls()).isEqualTo(6);
      // 3 chunks of workouts (and the nutrition day) at 1.5 s each: many samples while calling.
      assertThat(whileCalling).hasSizeGreaterThan(10);
      assertThat(whileCalling).allMatch(n -> n == 0);
      assertThat(
              probe.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"aiAnalysisStatus\" = 'COMPLETED'",
                  Long.class))
          .isEqualTo(5);
    }
  }
}
