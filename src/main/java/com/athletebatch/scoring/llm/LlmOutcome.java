package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.core.ScoreCard;
import java.util.Map;

/** What the model made of one row. Every variant carries the tokens the row cost. */
public sealed interface LlmOutcome {

  TokenUsage tokens();

  /**
   * Scored: for llm, a card of the model's validated scores, explanations and analysis; for hybrid,
   * the deterministic card with the model's markdown as its summary. The card's analysis map holds
   * what {@code "aiAnalysisJson"} records: scorer, provider, model, prompt version, token counts
   * and, for hybrid, the deterministic inputs. Status COMPLETED.
   */
  record Scored(ScoreCard card, TokenUsage tokens) implements LlmOutcome {}

  /**
   * The model's answer never validated (malformed JSON, a score outside 1..10…) after the re-asks,
   * or the provider rejected the request for good (400, 401…). Status FAILED with the reason.
   */
  record Failed(String reason, Map<String, Object> details, TokenUsage tokens)
      implements LlmOutcome {}

  /**
   * 429 or 503 until the retries ran out. Status QUOTA_EXCEEDED with the reason; retried by {@code
   * --include-failed} and by every nightly run.
   */
  record QuotaExceeded(String reason, TokenUsage tokens) implements LlmOutcome {}
}
