package com.athletebatch.scoring;

import com.athletebatch.scoring.llm.LlmScoringClient;
import com.athletebatch.scoring.llm.LlmSettings;

/** The application's model client for a run's settings. */
public final class LlmClients {

  private LlmClients() {}

  /** The context's factory (a test's), else the application's client. */
  public static LlmClientFactory factory(
      org.springframework.beans.factory.ObjectProvider<LlmClientFactory> factories) {
    return factories.getIfAvailable(() -> LlmClients::create);
  }

  static LlmScoringClient create(LlmSettings settings) {
    throw new IllegalStateException("no LLM client in this build (issue 14 part A)");
  }
}
