package com.athletebatch.scoring;

import com.athletebatch.step.DeferredTransactions;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The model side of the llm and hybrid scorers (issue 14), as the score backfill job sees it. It is
 * implemented in {@code scoring.llm} (which depends on this package for {@link ScoreTable}), so the
 * job never imports the client; it is a job listener so that a run's model resources end with the
 * run.
 */
public interface ScoringModel extends JobExecutionListener {

  /** The run's model stage, or null when its scorer ({@code --scorer}) calls no model. */
  Stage stage(JobExecution execution);

  /** What a step of a model run adds to the deterministic step. */
  interface Stage {

    /** e.g. {@code hybrid}, for messages. */
    String scorer();

    /** The step's writer: the chunk's scored rows to the model, then to {@code delegate}. */
    ModelWriter writer(ScoreWriter delegate, DeferredTransactions transactions);

    /** The locked-row retry pass's rows, rescored deterministically, through the model too. */
    List<ScoredRow> retryPass(List<ScoredRow> rows);

    /** Its execution-context counters and their meter names. */
    Map<String, String> meters();
  }

  /** A writer that is also a step listener (registered as one). */
  interface ModelWriter extends ItemWriter<ScoredRow>, StepExecutionListener {}
}
