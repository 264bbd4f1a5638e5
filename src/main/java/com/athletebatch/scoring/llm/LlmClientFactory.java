package com.athletebatch.scoring.llm;

/**
 * Makes the model client of one run. The application's is the Spring AI client ({@code
 * scoring.llm}); a test may put its own bean of this type in the context.
 */
@FunctionalInterface
public interface LlmClientFactory {

  LlmScoringClient create(LlmSettings settings);
}
