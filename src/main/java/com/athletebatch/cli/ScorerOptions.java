package com.athletebatch.cli;

import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.scoring.llm.LlmSettings.Provider;
import com.athletebatch.scoring.llm.ScorerKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --scorer} and the model options of the score backfill (issue 14). The API key is read from
 * {@code OPENAI_API_KEY} / {@code GEMINI_API_KEY} only: there is no option for it, it is never
 * printed and never stored in the job parameters.
 */
public class ScorerOptions {

  @Option(
      names = "--scorer",
      paramLabel = "KIND",
      defaultValue = "deterministic",
      description =
          "deterministic (default: the explainable scorers, no model), llm (scores, explanations"
              + " and analysis from the model) or hybrid (deterministic scores plus the model's"
              + " analysis)")
  String scorer;

  @Option(
      names = "--llm-provider",
      paramLabel = "NAME",
      description =
          "openai (also any OpenAI-compatible server: Ollama, vLLM, LM Studio, with"
              + " --llm-base-url) or gemini; default openai. Key from OPENAI_API_KEY/GEMINI_API_KEY")
  String provider;

  @Option(
      names = "--llm-model",
      paramLabel = "NAME",
      description = "the model (default gpt-4o-mini for openai, gemini-2.5-flash for gemini)")
  String model;

  @Option(
      names = "--llm-base-url",
      paramLabel = "URL",
      description = "the provider's endpoint, e.g. http://127.0.0.1:11434 (Ollama) or a stub")
  String baseUrl;

  @Option(
      names = "--llm-concurrency",
      paramLabel = "N",
      description = "requests in flight at most (default " + LlmRun.DEFAULT_CONCURRENCY + ")")
  Integer concurrency;

  @Option(names = "--llm-rpm", paramLabel = "N", description = "requests per minute at most")
  Integer rpm;

  @Option(names = "--llm-tpm", paramLabel = "N", description = "tokens per minute at most")
  Long tpm;

  @Option(names = "--llm-timeout", paramLabel = "SECONDS", description = "per request (default 60)")
  Integer timeoutSeconds;

  @Option(
      names = "--llm-max-tokens",
      paramLabel = "N",
      description =
          "token budget of one execution (input + output): the run stops cleanly (STOPPED,"
              + " restartable with a new budget) before a chunk that would exceed it")
  Long maxTokens;

  @Option(
      names = "--llm-price-in",
      paramLabel = "USD",
      description = "price per million input tokens, for the cost estimate and the summary")
  Double priceIn;

  @Option(
      names = "--llm-price-out",
      paramLabel = "USD",
      description = "price per million output tokens")
  Double priceOut;

  /**
   * The run's scorer, checked: a usage error (exit 2) for a bad combination.
   *
   * @param environment where the API keys are looked up
   */
  LlmRun llmRun(CommandLine commandLine, Map<String, String> environment) {
    ScorerKind kind;
    try {
      kind = ScorerKind.parse(scorer);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
    if (!kind.callsModel()) {
      List<String> given = new ArrayList<>();
      add(given, "--llm-provider", provider);
      add(given, "--llm-model", model);
      add(given, "--llm-base-url", baseUrl);
      add(given, "--llm-concurrency", concurrency);
      add(given, "--llm-rpm", rpm);
      add(given, "--llm-tpm", tpm);
      add(given, "--llm-timeout", timeoutSeconds);
      add(given, "--llm-max-tokens", maxTokens);
      add(given, "--llm-price-in", priceIn);
      add(given, "--llm-price-out", priceOut);
      if (!given.isEmpty()) {
        throw new CommandLine.ParameterException(
            commandLine,
            String.join(", ", given)
                + " needs --scorer llm or hybrid (the deterministic scorer"
                + " calls no model)");
      }
      return LlmRun.DETERMINISTIC;
    }
    Provider p;
    try {
      p = provider == null ? Provider.OPENAI : LlmRun.parseProvider(provider);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
    if (baseUrl != null) {
      try {
        URI uri = URI.create(baseUrl);
        if (uri.getHost() == null
            || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            commandLine, "--llm-base-url takes an http(s) URL, not '" + baseUrl + "'");
      }
    }
    String key = environment.get(LlmRun.keyVariable(p));
    if (baseUrl == null && (key == null || key.isBlank())) {
      throw new CommandLine.ParameterException(
          commandLine,
          "the "
              + p.cliName()
              + " provider needs an API key in "
              + LlmRun.keyVariable(p)
              + " (or --llm-base-url for a local server)");
    }
    try {
      return new LlmRun(
          kind,
          p,
          model,
          baseUrl,
          concurrency == null ? LlmRun.DEFAULT_CONCURRENCY : concurrency,
          rpm == null ? 0 : rpm,
          tpm == null ? 0 : tpm,
          timeoutSeconds == null ? LlmRun.DEFAULT_TIMEOUT : Duration.ofSeconds(timeoutSeconds),
          maxTokens == null ? 0 : maxTokens,
          priceIn,
          priceOut);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }

  private static void add(List<String> given, String name, Object value) {
    if (value != null) {
      given.add(name);
    }
  }
}
