package com.athletebatch.scoring.llm;

/**
 * The provider refuses everything (for example 20 consecutive 429s, or a daily quota message): the
 * step stops cleanly as STOPPED, writing nothing for the rows in flight, and {@code restart}
 * resumes it. Thrown by {@link LlmScoringClient#score} instead of returning thousands of {@link
 * LlmOutcome.QuotaExceeded}.
 */
public class ProviderRefusedException extends RuntimeException {

  public ProviderRefusedException(String message) {
    super(message);
  }

  public ProviderRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
