package com.athletebatch.scoring.llm;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Builds the LLM client of a run from its {@link LlmSettings}, without Spring Boot's
 * auto-configuration: the deterministic default needs no key and no AI bean, and each CLI command
 * builds its own context. Spring AI's model modules are used directly ({@link OpenAiChatModel},
 * {@link GoogleGenAiChatModel}); the SDKs' own retries are switched off (OpenAI SDK {@code
 * maxRetries 0}; google-genai's retry interceptor {@code attempts 1}; Spring AI's Gemini
 * RetryTemplate with no retries), because {@link ResilientLlmClient} retries, and only it.
 */
public final class LlmClients {

  private LlmClients() {}

  /**
   * Back-off settings: the base of the exponential back-off (with jitter), its cap, and the longest
   * {@code Retry-After} honoured (a longer one means the quota is gone for now: the row is
   * QUOTA_EXCEEDED at once). Tests pass milliseconds.
   */
  public record Tuning(Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static Tuning defaults() {
      return new Tuning(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }
  }

  /** The client for a run; close it when the run ends. */
  public static ResilientLlmClient create(LlmSettings settings) {
    return create(settings, Tuning.defaults());
  }

  public static ResilientLlmClient create(LlmSettings settings, Tuning tuning) {
    validate(settings);
    ChatEndpoint endpoint =
        switch (settings.provider()) {
          case OPENAI -> openAi(settings);
          case GEMINI -> gemini(settings);
        };
    return new ResilientLlmClient(settings, endpoint, tuning, Clock.systemUTC());
  }

  private static void validate(LlmSettings s) {
    if (s.provider() == null) {
      throw new IllegalArgumentException("an LLM provider is required");
    }
    if (s.model() == null || s.model().isBlank()) {
      throw new IllegalArgumentException("an LLM model is required (--llm-model)");
    }
    if (s.concurrency() < 1) {
      throw new IllegalArgumentException("--llm-concurrency must be at least 1");
    }
    if (s.requestsPerMinute() < 0 || s.tokensPerMinute() < 0) {
      throw new IllegalArgumentException("--llm-rpm and --llm-tpm cannot be negative");
    }
    if (s.requestTimeout() == null
        || s.requestTimeout().isNegative()
        || s.requestTimeout().isZero()) {
      throw new IllegalArgumentException("the LLM request timeout must be positive");
    }
    if (s.maxRetries() < 0 || s.refuseAfter() < 1) {
      throw new IllegalArgumentException(
          "LLM retries cannot be negative and refuse-after must be at least 1");
    }
    if ((s.apiKey() == null || s.apiKey().isBlank()) && s.baseUrl() == null) {
      String variable =
          s.provider() == LlmSettings.Provider.GEMINI ? "GEMINI_API_KEY" : "OPENAI_API_KEY";
      throw new IllegalArgumentException(
          variable
              + " is not set: the "
              + s.provider().cliName()
              + " provider's own endpoint needs a key (a local server given with --llm-base-url"
              + " needs none)");
    }
  }

  // ---- OpenAI and OpenAI-compatible servers ----

  private static ChatEndpoint openAi(LlmSettings s) {
    // An empty key is Spring AI's no-auth mode: no Authorization header (Ollama, vLLM, LM Studio).
    String key = s.apiKey() == null || s.apiKey().isBlank() ? "" : s.apiKey();
    OpenAiChatOptions defaults =
        OpenAiChatOptions.builder()
            .baseUrl(s.baseUrl())
            .apiKey(key)
            .model(s.model())
            .timeout(s.requestTimeout())
            .maxRetries(0)
            .build();
    OpenAiChatModel model = OpenAiChatModel.builder().options(defaults).build();
    return new ChatEndpoint(
        LlmSettings.Provider.OPENAI.cliName(),
        s.model(),
        model,
        schema -> defaults.mutate().outputSchema(schema).build(),
        e -> fromOpenAi(e, key),
        null);
  }

  static CallFailure fromOpenAi(RuntimeException e, String key) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OpenAIServiceException se) {
        Duration retryAfter = null;
        List<String> ms = se.headers().values("Retry-After-Ms");
        if (!ms.isEmpty()) {
          try {
            retryAfter = Duration.ofMillis((long) Math.ceil(Double.parseDouble(ms.get(0).trim())));
          } catch (NumberFormatException unreadable) {
            retryAfter = null;
          }
        }
        if (retryAfter == null) {
          List<String> ra = se.headers().values("Retry-After");
          retryAfter =
              ra.isEmpty() ? null : CallFailure.parseRetryAfter(ra.get(0), Clock.systemUTC());
        }
        return CallFailure.ofStatus(
            se.statusCode(),
            retryAfter,
            CallFailure.redact(se.getMessage(), key),
            String.valueOf(se.body()));
      }
      if (t instanceof OpenAIInvalidDataException) {
        return new CallFailure(
            CallFailure.Kind.SERVER,
            0,
            null,
            "the provider's response could not be read: "
                + CallFailure.redact(t.getMessage(), key));
      }
      CallFailure io = ioFailure(t, key);
      if (io != null) {
        return io;
      }
    }
    return new CallFailure(
        CallFailure.Kind.CLIENT,
        0,
        null,
        e.getClass().getSimpleName() + ": " + CallFailure.redact(e.getMessage(), key));
  }

  // ---- Google Gemini ----

  /**
   * Gemini through Spring AI's google-genai module. The google-genai SDK reports an HTTP error
   * without its headers, so an OkHttp interceptor of ours keeps the last response's {@code
   * Retry-After} for the calling thread (the SDK's synchronous calls run on it); Gemini's usual
   * "retry in 17s" in the message is read as well.
   */
  private static ChatEndpoint gemini(LlmSettings s) {
    String key = s.apiKey() == null || s.apiKey().isBlank() ? "unused-local-server" : s.apiKey();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .callTimeout(s.requestTimeout())
            .readTimeout(s.requestTimeout())
            .addInterceptor(
                chain -> {
                  okhttp3.Response response = chain.proceed(chain.request());
                  GEMINI_ERROR.set(
                      response.code() >= 400
                          ? new ErrorResponse(
                              response.header("Retry-After"), response.peekBody(16_384).string())
                          : null);
                  return response;
                })
            .build();
    HttpOptions.Builder httpOptions =
        HttpOptions.builder().retryOptions(HttpRetryOptions.builder().attempts(1).build());
    if (s.baseUrl() != null) {
      httpOptions.baseUrl(s.baseUrl().endsWith("/") ? s.baseUrl() : s.baseUrl() + "/");
    }
    Client client =
        Client.builder()
            .apiKey(key)
            .vertexAI(false)
            .httpOptions(httpOptions.build())
            .clientOptions(ClientOptions.builder().customHttpClient(http).build())
            .build();
    GoogleGenAiChatOptions defaults = GoogleGenAiChatOptions.builder().model(s.model()).build();
    GoogleGenAiChatModel model =
        GoogleGenAiChatModel.builder()
            .genAiClient(client)
            .options(defaults)
            .retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)))
            .build();
    return new ChatEndpoint(
        LlmSettings.Provider.GEMINI.cliName(),
        s.model(),
        model,
        schema -> defaults.mutate().outputSchema(schema).build(),
        e -> fromGemini(e, key),
        () -> {
          model.destroy();
          http.dispatcher().executorService().shutdown();
          http.connectionPool().evictAll();
        });
  }

  /** What the google-genai SDK leaves out of its exception: the headers and the whole body. */
  private record ErrorResponse(String retryAfter, String body) {}

  private static final ThreadLocal<ErrorResponse> GEMINI_ERROR = new ThreadLocal<>();

  static CallFailure fromGemini(RuntimeException e, String key) {
    ErrorResponse error = GEMINI_ERROR.get();
    GEMINI_ERROR.remove();
    String header = error == null ? null : error.retryAfter();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException ae) {
        String message = CallFailure.redact(ae.getMessage(), key);
        Duration retryAfter = CallFailure.parseRetryAfter(header, Clock.systemUTC());
        if (retryAfter == null) {
          retryAfter = CallFailure.retryDelayInMessage(ae.getMessage());
        }
        return CallFailure.ofStatus(
            ae.code(), retryAfter, message, error == null ? null : error.body());
      }
      CallFailure io = ioFailure(t, key);
      if (io != null) {
        return io;
      }
    }
    return new CallFailure(
        CallFailure.Kind.CLIENT,
        0,
        null,
        e.getClass().getSimpleName() + ": " + CallFailure.redact(e.getMessage(), key));
  }

  /** A timeout or an I/O error anywhere under {@code t} (the SDKs wrap them their own way). */
  private static CallFailure ioFailure(Throwable t, String key) {
    if (t instanceof InterruptedIOException) {
      return new CallFailure(
          CallFailure.Kind.TIMEOUT, 0, null, "no answer in time (" + t.getMessage() + ")", null);
    }
    if (t instanceof IOException) {
      for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
        if (c instanceof InterruptedIOException) {
          return new CallFailure(
              CallFailure.Kind.TIMEOUT,
              0,
              null,
              "no answer in time (" + c.getMessage() + ")",
              null);
        }
      }
      return new CallFailure(
          CallFailure.Kind.IO,
          0,
          null,
          t.getClass().getSimpleName() + ": " + CallFailure.redact(t.getMessage(), key));
    }
    return null;
  }
}
