package com.athletebatch.scoring.llm;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The model side of the score backfill's llm and hybrid runs (issue 14). */
@Configuration(proxyBeanMethods = false)
public class LlmJobConfiguration {

  @Bean
  public LlmRuns llmRuns(ObjectProvider<LlmClientFactory> factories) {
    return new LlmRuns(factories);
  }
}
