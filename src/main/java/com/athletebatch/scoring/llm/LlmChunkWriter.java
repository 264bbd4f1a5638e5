package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreWriter;
import com.athletebatch.scoring.ScoredRow;
import com.athletebatch.scoring.ScoringModel;
import com.athletebatch.step.DeferredTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The writer of an LLM or hybrid step (issue 14): the chunk's rows go to the model first, then to
 * the {@link ScoreWriter}. The chunk's transaction ({@link DeferredTransactions}) has no connection
 * and no BEGIN until the ScoreWriter's first statement, so the calls, however slow, hold no
 * database transaction open.
 *
 * <p>The step stops cleanly (STOPPED, restartable, the chunk in flight rolled back and none of its
 * rows written) when the provider refuses everything, or when the chunk would take this execution
 * past {@code --llm-max-tokens}. The tokens and calls of the committed rows are counted in the
 * step's execution context, committed with the rows.
 */
public class LlmChunkWriter implements ScoringModel.ModelWriter {

  /** Counters in the step execution context. */
  public static final String CALLS = "llmCalls";

  public static final String TOKENS_IN = "llmTokensIn";
  public static final String TOKENS_OUT = "llmTokensOut";

  /** Why the step stopped itself (a refusal, the budget); the summary's reason. */
  public static final String STOP_REASON = "llm.stopReason";

  private static final Logger log = LoggerFactory.getLogger(LlmChunkWriter.class);

  private final LlmScoring llm;
  private final ScoreWriter delegate;
  private final DeferredTransactions transactions;
  private StepExecution stepExecution;
  private volatile String stopReason;

  /**
   * The step's counts before the chunk that stopped it. Spring Batch applies a rolled-back chunk's
   * read and write counts and a commit to the step all the same; {@link #afterStep} puts the
   * committed ones back, so that status shows what was written.
   */
  private long[] committedCounts;

  public LlmChunkWriter(LlmScoring llm, ScoreWriter delegate, DeferredTransactions transactions) {
    this.llm = llm;
    this.delegate = delegate;
    this.transactions = transactions;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
    this.stopReason = null;
    ExecutionContext context = stepExecution.getExecutionContext();
    context.remove(STOP_REASON);
    for (String key : new String[] {CALLS, TOKENS_IN, TOKENS_OUT}) {
      context.putLong(key, context.getLong(key, 0L));
    }
  }

  @Override
  public void write(Chunk<? extends ScoredRow> chunk) throws Exception {
    java.util.List<ScoredRow> rows = new java.util.ArrayList<>(chunk.getItems());
    if (llm.run().maxTokens() > 0) {
      long expected = llm.estimate(rows).total();
      if (!llm.fitsBudget(expected)) {
        stop(
            String.format(
                "token budget reached: this execution spent %,d of --llm-max-tokens %,d tokens and"
                    + " the next chunk needs about %,d; restart to continue with a new budget",
                llm.spent(), llm.run().maxTokens(), expected));
        return;
      }
    }
    LlmScoring.Result result;
    try {
      result = llm.score(rows);
    } catch (ProviderRefusedException e) {
      stop("the model's provider refuses every request: " + e.getMessage());
      return;
    }
    delegate.write(new Chunk<>(result.rows()));
    ExecutionContext context = stepExecution.getExecutionContext();
    context.putLong(CALLS, context.getLong(CALLS, 0L) + result.calls());
    context.putLong(TOKENS_IN, context.getLong(TOKENS_IN, 0L) + result.tokens().input());
    context.putLong(TOKENS_OUT, context.getLong(TOKENS_OUT, 0L) + result.tokens().output());
  }

  /** Nothing of this chunk commits; the step ends STOPPED at this chunk's boundary. */
  private void stop(String reason) {
    if (!transactions.rollbackCurrentChunk()) {
      throw new IllegalStateException("no chunk transaction to roll back: " + reason);
    }
    stopReason = reason;
    // The chunk's counts are applied to the step only after this writer returns.
    committedCounts =
        new long[] {
          stepExecution.getReadCount(),
          stepExecution.getWriteCount(),
          stepExecution.getFilterCount(),
          stepExecution.getCommitCount()
        };
    stepExecution.setTerminateOnly();
    log.warn(
        "{}: stopping at this chunk ({}); rerun the command or restart to resume",
        stepExecution.getStepName(),
        reason);
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (stopReason != null && committedCounts != null) {
      stepExecution.setReadCount(committedCounts[0]);
      stepExecution.setWriteCount(committedCounts[1]);
      stepExecution.setFilterCount(committedCounts[2]);
      stepExecution.setCommitCount(committedCounts[3]);
      stepExecution.incrementRollbackCount();
      committedCounts = null;
    }
    if (stopReason != null) {
      // After CommittedContextGuard (registered last, so its afterStep ran first) put the
      // committed context back; saved with the step's end.
      stepExecution.getExecutionContext().putString(STOP_REASON, stopReason);
    }
    return null;
  }
}
