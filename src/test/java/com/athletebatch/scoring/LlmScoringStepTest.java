package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DomainSchema;
import com.athletebatch.scoring.llm.LlmChunkWriter;
import com.athletebatch.scoring.llm.LlmClientFactory;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.scoring.llm.LlmSettings.Provider;
import com.athletebatch.scoring.llm.ScorerKind;
import com.athletebatch.support.BatchTestContext;
import com.athletebatch.support.DomainRows;
import com.athletebatch.support.TestDatabase;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The score backfill with the llm and hybrid scorers (issue 14) under spring-batch-test, on a
 * counting test double of the model client: outcomes and statuses, tokens, the budget, and exactly
 * once across a refusal and its restart.
 */
public class LlmScoringStepTest {

  private static final LocalDateTime PAST = LocalDateTime.of(2026, 3, 1, 7, 30);
  private static final LocalDateTime AS_OF = LocalDateTime.of(2026, 6, 1, 0, 0);
  private static final List<String> WORKOUTS = List.of("w-1", "w-2", "w-3", "w-4", "w-5");

  public static TestDatabase prepared(TestDatabase db) {
    DomainSchema.createIfMissing(db.dataSource());
    DomainRows rows = new DomainRows(db.jdbc(), db.dialect());
    rows.user("u1", 72.0, 250, 190, 50, "M");
    for (int i = 0; i < WORKOUTS.size(); i++) {
      rows.ride(WORKOUTS.get(i), "u1", PAST.plusDays(i), "NOT_STARTED");
    }
    rows.emptyWorkout("w-empty", "u1", PAST.plusDays(9));
    rows.nutrition("n-1", "u1", PAST.toLocalDate(), "[{\"name\":\"oats\",\"calories\":400}]");
    return db;
  }

  static ConfigurableApplicationContext context(TestDatabase db, CountingLlmClient client) {
    ConfigurableApplicationContext context = BatchTestContext.start(db);
    context
        .getBeanFactory()
        .registerSingleton("testLlmClientFactory", (LlmClientFactory) settings -> client);
    return context;
  }

  public static LlmRun run(ScorerKind kind, int concurrency, long maxTokens) {
    return new LlmRun(
        kind,
        Provider.OPENAI,
        "test-model",
        "http://127.0.0.1:1",
        concurrency,
        0,
        0,
        Duration.ofSeconds(5),
        maxTokens,
        0.15,
        0.60);
  }

  static JobParameters parameters(LlmRun run, int chunkSize, boolean includeFailed) {
    return run.addTo(
            new ScoreSelection(includeFailed, null, null, null, AS_OF, chunkSize).toParameters())
        .addLong("run.id", 1L)
        .toJobParameters();
  }

  private static String status(JdbcTemplate jdbc, String table, String id) {
    return jdbc.queryForObject(
        "SELECT \"aiAnalysisStatus\" FROM \"" + table + "\" WHERE id = ?", String.class, id);
  }

  private static String analysis(JdbcTemplate jdbc, String id) {
    return jdbc.queryForObject(
        "SELECT \"aiAnalysis\" FROM \"Workout\" WHERE id = ?", String.class, id);
  }

  private static StepExecution step(JobExecution execution, String name) {
    return execution.getStepExecutions().stream()
        .filter(s -> s.getStepName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void hybridSendsEachScoredRowOnceAndCountsItsTokens() throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    try (TestDatabase db = prepared(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db, client)) {
      JobExecution execution =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startJob(parameters(run(ScorerKind.HYBRID, 4, 0), 2, false));

      assertThat(execution.getStatus()).as(trace(execution)).isEqualTo(BatchStatus.COMPLETED);
      for (String id : WORKOUTS) {
        assertThat(client.calls(id)).as(id).isEqualTo(1);
        assertThat(status(db.jdbc(), "Workout", id)).isEqualTo("COMPLETED");
        assertThat(analysis(db.jdbc(), id)).isEqualTo("model analysis of " + id);
      }
      // The empty row is never sent; the deterministic scorer's status stands.
      assertThat(client.calls("w-empty")).isZero();
      assertThat(status(db.jdbc(), "Workout", "w-empty")).isEqualTo("SKIPPED_EMPTY");
      assertThat(client.calls("n-1")).isEqualTo(1);
      ExecutionContext workouts = step(execution, "scoreWorkouts").getExecutionContext();
      assertThat(workouts.getLong(LlmChunkWriter.CALLS)).isEqualTo(5);
      assertThat(workouts.getLong(LlmChunkWriter.TOKENS_IN)).isEqualTo(500);
      assertThat(workouts.getLong(LlmChunkWriter.TOKENS_OUT)).isEqualTo(250);
      String json =
          db.jdbc()
              .queryForObject(
                  "SELECT \"aiAnalysisJson\" FROM \"Workout\" WHERE id = 'w-1'", String.class);
      assertThat(json).contains("\"tokens\"").contains("\"input\":100");
      assertThat(com.athletebatch.operations.RunSummary.llmCost(execution))
          .hasValue(
              "model hybrid, openai test-model at http://127.0.0.1:1: 6 calls, 600 input + 300"
                  + " output tokens, cost $0.0003");
    }
  }

  @Test
  void quotaExceededAndFailedRowsGetTheirStatusAndAreTakenAgain() throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    client.quota = Set.of("w-2");
    client.fail = Set.of("w-3");
    try (TestDatabase db = prepared(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db, client)) {
      JobExecution first =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startJob(parameters(run(ScorerKind.LLM, 2, 0), 10, false));

      assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(status(db.jdbc(), "Workout", "w-2")).isEqualTo("QUOTA_EXCEEDED");
      assertThat(status(db.jdbc(), "Workout", "w-3")).isEqualTo("FAILED");
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT \"aiAnalysisJson\" FROM \"Workout\" WHERE id = 'w-2'", String.class))
          .contains("QUOTA_EXCEEDED")
          .contains("429 until the retries ran out");
      ExecutionContext workouts = step(first, "scoreWorkouts").getExecutionContext();
      assertThat(workouts.getLong(ScoreWriter.QUOTA_EXCEEDED)).isEqualTo(1);
      assertThat(workouts.getLong(ScoreWriter.FAILED)).isEqualTo(1);

      // The nightly selection takes the QUOTA_EXCEEDED row again, not the FAILED one.
      client.quota = Set.of();
      client.fail = Set.of();
      JobParameters nightly =
          run(ScorerKind.LLM, 2, 0)
              .addTo(
                  new ScoreSelection(false, null, null, null, AS_OF, 10)
                      .withQuotaExceededRetried()
                      .toParameters())
              .addLong("run.id", 2L)
              .toJobParameters();
      JobExecution second =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startJob(nightly);
      assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(status(db.jdbc(), "Workout", "w-2")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-3")).isEqualTo("FAILED");
      assertThat(client.calls("w-2")).isEqualTo(2);
      assertThat(client.calls("w-3")).isEqualTo(1);
    }
  }

  @Test
  void aRefusalStopsTheStepAndItsRestartSendsOnlyTheRowsNotCommitted() throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    client.refuse = Set.of("w-4");
    try (TestDatabase db = prepared(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db, client)) {
      JobExecution stopped =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startJob(parameters(run(ScorerKind.LLM, 4, 0), 2, false));

      assertThat(stopped.getStatus()).as(trace(stopped)).isEqualTo(BatchStatus.STOPPED);
      StepExecution workouts = step(stopped, "scoreWorkouts");
      assertThat(workouts.getStatus()).isEqualTo(BatchStatus.STOPPED);
      assertThat(workouts.getExecutionContext().getString(LlmChunkWriter.STOP_REASON))
          .contains("refuses every request")
          .contains("daily quota exhausted");
      // The first chunk committed; the chunk in flight (w-3, w-4) rolled back: nothing written
      // QUOTA_EXCEEDED for the refusal.
      assertThat(status(db.jdbc(), "Workout", "w-1")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-2")).isEqualTo("COMPLETED");
      for (String id : List.of("w-3", "w-4", "w-5")) {
        assertThat(status(db.jdbc(), "Workout", id)).as(id).isEqualTo("NOT_STARTED");
      }
      assertThat(workouts.getExecutionContext().getLong(LlmChunkWriter.CALLS)).isEqualTo(2);
      // The counts are the committed chunk's, not the rolled-back one's as well.
      assertThat(workouts.getReadCount()).isEqualTo(2);
      assertThat(workouts.getWriteCount()).isEqualTo(2);
      assertThat(workouts.getCommitCount()).isEqualTo(1);
      assertThat(workouts.getRollbackCount()).isEqualTo(1);
      assertThat(com.athletebatch.operations.RunSummary.reason(stopped))
          .contains("refuses every request");
      // status, the dashboard and psql read the job's exit description.
      assertThat(stopped.getExitStatus().getExitCode()).isEqualTo("STOPPED");
      assertThat(stopped.getExitStatus().getExitDescription()).contains("refuses every request");
      Map<String, Integer> before = counts(client);

      client.refuse = Set.of();
      long restartedId = context.getBean(JobOperator.class).restart(stopped.getId());
      JobExecution restarted =
          context
              .getBean(org.springframework.batch.core.repository.JobRepository.class)
              .getJobExecution(restartedId);
      while (restarted.isRunning()) {
        Thread.sleep(50);
        restarted =
            context
                .getBean(org.springframework.batch.core.repository.JobRepository.class)
                .getJobExecution(restartedId);
      }

      assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      for (String id : WORKOUTS) {
        assertThat(status(db.jdbc(), "Workout", id)).as(id).isEqualTo("COMPLETED");
      }
      Map<String, Integer> after = counts(client);
      System.out.println("restart test: calls per row before the restart " + before);
      System.out.println("restart test: calls per row after the restart  " + after);
      // Committed rows are never sent again; the rows sent twice are those of the chunk that
      // rolled back (at most one chunk: 2 rows).
      assertThat(after.get("w-1")).isEqualTo(1);
      assertThat(after.get("w-2")).isEqualTo(1);
      assertThat(after.get("n-1")).isEqualTo(1);
      assertThat(after.get("w-5")).isEqualTo(1);
      long repeated = after.values().stream().filter(n -> n > 1).count();
      assertThat(repeated).isLessThanOrEqualTo(2);
      assertThat(after.values().stream().allMatch(n -> n <= 2)).isTrue();
    }
  }

  @Test
  void aWriterFaultFailsTheChunkAndItsRestartResendsOnlyThatChunk() throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    try (TestDatabase db = prepared(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db, client)) {
      // A fault injected in the database: w-3 cannot be scored, so its chunk (w-3, w-4) fails
      // after its model calls.
      db.jdbc()
          .execute(
              "ALTER TABLE \"Workout\" ADD CONSTRAINT llm_fault"
                  + " CHECK (id <> 'w-3' OR \"overallScore\" IS NULL)");
      JobExecution failed =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startJob(parameters(run(ScorerKind.LLM, 4, 0), 2, false));
      assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
      assertThat(status(db.jdbc(), "Workout", "w-2")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "Workout", "w-3")).isEqualTo("NOT_STARTED");
      assertThat(status(db.jdbc(), "Workout", "w-4")).isEqualTo("NOT_STARTED");
      Map<String, Integer> before = counts(client);

      db.jdbc().execute("ALTER TABLE \"Workout\" DROP CONSTRAINT llm_fault");
      JobExecution restarted = restart(context, failed.getId());

      assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      Map<String, Integer> after = counts(client);
      System.out.println("writer-fault test: calls per row before the restart " + before);
      System.out.println("writer-fault test: calls per row after the restart  " + after);
      assertThat(after)
          .containsEntry("w-1", 1)
          .containsEntry("w-2", 1)
          .containsEntry("w-3", 2)
          .containsEntry("w-4", 2)
          .containsEntry("w-5", 1)
          .containsEntry("n-1", 1);
    }
  }

  private static JobExecution restart(ConfigurableApplicationContext context, long executionId)
      throws Exception {
    var repository = context.getBean(org.springframework.batch.core.repository.JobRepository.class);
    long id = context.getBean(JobOperator.class).restart(executionId);
    JobExecution execution = repository.getJobExecution(id);
    while (execution.isRunning()) {
      Thread.sleep(50);
      execution = repository.getJobExecution(id);
    }
    return execution;
  }

  @Test
  void theTokenBudgetStopsTheStepBeforeAChunkThatWouldExceedItAndARestartGetsANewOne()
      throws Exception {
    CountingLlmClient client = new CountingLlmClient();
    try (TestDatabase db = prepared(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db, client)) {
      // 150 tokens a row, chunks of 2: the first chunk (300) fits 450, the second (600) does not.
      JobParameters parameters = parameters(run(ScorerKind.LLM, 2, 450), 2, false);
      JobExecution stopped =
          BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME)
              .startStep(context.getBean("scoreWorkouts", Step.class), parameters, null);
      StepExecution first = stopped.getStepExecutions().iterator().next();
      assertThat(first.getStatus()).isEqualTo(BatchStatus.STOPPED);
      assertThat(first.getExecutionContext().getString(LlmChunkWriter.STOP_REASON))
          .contains("token budget");
      assertThat(client.totalCalls()).isEqualTo(2);
      assertThat(first.getExecutionContext().getLong(LlmChunkWriter.TOKENS_IN)).isEqualTo(200);
    }
  }

  private static String trace(JobExecution execution) {
    java.io.StringWriter w = new java.io.StringWriter();
    execution.getAllFailureExceptions().forEach(t -> t.printStackTrace(new java.io.PrintWriter(w)));
    return w.toString();
  }

  private static Map<String, Integer> counts(CountingLlmClient client) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    client.callsById.forEach((id, n) -> counts.put(id, n.get()));
    return counts;
  }
}
