package com.athletebatch.scoring.llm;

/**
 * Scores rows with a model. Implementations are thread-safe and blocking; they apply the
 * requests-per-minute and tokens-per-minute limits, the per-request timeout, the retries (429 and
 * 503 honouring {@code Retry-After}, else exponential back-off with jitter; 5xx) and at most two
 * re-asks of an answer that does not validate. They never touch the database.
 */
public interface LlmScoringClient {

  /**
   * @return the row's outcome; never null
   * @throws ProviderRefusedException when the provider refuses everything and the step should stop
   */
  LlmOutcome score(LlmRequest request);

  /** The tokens one call for this row is expected to cost (for {@code --dry-run} and budgets). */
  TokenUsage estimate(LlmRequest request);
}
