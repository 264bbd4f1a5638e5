package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.athletebatch.benchmark.LlmStubServer;
import com.athletebatch.benchmark.LlmStubServer.Behaviour;
import com.athletebatch.benchmark.LlmStubServer.Reply;
import com.athletebatch.scoring.ScoreTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client against the in-JVM stub provider: answers, re-asks, retries, refusal. */
class LlmClientStubTest {

  private static final LlmClients.Tuning FAST =
      new LlmClients.Tuning(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));

  private LlmStubServer stub;
  private ResilientLlmClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  static LlmSettings openAi(String baseUrl) {
    return new LlmSettings(
        LlmSettings.Provider.OPENAI,
        "gpt-test",
        baseUrl,
        "sk-test-SECRET-123456",
        4,
        0,
        0,
        Duration.ofSeconds(5),
        2,
        20);
  }

  static LlmSettings with(
      LlmSettings s,
      int concurrency,
      int rpm,
      long tpm,
      Duration timeout,
      int retries,
      int refuse) {
    return new LlmSettings(
        s.provider(),
        s.model(),
        s.baseUrl(),
        s.apiKey(),
        concurrency,
        rpm,
        tpm,
        timeout,
        retries,
        refuse);
  }

  private ResilientLlmClient start(Behaviour behaviour) {
    return start(behaviour, s -> s);
  }

  private ResilientLlmClient start(Behaviour behaviour, UnaryOperator<LlmSettings> settings) {
    return start(LlmStubServer.builder().behaviour(behaviour), settings);
  }

  private ResilientLlmClient start(
      LlmStubServer.Builder server, UnaryOperator<LlmSettings> settings) {
    stub = server.start();
    client = LlmClients.create(settings.apply(openAi(stub.openAiBaseUrl())), FAST);
    return client;
  }

  private static LlmRequest workout(String rowId) {
    return LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, rowId);
  }

  /** Scores the rows from {@code threads} threads at once, in order of the returned list. */
  private List<LlmOutcome> scoreConcurrently(List<LlmRequest> requests, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LlmOutcome>> futures = new ArrayList<>();
      for (LlmRequest r : requests) {
        futures.add(pool.submit(() -> client.score(r)));
      }
      List<LlmOutcome> outcomes = new ArrayList<>();
      for (Future<LlmOutcome> f : futures) {
        outcomes.add(f.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<LlmRequest> rows(int n) {
    List<LlmRequest> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(workout("row-" + i));
    }
    return rows;
  }

  @Test
  void llmAnswerBecomesACardWithTheTablesPartNames() {
    start(Behaviour.valid());
    LlmOutcome outcome =
        client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "w-1"));

    assertThat(outcome).isInstanceOf(LlmOutcome.Scored.class);
    LlmOutcome.Scored scored = (LlmOutcome.Scored) outcome;
    assertThat(scored.card().scorer()).isEqualTo("llm-scorer");
    assertThat(scored.card().parts().keySet())
        .containsExactly("technical", "effort", "pacing", "execution");
    assertThat(scored.card().overall().value()).isBetween(1, 10);
    assertThat(scored.card().summaryMarkdown()).contains("Stub analysis");
    assertThat(scored.tokens().input()).isPositive();
    assertThat(scored.tokens().output()).isPositive();
    @SuppressWarnings("unchecked")
    Map<String, Object> llm = (Map<String, Object>) scored.card().analysis().get("llm");
    assertThat(llm)
        .containsEntry("provider", "openai")
        .containsEntry("model", "gpt-test")
        .containsEntry("promptVersion", "workout-llm-v1");
    assertThat(stub.requestsFor("w-1")).isEqualTo(1);
    // --rescore-older reads the first "scorer" key of the JSON text on H2
    assertThat(com.athletebatch.json.JsonMappers.writePlain(scored.card().analysis()))
        .startsWith("{\"scorer\":\"llm-scorer\",\"scorerVersion\":1,")
        .containsOnlyOnce("\"scorer\":");
  }

  @Test
  void hybridKeepsTheDeterministicScoresAndAddsTheModelsAnalysis() {
    start(Behaviour.valid());
    LlmRequest request = LlmTestCards.request(ScorerKind.HYBRID, ScoreTable.NUTRITION, "n-1");
    LlmOutcome.Scored scored = (LlmOutcome.Scored) client.score(request);

    assertThat(scored.card().scorer()).isEqualTo("nutrition-scorer");
    assertThat(scored.card().overall()).isEqualTo(request.deterministic().overall());
    assertThat(scored.card().parts()).isEqualTo(request.deterministic().parts());
    // the stub quotes the deterministic overall it was given as data
    assertThat(scored.card().summaryMarkdown()).contains("Overall 7/10");
    assertThat(scored.card().analysis())
        .containsEntry("inputs", request.deterministic().analysis().get("inputs"))
        .containsEntry("intermediate", request.deterministic().analysis().get("intermediate"))
        .containsKey("llm");
    @SuppressWarnings("unchecked")
    Map<String, Object> llm = (Map<String, Object>) scored.card().analysis().get("llm");
    assertThat(llm)
        .containsEntry("scorerKind", "hybrid")
        .containsEntry("promptVersion", "nutrition-hybrid-v1");
    assertThat(llm.get("tokens"))
        .isEqualTo(Map.of("input", scored.tokens().input(), "output", scored.tokens().output()));
  }

  @Test
  void malformedJsonIsAskedAgainTwiceThenFailed() {
    start(Behaviour.always(Reply.malformedJson()));
    LlmOutcome outcome = client.score(workout("w-bad"));

    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason())
        .contains("did not validate after 3 answers")
        .contains("not valid JSON");
    assertThat(stub.requestsFor("w-bad")).isEqualTo(3);
    assertThat(outcome.tokens().output()).as("the re-asks' tokens are counted").isPositive();
  }

  @Test
  void outOfRangeScoresAreAskedAgainAndTheValidAnswerKept() {
    start(Behaviour.firstRequestsPerRow(2, Reply.outOfRangeScores()));
    LlmOutcome outcome = client.score(workout("w-range"));

    assertThat(outcome).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("w-range")).isEqualTo(3);
  }

  @Test
  void outOfRangeScoresEveryTimeFailTheRowWithTheReason() {
    start(Behaviour.always(Reply.outOfRangeScores()));
    LlmOutcome outcome =
        client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.NUTRITION, "n-range"));

    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason()).contains("must be from 1 to 10, was 11");
    assertThat(stub.requestsFor("n-range")).isEqualTo(3);
  }

  @Test
  void tooManyRequestsWithRetryAfterWaitsThatLong() {
    start(Behaviour.firstRequests(1, Reply.tooManyRequests("1")));
    LlmOutcome outcome = client.score(workout("w-429"));

    assertThat(outcome).isInstanceOf(LlmOutcome.Scored.class);
    List<Instant> times = stub.requestTimes();
    assertThat(times).hasSize(2);
    // the back-off alone would be ~10 ms: the second call waited for Retry-After
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void tooManyRequestsWithAnHttpDateRetryAfterWaitsUntilThen() {
    String inTwoSeconds =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
    start(Behaviour.firstRequests(1, Reply.tooManyRequests(inTwoSeconds)));
    assertThat(client.score(workout("w-date"))).isInstanceOf(LlmOutcome.Scored.class);
    List<Instant> times = stub.requestTimes();
    // an HTTP date has whole seconds: at least one second later
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aRetryAfterLongerThanTheRunWaitsIsQuotaExceededAtOnce() {
    start(Behaviour.always(Reply.tooManyRequests("3600")));
    LlmOutcome outcome = client.score(workout("w-hour"));
    assertThat(outcome).isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThat(((LlmOutcome.QuotaExceeded) outcome).reason()).contains("asked to wait 3600 s");
    assertThat(stub.requestsFor("w-hour")).isEqualTo(1);
  }

  @Test
  void tooManyRequestsWithoutRetryAfterBacksOffAndSucceeds() {
    start(Behaviour.firstRequests(2, Reply.tooManyRequests()));
    assertThat(client.score(workout("w-429b"))).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("w-429b")).isEqualTo(3);
  }

  @Test
  void tooManyRequestsUntilTheRetriesRunOutIsQuotaExceeded() {
    start(Behaviour.always(Reply.tooManyRequests()));
    LlmOutcome outcome = client.score(workout("w-quota"));

    assertThat(outcome).isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThat(((LlmOutcome.QuotaExceeded) outcome).reason())
        .contains("HTTP 429")
        .contains("2 retries");
    assertThat(stub.requestsFor("w-quota")).isEqualTo(3);
  }

  @Test
  void serviceUnavailableUntilTheRetriesRunOutIsQuotaExceeded() {
    start(Behaviour.always(Reply.unavailable(null)));
    assertThat(client.score(workout("w-503"))).isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThat(stub.requestsFor("w-503")).isEqualTo(3);
  }

  @Test
  void serverErrorsAreRetried() {
    start(Behaviour.firstRequests(2, Reply.serverError()));
    assertThat(client.score(workout("w-500"))).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("w-500")).isEqualTo(3);
  }

  @Test
  void serverErrorsUntilTheRetriesRunOutFailTheRow() {
    start(Behaviour.always(Reply.serverError()));
    LlmOutcome outcome = client.score(workout("w-500b"));
    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason()).contains("HTTP 500");
    assertThat(stub.requestsFor("w-500b")).isEqualTo(3);
  }

  @Test
  void aClientErrorIsNotRetried() {
    start(Behaviour.always(Reply.status(400, "{\"error\":{\"message\":\"bad request\"}}")));
    LlmOutcome outcome = client.score(workout("w-400"));
    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason()).contains("HTTP 400");
    assertThat(stub.requestsFor("w-400")).isEqualTo(1);
  }

  @Test
  void aSlowAnswerTimesOutAndIsRetried() {
    start(
        Behaviour.firstRequestsPerRow(1, Reply.slow(Duration.ofSeconds(3))),
        s -> with(s, 4, 0, 0, Duration.ofMillis(500), 2, 20));
    long started = System.nanoTime();
    assertThat(client.score(workout("w-slow"))).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("w-slow")).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void answersSlowerThanTheTimeoutEveryTimeFailTheRow() {
    start(
        Behaviour.always(Reply.slow(Duration.ofSeconds(2))),
        s -> with(s, 4, 0, 0, Duration.ofMillis(300), 1, 20));
    LlmOutcome outcome = client.score(workout("w-slow2"));
    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason()).contains("no answer in time");
    assertThat(stub.requestsFor("w-slow2")).isEqualTo(2);
  }

  @Test
  void aDailyQuotaMessageRefusesThisAndLaterCalls() {
    start(Behaviour.always(Reply.dailyQuota()));
    assertThatThrownBy(() -> client.score(workout("w-day")))
        .isInstanceOf(ProviderRefusedException.class)
        .hasMessageContaining("daily quota");
    assertThatThrownBy(() -> client.score(workout("w-day2")))
        .isInstanceOf(ProviderRefusedException.class);
    assertThat(stub.totalRequests()).as("no call after the refusal").isEqualTo(1);
  }

  @Test
  void consecutiveTooManyRequestsAcrossRowsRefuse() {
    start(
        Behaviour.always(Reply.tooManyRequests()), s -> with(s, 4, 0, 0, s.requestTimeout(), 2, 5));
    // row 1: three 429s, QUOTA_EXCEEDED; row 2: the fifth consecutive 429 refuses
    assertThat(client.score(workout("r-1"))).isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThatThrownBy(() -> client.score(workout("r-2")))
        .isInstanceOf(ProviderRefusedException.class)
        .hasMessageContaining("5 calls in a row");
    assertThatThrownBy(() -> client.score(workout("r-3")))
        .isInstanceOf(ProviderRefusedException.class);
    assertThat(stub.totalRequests()).isEqualTo(5);
  }

  @Test
  void twentyConsecutiveTooManyRequestsRefuseByDefault() throws Exception {
    start(
        Behaviour.always(Reply.tooManyRequests()),
        s -> with(s, 4, 0, 0, s.requestTimeout(), 2, 20));
    int quota = 0;
    int refused = 0;
    for (int i = 0; i < 10; i++) {
      try {
        if (client.score(workout("t-" + i)) instanceof LlmOutcome.QuotaExceeded) {
          quota++;
        }
      } catch (ProviderRefusedException e) {
        refused++;
      }
    }
    // 6 rows × 3 calls = 18 429s, the 7th row's second call is the 20th
    assertThat(quota).isEqualTo(6);
    assertThat(refused).isEqualTo(4);
    assertThat(stub.totalRequests()).isEqualTo(20);
  }

  @Test
  void aSuccessResetsTheCountOfConsecutiveTooManyRequests() {
    // 4 429s then answers: with refuse-after 5 the run goes on
    start(
        Behaviour.firstRequests(4, Reply.tooManyRequests()),
        s -> with(s, 4, 0, 0, s.requestTimeout(), 2, 5));
    assertThat(client.score(workout("s-1"))).isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThat(client.score(workout("s-2"))).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(client.score(workout("s-3"))).isInstanceOf(LlmOutcome.Scored.class);
  }

  @Test
  void theStubNeverSeesMoreThanTheConcurrencyInFlight() throws Exception {
    start(
        LlmStubServer.builder().latency(Duration.ofMillis(300)),
        s -> with(s, 8, 0, 0, s.requestTimeout(), 2, 20));
    List<LlmOutcome> outcomes = scoreConcurrently(rows(24), 24);

    assertThat(outcomes).allMatch(o -> o instanceof LlmOutcome.Scored);
    assertThat(stub.maxInFlight()).isEqualTo(8);
    assertThat(stub.totalRequests()).isEqualTo(24);
  }

  @Test
  void requestsPerMinuteAreSpreadOut() throws Exception {
    // 120 rpm: one request each 500 ms
    start(Behaviour.valid(), s -> with(s, 8, 120, 0, s.requestTimeout(), 2, 20));
    List<LlmOutcome> outcomes = scoreConcurrently(rows(6), 6);

    assertThat(outcomes).allMatch(o -> o instanceof LlmOutcome.Scored);
    List<Instant> times = stub.requestTimes();
    assertThat(times).hasSize(6);
    // six requests need at least five periods minus the first one's alignment
    assertThat(Duration.between(times.get(0), times.get(5)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(stub.maxRequestsWithin(Duration.ofSeconds(1))).isLessThanOrEqualTo(3);
  }

  @Test
  void tokensPerMinuteAreSpreadOut() throws Exception {
    start(Behaviour.valid());
    long perCall = client.estimate(workout("x")).total();
    client.close();
    stub.close();
    // a minute's tokens for 60 calls: one call a second
    start(Behaviour.valid(), s -> with(s, 8, 0, perCall * 60, s.requestTimeout(), 2, 20));
    List<LlmOutcome> outcomes = scoreConcurrently(rows(4), 4);

    assertThat(outcomes).allMatch(o -> o instanceof LlmOutcome.Scored);
    List<Instant> times = stub.requestTimes();
    assertThat(Duration.between(times.get(0), times.get(3)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(stub.maxRequestsWithin(Duration.ofMillis(900))).isLessThanOrEqualTo(2);
  }

  @Test
  void theApiKeyIsSentButNeverPrintedOrLogged() {
    String key = "sk-test-SECRET-123456";
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    List<String> names =
        List.of("com.athletebatch", "org.springframework.ai", "com.openai", "okhttp3");
    Map<String, Level> levels = new java.util.HashMap<>();
    for (String name : names) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      levels.put(name, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    try {
      // a 401 that echoes the key, as some servers do
      start(
          Behaviour.firstRequestsPerRow(
              1,
              Reply.status(
                  401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}")));
      LlmOutcome outcome = client.score(workout("k-1"));
      LlmOutcome second = client.score(workout("k-1"));

      assertThat(stub.credentialsSeen()).contains("Bearer " + key);
      assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
      assertThat(outcome.toString()).doesNotContain(key).contains("HTTP 401");
      assertThat(second).isInstanceOf(LlmOutcome.Scored.class);
      assertThat(client.toString()).doesNotContain(key).contains("apiKey=***");
      assertThat(client.settings().toString()).doesNotContain(key);
      assertThat(appender.list).isNotEmpty();
      assertThat(appender.list)
          .noneMatch(e -> e.getFormattedMessage().contains(key))
          .noneMatch(
              e ->
                  e.getThrowableProxy() != null
                      && e.getThrowableProxy().getMessage() != null
                      && e.getThrowableProxy().getMessage().contains(key));
    } finally {
      levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
      root.detachAppender(appender);
    }
  }

  @Test
  void aLocalServerNeedsNoKey() {
    stub = LlmStubServer.builder().start();
    LlmSettings noKey =
        new LlmSettings(
            LlmSettings.Provider.OPENAI,
            "llama3.1",
            stub.openAiBaseUrl(),
            null,
            2,
            0,
            0,
            Duration.ofSeconds(5),
            1,
            20);
    client = LlmClients.create(noKey, FAST);
    assertThat(client.score(workout("l-1"))).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.credentialsSeen()).containsExactly("");
  }

  @Test
  void openAisOwnEndpointWithoutAKeyIsRefusedBeforeAnyCall() {
    LlmSettings noKey =
        new LlmSettings(
            LlmSettings.Provider.OPENAI,
            "gpt-4o-mini",
            null,
            null,
            2,
            0,
            0,
            Duration.ofSeconds(5),
            1,
            20);
    assertThatThrownBy(() -> LlmClients.create(noKey))
        .hasMessageContaining("OPENAI_API_KEY is not set");
  }
}
