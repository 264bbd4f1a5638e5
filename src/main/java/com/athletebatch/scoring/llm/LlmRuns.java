package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreWriter;
import com.athletebatch.scoring.ScoredRow;
import com.athletebatch.scoring.ScoringModel;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.step.DeferredTransactions;
import com.athletebatch.step.StepCounterMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One {@link LlmScoring} per running job execution, shared by both tables' steps (one set of {@code
 * --llm-concurrency} threads, one budget), made when a step first asks and closed when the job ends
 * (a job listener).
 */
public class LlmRuns implements ScoringModel {

  private final ObjectProvider<LlmClientFactory> factories;
  private final Map<Long, LlmScoring> running = new ConcurrentHashMap<>();

  public LlmRuns(ObjectProvider<LlmClientFactory> factories) {
    this.factories = factories;
  }

  public LlmScoring forExecution(JobExecution execution) {
    return running.computeIfAbsent(
        execution.getId(),
        id -> {
          LlmRun run = LlmRun.from(execution.getJobParameters());
          return new LlmScoring(run, client(factories, run));
        });
  }

  /** The context's factory (a test's), else the application's client. */
  public static LlmScoringClient client(ObjectProvider<LlmClientFactory> factories, LlmRun run) {
    LlmClientFactory factory = factories.getIfAvailable(() -> LlmRuns::applicationClient);
    return factory.create(run.settings(System.getenv()));
  }

  private static LlmScoringClient applicationClient(LlmSettings settings) {
    return LlmClients.create(settings);
  }

  @Override
  public Stage stage(JobExecution execution) {
    LlmRun run = LlmRun.from(execution.getJobParameters());
    if (!run.kind().callsModel()) {
      return null;
    }
    LlmScoring llm = forExecution(execution);
    return new Stage() {
      @Override
      public String scorer() {
        return run.kind().cliName();
      }

      @Override
      public ScoringModel.ModelWriter writer(
          ScoreWriter delegate, DeferredTransactions transactions) {
        return new LlmChunkWriter(llm, delegate, transactions);
      }

      @Override
      public List<ScoredRow> retryPass(List<ScoredRow> rows) {
        try {
          return llm.score(rows).rows();
        } catch (ProviderRefusedException e) {
          // Left QUOTA_EXCEEDED for the next run.
          return rows.stream()
              .map(
                  r ->
                      r.outcome() instanceof ScoringOutcome.Scored
                          ? new ScoredRow(
                              r.table(),
                              r.id(),
                              new ScoringOutcome.QuotaExceeded(
                                  "the provider refused: " + e.getMessage(), null),
                              r.version())
                          : r)
              .toList();
        }
      }

      @Override
      public Map<String, String> meters() {
        return Map.of(
            ScoreWriter.QUOTA_EXCEEDED,
            StepCounterMetrics.ROWS_QUOTA_EXCEEDED,
            LlmChunkWriter.CALLS,
            StepCounterMetrics.LLM_CALLS,
            LlmChunkWriter.TOKENS_IN,
            StepCounterMetrics.LLM_TOKENS_INPUT,
            LlmChunkWriter.TOKENS_OUT,
            StepCounterMetrics.LLM_TOKENS_OUTPUT);
      }
    };
  }

  @Override
  public void afterJob(JobExecution execution) {
    // A step that stopped itself says why in the job's exit description, which status, the
    // dashboard and psql read (else it is only "JobInterruptedException").
    for (org.springframework.batch.core.step.StepExecution step : execution.getStepExecutions()) {
      if (step.getExecutionContext().containsKey(LlmChunkWriter.STOP_REASON)) {
        execution.setExitStatus(
            new org.springframework.batch.core.ExitStatus(
                execution.getExitStatus().getExitCode(),
                step.getExecutionContext().getString(LlmChunkWriter.STOP_REASON)));
        break;
      }
    }
    LlmScoring llm = running.remove(execution.getId());
    if (llm != null) {
      llm.close();
    }
  }
}
