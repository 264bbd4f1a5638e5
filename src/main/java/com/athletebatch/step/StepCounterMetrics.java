package com.athletebatch.step;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Publishes a step's own counters (the writers' execution-context counts, e.g. rows scored) as
 * Micrometer counters tagged with the job and step, after every chunk. Only the increase since the
 * last chunk is added, counted from the value the step starts with, so that a restarted step (whose
 * context carries the first run's counts) adds only its own work.
 */
public final class StepCounterMetrics
    implements StepExecutionListener, ChunkListener<Object, Object> {

  /**
   * Application meter names (Prometheus: dots become underscores, counters end in {@code _total}).
   */
  public static final String ROWS_SCORED = "athlete.batch.rows.scored";

  public static final String ROWS_SKIPPED = "athlete.batch.rows.skipped";
  public static final String ROWS_FAILED = "athlete.batch.rows.failed";
  public static final String ROWS_CHANGED_CONCURRENTLY = "athlete.batch.rows.changed.concurrently";
  public static final String ROWS_LOCKED = "athlete.batch.rows.locked";
  public static final String ROWS_QUOTA_EXCEEDED = "athlete.batch.rows.quota.exceeded";
  public static final String LLM_CALLS = "athlete.batch.llm.calls";
  public static final String LLM_TOKENS_INPUT = "athlete.batch.llm.tokens.input";
  public static final String LLM_TOKENS_OUTPUT = "athlete.batch.llm.tokens.output";
  public static final String PROJECTIONS_NEWER = "athlete.batch.projections.newer";
  public static final String USERS_ESTIMATED = "athlete.batch.users.estimated";
  public static final String USERS_SKIPPED = "athlete.batch.users.skipped";
  public static final String PROJECTIONS_WRITTEN = "athlete.batch.projections.written";
  public static final String EVENTS_SKIPPED = "athlete.batch.events.skipped";

  private final MeterRegistry registry;
  private final Map<String, String> meterByContextKey;
  private final Map<String, Long> published = new HashMap<>();
  private StepExecution stepExecution;

  /**
   * @param meterByContextKey step execution-context key (a long count) -> meter name
   */
  public StepCounterMetrics(MeterRegistry registry, Map<String, String> meterByContextKey) {
    this.registry = registry;
    this.meterByContextKey = Map.copyOf(meterByContextKey);
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
    ExecutionContext context = stepExecution.getExecutionContext();
    meterByContextKey.forEach(
        (key, meter) -> {
          published.put(key, context.getLong(key, 0L));
          counter(meter); // shown from the start, also while zero
        });
  }

  @Override
  public void afterChunk(Chunk<Object> chunk) {
    publish();
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    publish();
    return null;
  }

  private void publish() {
    ExecutionContext context = stepExecution.getExecutionContext();
    meterByContextKey.forEach(
        (key, meter) -> {
          long now = context.getLong(key, 0L);
          long delta = now - published.getOrDefault(key, 0L);
          if (delta > 0) {
            counter(meter).increment(delta);
            published.put(key, now);
          }
        });
  }

  private Counter counter(String meter) {
    return Counter.builder(meter)
        .tag("job", stepExecution.getJobExecution().getJobInstance().getJobName())
        .tag("step", stepExecution.getStepName())
        .register(registry);
  }
}
