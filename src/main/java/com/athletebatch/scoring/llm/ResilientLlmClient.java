package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.SubScore;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * The {@link LlmScoringClient} of both providers. Per call to the provider, in this order: the
 * refusal check, the tokens-per-minute limiter (charged with the call's estimate, the difference
 * charged after the answer when the provider counted more), the requests-per-minute limiter, then a
 * permit of the in-flight semaphore ({@code concurrency}) held only for the HTTP call. Failed calls
 * are retried by Resilience4j's {@link Retry}: 429 and 503 after the provider's {@code Retry-After}
 * when it sent one, else (and after other 5xx, timeouts and I/O errors) after an exponential
 * back-off with jitter; 4xx other than 429 is not retried. An answer that does not validate is
 * asked again at most twice, saying why.
 *
 * <p>Refusal: {@code refuseAfter} consecutive 429s across all rows, or a daily-quota message, make
 * this and every later call throw {@link ProviderRefusedException} until a call succeeds.
 *
 * <p>Thread-safe; the limiters, the semaphore and the refusal state are shared by all threads.
 */
public final class ResilientLlmClient implements LlmScoringClient, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResilientLlmClient.class);

  /** Answers of the two re-asks after the first: three answers at most per row. */
  static final int MAX_ASKS = 3;

  /** Expected output tokens per answer, for estimates (the analysis dominates). */
  static final int EXPECTED_OUTPUT_LLM = 700;

  static final int EXPECTED_OUTPUT_HYBRID = 400;

  /** The name the llm card records as its scorer. */
  public static final String LLM_SCORER = "llm-scorer";

  private final LlmSettings settings;
  private final ChatEndpoint endpoint;
  private final LlmClients.Tuning tuning;
  private final Clock clock;
  private final Semaphore inFlight;
  private final RateLimiter requestLimiter;
  private final RateLimiter tokenLimiter;
  private final Retry retry;
  private final AtomicInteger consecutive429 = new AtomicInteger();
  private final AtomicReference<String> refusal = new AtomicReference<>();

  ResilientLlmClient(
      LlmSettings settings, ChatEndpoint endpoint, LlmClients.Tuning tuning, Clock clock) {
    this.settings = settings;
    this.endpoint = endpoint;
    this.tuning = tuning;
    this.clock = clock;
    this.inFlight = new Semaphore(settings.concurrency(), true);
    this.requestLimiter = requestLimiter(settings.requestsPerMinute());
    this.tokenLimiter = tokenLimiter(settings.tokensPerMinute());
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            tuning.baseBackoff(), 2.0, 0.5, tuning.maxBackoff());
    this.retry =
        Retry.of(
            "llm-" + settings.provider().cliName(),
            RetryConfig.custom()
                .maxAttempts(settings.maxRetries() + 1)
                .retryOnException(
                    t ->
                        t instanceof CallFailure f
                            && f.retryable()
                            && (f.retryAfter() == null
                                || f.retryAfter().compareTo(tuning.maxRetryAfter()) <= 0))
                .intervalBiFunction(
                    (attempt, either) -> {
                      if (either.isLeft()
                          && either.getLeft() instanceof CallFailure f
                          && f.retryAfter() != null) {
                        return Math.max(1, f.retryAfter().toMillis());
                      }
                      return backoff.apply(attempt);
                    })
                .build());
  }

  /**
   * Even spacing, one request each {@code 60 s / rpm}: no rolling minute ever sees more than rpm.
   */
  private static RateLimiter requestLimiter(int rpm) {
    if (rpm <= 0) {
      return null;
    }
    return RateLimiter.of(
        "llm-rpm",
        RateLimiterConfig.custom()
            .limitForPeriod(1)
            .limitRefreshPeriod(Duration.ofNanos(Math.max(1, 60_000_000_000L / rpm)))
            .timeoutDuration(Duration.ofMinutes(10))
            .build());
  }

  /** A second's share of the tpm each second; a call larger than that waits for it (debt). */
  private static RateLimiter tokenLimiter(long tpm) {
    if (tpm <= 0) {
      return null;
    }
    return RateLimiter.of(
        "llm-tpm",
        RateLimiterConfig.custom()
            .limitForPeriod((int) Math.min(Integer.MAX_VALUE, Math.max(1, (tpm + 59) / 60)))
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ofMinutes(10))
            .build());
  }

  /** Provider and model, e.g. for the run summary; never the key. */
  public String describe() {
    return endpoint.provider() + " " + endpoint.model();
  }

  public LlmSettings settings() {
    return settings;
  }

  @Override
  public String toString() {
    return "ResilientLlmClient[" + settings + "]";
  }

  @Override
  public TokenUsage estimate(LlmRequest request) {
    LlmPrompts.PromptText prompt = LlmPrompts.build(request);
    return new TokenUsage(
        estimateTokens(prompt.system().length() + prompt.user().length()),
        expectedOutput(request.kind()));
  }

  /** About four characters a token for English and JSON: a rough count, not a tokenizer's. */
  static long estimateTokens(int chars) {
    return (chars + 3) / 4 + 8;
  }

  static int expectedOutput(ScorerKind kind) {
    return kind == ScorerKind.LLM ? EXPECTED_OUTPUT_LLM : EXPECTED_OUTPUT_HYBRID;
  }

  @Override
  public LlmOutcome score(LlmRequest request) {
    checkRefusal();
    LlmPrompts.PromptText prompt = LlmPrompts.build(request);
    List<Message> conversation = new ArrayList<>();
    conversation.add(new SystemMessage(prompt.system()));
    conversation.add(new UserMessage(prompt.user()));
    TokenUsage used = TokenUsage.NONE;
    List<String> reasons = new ArrayList<>();
    for (int ask = 1; ask <= MAX_ASKS; ask++) {
      ChatEndpoint.Reply reply;
      try {
        reply = callWithRetries(conversation, request);
      } catch (CallFailure f) {
        return failure(request, f, used);
      }
      used = used.plus(reply.usage());
      LlmAnswers.Check check = LlmAnswers.validate(reply.text(), request.kind(), request.table());
      if (check instanceof LlmAnswers.Check.Valid valid) {
        return new LlmOutcome.Scored(
            card(request, prompt.version(), valid.answer(), used, ask), used);
      }
      String reason = ((LlmAnswers.Check.Invalid) check).reason();
      reasons.add(reason);
      log.debug("row {}: answer {} did not validate: {}", request.rowId(), ask, reason);
      conversation.add(new AssistantMessage(reply.text() == null ? "" : reply.text()));
      conversation.add(new UserMessage(LlmPrompts.reAsk(reason)));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("provider", endpoint.provider());
    details.put("model", endpoint.model());
    details.put("promptVersion", prompt.version());
    details.put("answers", MAX_ASKS);
    details.put("reasons", List.copyOf(reasons));
    return new LlmOutcome.Failed(
        "the model's answer did not validate after "
            + MAX_ASKS
            + " answers: "
            + reasons.get(reasons.size() - 1),
        details,
        used);
  }

  private LlmOutcome failure(LlmRequest request, CallFailure f, TokenUsage used) {
    if (f.quota()) {
      if (f.retryAfter() != null && f.retryAfter().compareTo(tuning.maxRetryAfter()) > 0) {
        return new LlmOutcome.QuotaExceeded(
            "the provider asked to wait "
                + f.retryAfter().toSeconds()
                + " s, longer than the "
                + tuning.maxRetryAfter().toSeconds()
                + " s this run waits: "
                + f.describe(),
            used);
      }
      return new LlmOutcome.QuotaExceeded(
          "the provider still refused after " + settings.maxRetries() + " retries: " + f.describe(),
          used);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("provider", endpoint.provider());
    details.put("model", endpoint.model());
    details.put("status", f.status());
    details.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
    String why =
        f.retryable()
            ? "the call failed after " + settings.maxRetries() + " retries: "
            : "the provider rejected the request: ";
    return new LlmOutcome.Failed(why + f.describe(), details, used);
  }

  private ChatEndpoint.Reply callWithRetries(List<Message> conversation, LlmRequest request) {
    List<Message> messages = List.copyOf(conversation);
    int chars = 0;
    for (Message m : messages) {
      chars += m.getText() == null ? 0 : m.getText().length();
    }
    long estimate = estimateTokens(chars) + expectedOutput(request.kind());
    return retry.executeSupplier(() -> attempt(messages, request, estimate));
  }

  /** One HTTP call, under the limits. */
  private ChatEndpoint.Reply attempt(List<Message> messages, LlmRequest request, long estimate) {
    checkRefusal();
    acquire(tokenLimiter, (int) Math.min(Integer.MAX_VALUE, estimate));
    acquire(requestLimiter, 1);
    checkRefusal();
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderRefusedException("interrupted while waiting to call the provider", e);
    }
    ChatEndpoint.Reply reply;
    try {
      reply = endpoint.call(messages, request.kind(), request.table());
    } catch (CallFailure f) {
      onFailure(f, request);
      throw f;
    } finally {
      inFlight.release();
    }
    consecutive429.set(0);
    refusal.set(null);
    long actual = reply.usage().total();
    if (tokenLimiter != null && actual > estimate) {
      // Charged without waiting: the next calls wait for it.
      tokenLimiter.reservePermission((int) Math.min(Integer.MAX_VALUE, actual - estimate));
    }
    return reply;
  }

  private void onFailure(CallFailure f, LlmRequest request) {
    log.debug("row {}: {}", request.rowId(), f.describe());
    if (f.dailyQuota()) {
      refusal.compareAndSet(null, "the provider's daily quota is spent: " + f.describe());
      checkRefusal();
    }
    if (f.kind() == CallFailure.Kind.RATE_LIMITED) {
      int n = consecutive429.incrementAndGet();
      if (n >= settings.refuseAfter()) {
        refusal.compareAndSet(
            null,
            "the provider refused "
                + n
                + " calls in a row with HTTP 429 (refuse-after "
                + settings.refuseAfter()
                + "); last: "
                + f.describe());
        checkRefusal();
      }
    }
  }

  private void checkRefusal() {
    String reason = refusal.get();
    if (reason != null) {
      throw new ProviderRefusedException(reason);
    }
    if (consecutive429.get() >= settings.refuseAfter()) {
      throw new ProviderRefusedException(
          "the provider refused " + consecutive429.get() + " calls in a row with HTTP 429");
    }
  }

  /**
   * Waits for the permits. A wait longer than the limiter's timeout is refused at once by
   * Resilience4j (nothing reserved): then sleep a second and ask again rather than spin.
   */
  private static void acquire(RateLimiter limiter, int permits) {
    if (limiter == null) {
      return;
    }
    while (!limiter.acquirePermission(permits)) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderRefusedException("interrupted while waiting for the rate limit", e);
      }
    }
  }

  // ---- cards ----

  private ScoreCard card(
      LlmRequest request,
      String promptVersion,
      LlmAnswers.Answer answer,
      TokenUsage tokens,
      int answers) {
    ScoreCard deterministic = request.deterministic();
    Map<String, Object> llm = new LinkedHashMap<>();
    // not "scorer": H2's rescore query reads the first "scorer" key of the JSON text
    llm.put("scorerKind", request.kind().cliName());
    llm.put("provider", endpoint.provider());
    llm.put("model", endpoint.model());
    llm.put("promptVersion", promptVersion);
    Map<String, Object> tokenCounts = new LinkedHashMap<>();
    tokenCounts.put("input", tokens.input());
    tokenCounts.put("output", tokens.output());
    llm.put("tokens", tokenCounts);
    llm.put("answers", answers);
    llm.put("analyzedAt", clock.instant().toString());
    if (request.kind() == ScorerKind.HYBRID) {
      Map<String, Object> analysis =
          new LinkedHashMap<>(
              deterministic.analysis() == null ? Map.of() : deterministic.analysis());
      analysis.put("llm", llm);
      return new ScoreCard(
          deterministic.scorer(),
          deterministic.version(),
          deterministic.overall(),
          deterministic.parts(),
          answer.analysis(),
          analysis);
    }
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("scorer", LLM_SCORER);
    analysis.put("scorerVersion", LlmPrompts.VERSION);
    analysis.put("llm", llm);
    Map<String, Object> scores = new LinkedHashMap<>();
    Map<String, SubScore> parts = new LinkedHashMap<>();
    for (ScoreTable.Column column : request.table().columns()) {
      if (column.part().equals("overall")) {
        scores.put("overall", answer.overall().value());
      } else {
        SubScore s = answer.parts().get(column.part());
        parts.put(column.part(), s);
        scores.put(column.part(), s.value());
      }
    }
    analysis.put("scores", scores);
    Map<String, Object> facts =
        deterministic.analysis() == null ? Map.of() : deterministic.analysis();
    analysis.put("inputs", facts.get("inputs"));
    analysis.put("intermediate", facts.get("intermediate"));
    return new ScoreCard(
        LLM_SCORER, LlmPrompts.VERSION, answer.overall(), parts, answer.analysis(), analysis);
  }

  @Override
  public void close() {
    try {
      endpoint.close();
    } catch (Exception e) {
      log.debug("closing the LLM client: {}", e.toString());
    }
  }
}
