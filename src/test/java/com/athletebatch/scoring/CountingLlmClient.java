package com.athletebatch.scoring;

import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.llm.LlmOutcome;
import com.athletebatch.scoring.llm.LlmRequest;
import com.athletebatch.scoring.llm.LlmScoringClient;
import com.athletebatch.scoring.llm.ProviderRefusedException;
import com.athletebatch.scoring.llm.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the model client that counts the calls per row id and the calls in flight, with
 * a scripted latency, refusal, quota and failure per row id. Each call costs 100 input and 50
 * output tokens; each estimate says the same.
 */
public final class CountingLlmClient implements LlmScoringClient {

  static final TokenUsage COST = new TokenUsage(100, 50);

  final Map<String, AtomicInteger> callsById = new ConcurrentHashMap<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile long latencyMillis;
  volatile Set<String> refuse = Set.of();
  volatile Set<String> quota = Set.of();
  volatile Set<String> fail = Set.of();

  int calls(String id) {
    AtomicInteger n = callsById.get(id);
    return n == null ? 0 : n.get();
  }

  public int totalCalls() {
    return callsById.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public LlmOutcome score(LlmRequest request) {
    callsById.computeIfAbsent(request.rowId(), k -> new AtomicInteger()).incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (latencyMillis > 0) {
        Thread.sleep(latencyMillis);
      }
      if (refuse.contains(request.rowId())) {
        throw new ProviderRefusedException("daily quota exhausted (test)");
      }
      if (quota.contains(request.rowId())) {
        return new LlmOutcome.QuotaExceeded("429 until the retries ran out (test)", COST);
      }
      if (fail.contains(request.rowId())) {
        return new LlmOutcome.Failed("score 11 is outside 1..10 (test)", Map.of(), COST);
      }
      ScoreCard d = request.deterministic();
      Map<String, Object> analysis = new LinkedHashMap<>(d.analysis());
      analysis.put("scorer", request.kind().cliName());
      analysis.put("tokens", Map.of("input", COST.input(), "output", COST.output()));
      ScoreCard card =
          new ScoreCard(
              d.scorer(),
              d.version(),
              d.overall(),
              d.parts(),
              "model analysis of " + request.rowId(),
              analysis);
      return new LlmOutcome.Scored(card, COST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public TokenUsage estimate(LlmRequest request) {
    return COST;
  }
}
