package com.athletebatch.scoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One {@link LlmScoring} per running job execution, shared by both tables' steps (one set of {@code
 * --llm-concurrency} threads, one budget), made when a step first asks and closed when the job ends
 * (a job listener).
 */
public class LlmRuns implements JobExecutionListener {

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
          return new LlmScoring(
              run, LlmClients.factory(factories).create(run.settings(System.getenv())));
        });
  }

  @Override
  public void afterJob(JobExecution execution) {
    LlmScoring llm = running.remove(execution.getId());
    if (llm != null) {
      llm.close();
    }
  }
}
