package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.llm.LlmSettings.Provider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.batch.core.converter.DefaultJobParametersConverter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The scorer of a score backfill run and its model settings, as job parameters (issue 14). Never
 * the API key: it comes from {@code OPENAI_API_KEY} / {@code GEMINI_API_KEY} at each start and
 * restart.
 *
 * <p>Identifying (they name the run with the selection, so rerunning the same command resumes a
 * stopped LLM run, and another scorer or model is another run): {@code scorer}, {@code
 * llm.provider}, {@code llm.model}. Not identifying, reused by a restart from the stopped execution
 * like {@code chunkSize}: the base URL, the limits, the budget and the prices. A deterministic run
 * stores none of them, so its parameters are exactly as before.
 */
public record LlmRun(
    ScorerKind kind,
    Provider provider,
    String model,
    String baseUrl,
    int concurrency,
    int requestsPerMinute,
    long tokensPerMinute,
    Duration timeout,
    long maxTokens,
    Double priceInPerMillion,
    Double priceOutPerMillion) {

  public static final String SCORER = "scorer";
  public static final String PROVIDER = "llm.provider";
  public static final String MODEL = "llm.model";
  public static final String BASE_URL = "llm.baseUrl";
  public static final String CONCURRENCY = "llm.concurrency";
  public static final String RPM = "llm.rpm";
  public static final String TPM = "llm.tpm";
  public static final String TIMEOUT_MS = "llm.timeoutMs";
  public static final String MAX_TOKENS = "llm.maxTokens";
  public static final String PRICE_IN = "llm.priceInPerMillion";
  public static final String PRICE_OUT = "llm.priceOutPerMillion";

  public static final int DEFAULT_CONCURRENCY = 8;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Retries of one call (429, 503, other 5xx, timeouts) before the row is QUOTA_EXCEEDED. */
  public static final int MAX_RETRIES = 5;

  /** Consecutive 429s across all rows after which the provider counts as refusing everything. */
  public static final int REFUSE_AFTER = 20;

  public static final LlmRun DETERMINISTIC =
      new LlmRun(
          ScorerKind.DETERMINISTIC,
          null,
          null,
          null,
          DEFAULT_CONCURRENCY,
          0,
          0,
          DEFAULT_TIMEOUT,
          0,
          null,
          null);

  public LlmRun {
    if (kind == null) {
      throw new IllegalArgumentException("a run needs a scorer");
    }
    if (kind.callsModel()) {
      if (provider == null) {
        throw new IllegalArgumentException("the " + kind.cliName() + " scorer needs a provider");
      }
      if (model == null || model.isBlank()) {
        model = defaultModel(provider);
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("--llm-concurrency must be at least 1");
      }
      if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxTokens < 0) {
        throw new IllegalArgumentException("--llm-rpm, --llm-tpm and --llm-max-tokens are >= 0");
      }
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("--llm-timeout must be positive");
      }
      if ((priceInPerMillion != null && priceInPerMillion < 0)
          || (priceOutPerMillion != null && priceOutPerMillion < 0)) {
        throw new IllegalArgumentException("prices cannot be negative");
      }
    }
  }

  /** The model a provider's runs use when {@code --llm-model} is not given. */
  public static String defaultModel(Provider provider) {
    return switch (provider) {
      case OPENAI -> "gpt-4o-mini";
      case GEMINI -> "gemini-2.5-flash";
    };
  }

  /** The environment variable holding a provider's API key. */
  public static String keyVariable(Provider provider) {
    return switch (provider) {
      case OPENAI -> "OPENAI_API_KEY";
      case GEMINI -> "GEMINI_API_KEY";
    };
  }

  public static Provider parseProvider(String value) {
    for (Provider p : Provider.values()) {
      if (p.cliName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown LLM provider '"
            + value
            + "'; use openai (also Ollama, vLLM, LM Studio) or gemini");
  }

  public JobParametersBuilder addTo(JobParametersBuilder builder) {
    if (!kind.callsModel()) {
      return builder;
    }
    builder
        .addString(SCORER, kind.cliName(), true)
        .addString(PROVIDER, provider.cliName(), true)
        .addString(MODEL, model, true)
        .addLong(CONCURRENCY, (long) concurrency, false)
        .addLong(RPM, (long) requestsPerMinute, false)
        .addLong(TPM, tokensPerMinute, false)
        .addLong(TIMEOUT_MS, timeout.toMillis(), false)
        .addLong(MAX_TOKENS, maxTokens, false);
    if (baseUrl != null) {
      builder.addString(BASE_URL, baseUrl, false);
    }
    if (priceInPerMillion != null) {
      builder.addDouble(PRICE_IN, priceInPerMillion, false);
    }
    if (priceOutPerMillion != null) {
      builder.addDouble(PRICE_OUT, priceOutPerMillion, false);
    }
    return builder;
  }

  public static LlmRun from(JobParameters p) {
    String scorer = p.getString(SCORER);
    if (scorer == null) {
      return DETERMINISTIC;
    }
    ScorerKind kind = ScorerKind.parse(scorer);
    if (!kind.callsModel()) {
      return DETERMINISTIC;
    }
    Long timeoutMs = p.getLong(TIMEOUT_MS);
    return new LlmRun(
        kind,
        parseProvider(p.getString(PROVIDER)),
        p.getString(MODEL),
        p.getString(BASE_URL),
        longOr(p.getLong(CONCURRENCY), DEFAULT_CONCURRENCY).intValue(),
        longOr(p.getLong(RPM), 0).intValue(),
        longOr(p.getLong(TPM), 0),
        timeoutMs == null ? DEFAULT_TIMEOUT : Duration.ofMillis(timeoutMs),
        longOr(p.getLong(MAX_TOKENS), 0),
        p.getDouble(PRICE_IN),
        p.getDouble(PRICE_OUT));
  }

  private static Long longOr(Long value, long otherwise) {
    return value == null ? otherwise : value;
  }

  /** Where the schedule command hands its scorer to the nightly runs (context properties). */
  public static final String PROPERTY_PREFIX = "athlete-batch.nightly.";

  /** Every parameter name {@link #addTo} may write. */
  private static final java.util.List<String> PARAMETERS =
      java.util.List.of(
          SCORER,
          PROVIDER,
          MODEL,
          BASE_URL,
          CONCURRENCY,
          RPM,
          TPM,
          TIMEOUT_MS,
          MAX_TOKENS,
          PRICE_IN,
          PRICE_OUT);

  /**
   * This run as {@code --name=value} context arguments for the schedule service, each value in
   * Spring Batch's own notation ({@code value,type,identifying}) so that its type comes back.
   */
  public java.util.List<String> contextArgs() {
    java.util.List<String> args = new java.util.ArrayList<>();
    new DefaultJobParametersConverter()
        .getProperties(addTo(new JobParametersBuilder()).toJobParameters())
        .forEach((name, value) -> args.add("--" + PROPERTY_PREFIX + name + "=" + value));
    return args;
  }

  /** The run the schedule command handed over ({@link #contextArgs}), else deterministic. */
  public static LlmRun fromProperties(java.util.function.UnaryOperator<String> property) {
    java.util.Properties given = new java.util.Properties();
    for (String name : PARAMETERS) {
      String value = property.apply(PROPERTY_PREFIX + name);
      if (value != null) {
        given.setProperty(name, value);
      }
    }
    return from(new DefaultJobParametersConverter().getJobParameters(given));
  }

  /** The client's settings, with the key from the environment (never stored, never printed). */
  public LlmSettings settings(Map<String, String> environment) {
    String key = environment.get(keyVariable(provider));
    return new LlmSettings(
        provider,
        model,
        baseUrl,
        key == null || key.isBlank() ? null : key,
        concurrency,
        requestsPerMinute,
        tokensPerMinute,
        timeout,
        MAX_RETRIES,
        REFUSE_AFTER);
  }

  /** The cost of so many tokens at this run's prices, or null without prices. */
  public Double cost(long inputTokens, long outputTokens) {
    if (priceInPerMillion == null && priceOutPerMillion == null) {
      return null;
    }
    double in = priceInPerMillion == null ? 0 : priceInPerMillion;
    double out = priceOutPerMillion == null ? 0 : priceOutPerMillion;
    return (inputTokens * in + outputTokens * out) / 1_000_000.0;
  }

  /** e.g. {@code hybrid, openai gpt-4o-mini at http://127.0.0.1:8089}. */
  public String describe() {
    if (!kind.callsModel()) {
      return kind.cliName();
    }
    return String.format(
        Locale.ROOT,
        "%s, %s %s%s",
        kind.cliName(),
        provider.cliName(),
        model,
        baseUrl == null ? "" : " at " + baseUrl);
  }
}
