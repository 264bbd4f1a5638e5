package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.benchmark.LlmStubServer;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14 end to end, as an operator runs it: {@code backfill-scores --scorer …} through the real
 * command line and the real client against the in-JVM stub provider, whose own counts per row id
 * say what was sent. A daily-quota refusal stops the run (STOPPED, exit 1, the reason, nothing
 * written QUOTA_EXCEEDED); the same command again resumes it, and no committed row is sent again.
 */
class LlmBackfillStubTest {

  private static final List<String> WORKOUTS = List.of("w-1", "w-2", "w-3", "w-4", "w-5");

  private static String status(JdbcTemplate jdbc, String id) {
    return jdbc.queryForObject(
        "SELECT \"aiAnalysisStatus\" FROM \"Workout\" WHERE id = ?", String.class, id);
  }

  @Test
  void aRefusalStopsTheRunAndTheSameCommandResumesItSendingNoCommittedRowAgain() {
    // Refuse w-4 (a daily-quota answer) until the first run is over.
    Set<String> refused = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("w-4"));
    try (TestDatabase db = LlmScoringStepTest.prepared(TestDatabase.h2());
        LlmStubServer stub =
            LlmStubServer.builder()
                .behaviour(
                    call ->
                        refused.contains(call.rowId())
                            ? LlmStubServer.Reply.dailyQuota()
                            : LlmStubServer.Reply.answer())
                .start()) {
      String[] command = {
        "backfill-scores",
        "--database-url",
        db.jdbcUrl(),
        "--scorer",
        "hybrid",
        "--llm-base-url",
        stub.baseUrl(),
        "--llm-concurrency",
        "4",
        "--chunk-size",
        "2",
        "--llm-price-in",
        "0.15",
        "--llm-price-out",
        "0.60",
        "--yes"
      };
      Cli.Result stopped = Cli.run(command);

      assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(1);
      assertThat(stopped.out())
          .contains("STOPPED")
          .contains("reason: the model's provider refuses every request")
          .contains("daily quota")
          .contains("run")
          .contains("the same command again");
      assertThat(status(db.jdbc(), "w-1")).isEqualTo("COMPLETED");
      assertThat(status(db.jdbc(), "w-2")).isEqualTo("COMPLETED");
      for (String id : List.of("w-3", "w-4", "w-5")) {
        assertThat(status(db.jdbc(), id)).as(id).isEqualTo("NOT_STARTED");
      }
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM \"Workout\" WHERE \"aiAnalysisStatus\" = 'QUOTA_EXCEEDED'",
                      Long.class))
          .isZero();
      Map<String, Integer> before = new TreeMap<>(stub.requestsPerRow());

      refused.clear();
      Cli.Result resumed = Cli.run(command);

      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.out()).contains("COMPLETED").contains("model hybrid, openai");
      for (String id : WORKOUTS) {
        assertThat(status(db.jdbc(), id)).as(id).isEqualTo("COMPLETED");
      }
      String analysis =
          db.jdbc()
              .queryForObject(
                  "SELECT \"aiAnalysisJson\" FROM \"Workout\" WHERE id = 'w-5'", String.class);
      assertThat(analysis).contains("tokens");
      Map<String, Integer> after = new TreeMap<>(stub.requestsPerRow());
      System.out.println("stub restart test: requests per row after the first run " + before);
      System.out.println("stub restart test: requests per row after the resumed run " + after);
      // Committed rows (the first chunk, the nutrition day) are never sent again; the rows sent
      // again are those of the chunk that rolled back (w-3, w-4).
      assertThat(after.get("w-1")).isEqualTo(before.get("w-1")).isEqualTo(1);
      assertThat(after.get("w-2")).isEqualTo(before.get("w-2")).isEqualTo(1);
      assertThat(after.get("n-1")).isEqualTo(before.get("n-1")).isEqualTo(1);
      assertThat(after.get("w-5")).isEqualTo(1);
      assertThat(after.get("w-3")).isBetween(1, 2);
      assertThat(after.get("w-4")).isEqualTo(before.get("w-4") + 1);
      assertThat(after).doesNotContainKey("w-empty");
    }
  }

  @Test
  void rowsLeftQuotaExceededAreScoredByIncludeFailed() {
    // Every request of w-2 gets a 429 asking to wait longer than a run waits: QUOTA_EXCEEDED.
    Set<String> limited = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("w-2"));
    try (TestDatabase db = LlmScoringStepTest.prepared(TestDatabase.h2());
        LlmStubServer stub =
            LlmStubServer.builder()
                .behaviour(
                    call ->
                        limited.contains(call.rowId())
                            ? LlmStubServer.Reply.tooManyRequests("3600")
                            : LlmStubServer.Reply.answer())
                .latency(Duration.ofMillis(20))
                .start()) {
      Cli.Result first =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              db.jdbcUrl(),
              "--scorer",
              "llm",
              "--llm-base-url",
              stub.baseUrl());
      assertThat(first.exitCode()).as(first.all()).isZero();
      assertThat(first.out())
          .contains("quota exceeded (retried by --include-failed and nightly runs) 1");
      assertThat(status(db.jdbc(), "w-2")).isEqualTo("QUOTA_EXCEEDED");
      assertThat(status(db.jdbc(), "w-1")).isEqualTo("COMPLETED");

      limited.clear();
      Cli.Result again =
          Cli.run(
              "run",
              "scoreBackfill",
              "--database-url",
              db.jdbcUrl(),
              "--scorer",
              "llm",
              "--llm-base-url",
              stub.baseUrl(),
              "--include-failed");
      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(status(db.jdbc(), "w-2")).isEqualTo("COMPLETED");
      assertThat(stub.requestsFor("w-1")).isEqualTo(1);
    }
  }
}
