package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.benchmark.LlmStubServer;
import com.athletebatch.benchmark.LlmStubServer.Behaviour;
import com.athletebatch.benchmark.LlmStubServer.Reply;
import com.athletebatch.scoring.ScoreTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Gemini path (Spring AI's google-genai module) against the stub's generateContent. */
class GeminiStubTest {

  private static final LlmClients.Tuning FAST =
      new LlmClients.Tuning(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));

  private static final String KEY = "gemini-test-SECRET-987";

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

  private void start(Behaviour behaviour, int refuseAfter) {
    start(behaviour, refuseAfter, Duration.ofSeconds(5));
  }

  private void start(Behaviour behaviour, int refuseAfter, Duration timeout) {
    stub = LlmStubServer.builder().behaviour(behaviour).start();
    client =
        LlmClients.create(
            new LlmSettings(
                LlmSettings.Provider.GEMINI,
                "gemini-test",
                stub.geminiBaseUrl(),
                KEY,
                4,
                0,
                0,
                timeout,
                2,
                refuseAfter),
            FAST);
  }

  @Test
  void validAnswersScoreBothTables() {
    start(Behaviour.valid(), 20);
    LlmOutcome workout =
        client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-1"));
    LlmOutcome nutrition =
        client.score(LlmTestCards.request(ScorerKind.HYBRID, ScoreTable.NUTRITION, "g-2"));

    assertThat(workout).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(((LlmOutcome.Scored) workout).card().parts())
        .containsOnlyKeys("technical", "effort", "pacing", "execution");
    assertThat(workout.tokens().input()).isPositive();
    assertThat(nutrition).isInstanceOf(LlmOutcome.Scored.class);
    assertThat(((LlmOutcome.Scored) nutrition).card().summaryMarkdown()).contains("Overall 7/10");
    assertThat(stub.credentialsSeen()).containsOnly(KEY);
    assertThat(stub.totalRequests()).as("the SDK's own retries are off").isEqualTo(2);
  }

  @Test
  void tooManyRequestsHonourRetryAfterAndAreRetriedByUsAlone() {
    start(Behaviour.firstRequests(1, Reply.tooManyRequests("1")), 20);
    assertThat(client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-429")))
        .isInstanceOf(LlmOutcome.Scored.class);
    List<Instant> times = stub.requestTimes();
    assertThat(times).hasSize(2);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void tooManyRequestsUntilTheRetriesRunOutIsQuotaExceeded() {
    start(Behaviour.always(Reply.tooManyRequests()), 20);
    assertThat(client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-q")))
        .isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThat(stub.requestsFor("g-q")).isEqualTo(3);
  }

  @Test
  void malformedJsonIsAskedAgain() {
    start(Behaviour.firstRequestsPerRow(1, Reply.malformedJson()), 20);
    assertThat(client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.NUTRITION, "g-m")))
        .isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("g-m")).isEqualTo(2);
  }

  @Test
  void aDailyQuotaRefuses() {
    start(Behaviour.always(Reply.dailyQuota()), 20);
    assertThatThrownBy(
            () -> client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-d")))
        .isInstanceOf(ProviderRefusedException.class)
        .hasMessageContaining("daily quota")
        .hasMessageNotContaining(KEY);
    assertThat(stub.totalRequests()).isEqualTo(1);
  }

  @Test
  void serverErrorsAndSlowAnswersAreRetried() {
    start(Behaviour.firstRequestsPerRow(1, Reply.serverError()), 20, Duration.ofMillis(500));
    assertThat(client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-500")))
        .isInstanceOf(LlmOutcome.Scored.class);
    assertThat(stub.requestsFor("g-500")).isEqualTo(2);
    client.close();
    stub.close();

    start(Behaviour.always(Reply.slow(Duration.ofSeconds(2))), 20, Duration.ofMillis(400));
    LlmOutcome outcome =
        client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-slow"));
    assertThat(outcome).isInstanceOf(LlmOutcome.Failed.class);
    assertThat(((LlmOutcome.Failed) outcome).reason()).contains("no answer in time");
    assertThat(stub.requestsFor("g-slow")).isEqualTo(3);
  }

  @Test
  void consecutiveTooManyRequestsRefuse() {
    start(Behaviour.always(Reply.tooManyRequests()), 4);
    assertThat(client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-r1")))
        .isInstanceOf(LlmOutcome.QuotaExceeded.class);
    assertThatThrownBy(
            () -> client.score(LlmTestCards.request(ScorerKind.LLM, ScoreTable.WORKOUT, "g-r2")))
        .isInstanceOf(ProviderRefusedException.class);
    assertThat(stub.totalRequests()).isEqualTo(4);
  }
}
