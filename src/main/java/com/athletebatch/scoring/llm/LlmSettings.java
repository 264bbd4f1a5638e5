package com.athletebatch.scoring.llm;

import java.time.Duration;

/**
 * How to reach the model and how hard to press it. Built from the run's options; the API key comes
 * from {@code OPENAI_API_KEY} / {@code GEMINI_API_KEY} and is never printed ({@link #toString()}).
 *
 * @param provider the API dialect
 * @param model the model name, e.g. {@code gpt-4o-mini}, {@code gemini-2.5-flash}, {@code llama3.1}
 * @param baseUrl null for the provider's own endpoint; else e.g. {@code http://127.0.0.1:11434/v1}
 *     (Ollama, vLLM, LM Studio, or a stub)
 * @param apiKey may be null for a local server
 * @param concurrency requests in flight at most ({@code --llm-concurrency}, default 8)
 * @param requestsPerMinute client-side limit ({@code --llm-rpm}); 0 for none
 * @param tokensPerMinute client-side limit ({@code --llm-tpm}); 0 for none
 * @param requestTimeout per request
 * @param maxRetries retries of one call after 429, 503, other 5xx or a timeout
 * @param refuseAfter consecutive 429s across all rows after which the provider counts as refusing
 */
public record LlmSettings(
    Provider provider,
    String model,
    String baseUrl,
    String apiKey,
    int concurrency,
    int requestsPerMinute,
    long tokensPerMinute,
    Duration requestTimeout,
    int maxRetries,
    int refuseAfter) {

  /** The providers; the list exists only here. */
  public enum Provider {
    /** OpenAI's chat completions API, and servers that speak it (Ollama, vLLM, LM Studio). */
    OPENAI,
    GEMINI;

    public String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return "LlmSettings[provider="
        + provider.cliName()
        + ", model="
        + model
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null || apiKey.isEmpty() ? "(none)" : "***")
        + ", concurrency="
        + concurrency
        + ", rpm="
        + requestsPerMinute
        + ", tpm="
        + tokensPerMinute
        + ", timeout="
        + requestTimeout
        + ", maxRetries="
        + maxRetries
        + ", refuseAfter="
        + refuseAfter
        + "]";
  }
}
