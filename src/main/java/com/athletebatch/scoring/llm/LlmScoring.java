package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoredRow;
import com.athletebatch.scoring.core.ScoringOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model side of one LLM or hybrid run (issue 14), shared by both tables' steps: the client, the
 * {@code --llm-concurrency} threads that carry the calls, and the tokens spent by this execution
 * (the {@code --llm-max-tokens} budget). Rows the deterministic scorer found invalid or empty are
 * never sent.
 */
public class LlmScoring implements AutoCloseable {

  /** A chunk's rows with the model's outcomes, in the chunk's order, and what they cost. */
  public record Result(List<ScoredRow> rows, long calls, TokenUsage tokens) {}

  private final LlmRun run;
  private final LlmScoringClient client;
  private final ExecutorService calls;
  private final AtomicLong spent = new AtomicLong();

  public LlmScoring(LlmRun run, LlmScoringClient client) {
    this.run = run;
    this.client = client;
    AtomicInteger n = new AtomicInteger();
    // Daemon threads that end after a minute idle: the pool needs no closing when the job ends
    // (the job scope may end a bean while the split's other step still runs).
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            run.concurrency(),
            run.concurrency(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, "llm-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.calls = pool;
  }

  public LlmRun run() {
    return run;
  }

  /** Tokens this execution spent so far (committed or not: the provider counted them). */
  public long spent() {
    return spent.get();
  }

  /**
   * Whether a chunk expected to cost {@code estimate} tokens still fits this execution's budget.
   */
  public boolean fitsBudget(long estimate) {
    return run.maxTokens() == 0 || spent.get() + estimate <= run.maxTokens();
  }

  /** The tokens the rows that would be sent are expected to cost. */
  public TokenUsage estimate(List<ScoredRow> rows) {
    TokenUsage total = TokenUsage.NONE;
    for (ScoredRow row : rows) {
      if (row.outcome() instanceof ScoringOutcome.Scored s) {
        total = total.plus(client.estimate(request(row, s)));
      }
    }
    return total;
  }

  /**
   * Sends the scored rows to the model, up to {@code --llm-concurrency} at a time, and waits for
   * all of them.
   *
   * @throws ProviderRefusedException when the provider refuses everything; the calls still in
   *     flight are cancelled
   */
  public Result score(List<ScoredRow> rows) {
    List<Future<LlmOutcome>> futures = new ArrayList<>(rows.size());
    for (ScoredRow row : rows) {
      if (row.outcome() instanceof ScoringOutcome.Scored s) {
        LlmRequest request = request(row, s);
        futures.add(calls.submit(() -> call(request)));
      } else {
        futures.add(null);
      }
    }
    List<ScoredRow> out = new ArrayList<>(rows.size());
    long made = 0;
    TokenUsage tokens = TokenUsage.NONE;
    try {
      for (int i = 0; i < rows.size(); i++) {
        ScoredRow row = rows.get(i);
        Future<LlmOutcome> future = futures.get(i);
        if (future == null) {
          out.add(row);
          continue;
        }
        LlmOutcome outcome = future.get();
        made++;
        tokens = tokens.plus(outcome.tokens());
        spent.addAndGet(outcome.tokens().total());
        out.add(new ScoredRow(row.table(), row.id(), outcome(outcome), row.version()));
      }
    } catch (ExecutionException e) {
      cancel(futures);
      if (e.getCause() instanceof ProviderRefusedException refused) {
        throw refused;
      }
      throw new IllegalStateException("model call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      cancel(futures);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the model", e);
    }
    return new Result(out, made, tokens);
  }

  private LlmRequest request(ScoredRow row, ScoringOutcome.Scored s) {
    return new LlmRequest(run.kind(), row.table(), row.id(), s.card());
  }

  /** One call; a client error that is not a refusal fails the row, never the run. */
  private LlmOutcome call(LlmRequest request) {
    try {
      LlmOutcome outcome = client.score(request);
      if (outcome == null) {
        return new LlmOutcome.Failed(
            "the model client returned nothing", Map.of(), TokenUsage.NONE);
      }
      return outcome;
    } catch (ProviderRefusedException e) {
      throw e;
    } catch (RuntimeException e) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("exception", e.getClass().getName());
      return new LlmOutcome.Failed(
          "model client error: " + e.getMessage(), details, TokenUsage.NONE);
    }
  }

  /** What the writer stores for the model's outcome. */
  static ScoringOutcome outcome(LlmOutcome outcome) {
    if (outcome instanceof LlmOutcome.Scored s) {
      return new ScoringOutcome.Scored(s.card());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tokens", tokenMap(outcome.tokens()));
    if (outcome instanceof LlmOutcome.Failed f) {
      details.put("code", "llm_failed");
      if (f.details() != null) {
        f.details().forEach(details::putIfAbsent);
      }
      return new ScoringOutcome.Invalid(f.reason(), details);
    }
    LlmOutcome.QuotaExceeded q = (LlmOutcome.QuotaExceeded) outcome;
    return new ScoringOutcome.QuotaExceeded(q.reason(), details);
  }

  static Map<String, Object> tokenMap(TokenUsage tokens) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("input", tokens.input());
    map.put("output", tokens.output());
    return map;
  }

  private static void cancel(List<Future<LlmOutcome>> futures) {
    for (Future<LlmOutcome> f : futures) {
      if (f != null) {
        f.cancel(true);
      }
    }
  }

  /** For a run's own use outside the job (the dry run's estimate); the job's is never closed. */
  @Override
  public void close() {
    calls.shutdownNow();
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing a client at the end of a run: nothing left to do about it
      }
    }
  }
}
