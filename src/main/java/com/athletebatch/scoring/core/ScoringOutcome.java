package com.athletebatch.scoring.core;

import java.util.Map;

/** The result of scoring one row: scored, nothing to score, or invalid data. */
public sealed interface ScoringOutcome {

  /** The row was scored; status becomes COMPLETED. */
  record Scored(ScoreCard card) implements ScoringOutcome {}

  /** The row holds no data to score; status becomes SKIPPED_EMPTY. */
  record Empty(String reason) implements ScoringOutcome {}

  /**
   * The row holds negative, impossible, NaN or infinite values; it is not scored, its status
   * becomes FAILED and the reason goes to the skip log.
   */
  record Invalid(String reason, Map<String, Object> details) implements ScoringOutcome {}

  /**
   * A model's provider kept answering 429/503 until the retries ran out (issue 14); status becomes
   * QUOTA_EXCEEDED with the reason, and {@code --include-failed} and every nightly run take the row
   * again.
   */
  record QuotaExceeded(String reason, Map<String, Object> details) implements ScoringOutcome {}
}
