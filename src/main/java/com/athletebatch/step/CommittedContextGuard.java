package com.athletebatch.step;

import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps a failed step from recording a reader position its data never reached.
 *
 * <p>A chunk-oriented step updates the readers' state in the step's execution context before the
 * chunk commits. When the commit itself fails (a connection killed at that moment, a server
 * restart), the chunk's rows roll back, but the step then saves its in-memory context on the way
 * out: the saved position is past rows that were never written, and a restart would skip them (seen
 * with {@code pg_terminate_backend} in DatabaseFaultTest). This listener remembers the context as
 * of the last commit and puts it back when the step ends without completing, before the step saves
 * it again; the writers' counters kept in the context are then also what was committed.
 *
 * <p>Register it last, so that its {@code beforeStep} sees what the other listeners put in the
 * context and its {@code afterStep} runs first.
 */
public class CommittedContextGuard implements StepExecutionListener, ChunkListener<Object, Object> {

  private StepExecution stepExecution;
  private Map<String, Object> committed;

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
    this.committed = snapshot(stepExecution.getExecutionContext());
  }

  @Override
  public void beforeChunk(Chunk<Object> chunk) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              committed = snapshot(stepExecution.getExecutionContext());
            }
          });
    }
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (stepExecution.getStatus() != BatchStatus.COMPLETED && committed != null) {
      ExecutionContext context = stepExecution.getExecutionContext();
      for (String key : snapshot(context).keySet()) {
        if (!committed.containsKey(key)) {
          context.remove(key);
        }
      }
      committed.forEach(context::put);
    }
    return null;
  }

  private static Map<String, Object> snapshot(ExecutionContext context) {
    Map<String, Object> copy = new HashMap<>();
    for (Map.Entry<String, Object> entry : context.entrySet()) {
      copy.put(entry.getKey(), entry.getValue());
    }
    return copy;
  }
}
