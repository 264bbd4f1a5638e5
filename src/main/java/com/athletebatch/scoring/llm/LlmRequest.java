package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.core.ScoreCard;

/**
 * One row to send to the model. The deterministic scorer always runs first: its card holds every
 * input and intermediate value (IF, VI, decoupling, compliance, macro shares…), which the prompt
 * gives the model as data. A row the deterministic scorer finds invalid or empty is never sent.
 *
 * @param kind {@link ScorerKind#LLM} or {@link ScorerKind#HYBRID}
 * @param table which upstream table the row is from
 * @param rowId the row's id (for logs and reasons; never an instruction to the model)
 * @param deterministic the deterministic card: for hybrid, the numbers the analysis must not
 *     contradict; for llm, the facts the model scores from
 */
public record LlmRequest(ScorerKind kind, ScoreTable table, String rowId, ScoreCard deterministic) {

  public LlmRequest {
    if (kind == null || !kind.callsModel()) {
      throw new IllegalArgumentException("an LLM request needs the llm or hybrid scorer");
    }
    if (deterministic == null) {
      throw new IllegalArgumentException("an LLM request needs the deterministic card");
    }
  }
}
