package com.athletebatch.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.support.AmqpTestBroker;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at a tiny size, for correctness only (no timing is asserted): it prints the table
 * with its four rows and their met column, the real jobs complete (P3 in separate JVMs), the
 * restart resumes, and every database the benchmark made is gone afterwards.
 */
class BenchmarkTest {

  private static final Pattern DATABASES =
      Pattern.compile("databases (athlete_bench_[0-9a-f]{8})_\\*");

  @Test
  void llmOnlyMeasuresP7AloneAndDropsItsDatabases() {
    try (TestDatabase server = TestDatabase.postgres()) {
      Cli.Result result =
          Cli.run("benchmark", "--database-url", server.jdbcUrl(), "--llm-only", "--llm-rows", "6");
      assertThat(result.exitCode()).as(result.all()).isZero();
      List<String> rows =
          Arrays.stream(result.out().split("\\R")).filter(l -> l.startsWith("| P")).toList();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0)).startsWith("| P7 |").contains("COMPLETED");
      assertItsDatabasesAreGone(server, result.out());
    }
  }

  @Test
  void rowsMeasuresOnlyTheRowsNamedPrintsEachWhenMeasuredAndRejectsAnUnknownOne() {
    try (TestDatabase server = TestDatabase.postgres()) {
      Cli.Result result = tiny(server, 200, 300, 8, 10, 2, "--rows", "p4,P2");
      assertThat(result.exitCode()).as(result.all()).isZero();
      List<String> lines = Arrays.asList(result.out().split("\\R"));
      List<String> rows = lines.stream().filter(l -> l.startsWith("| P")).toList();
      // in the table's order, not the order named; P4 ran P1's job as its full run
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0)).startsWith("| P2 |").contains("COMPLETED");
      assertThat(rows.get(1))
          .startsWith("| P4 |")
          .contains("resumed run COMPLETED (restarted)")
          .containsPattern("full run [0-9.]+ s \\(P1\\)");
      assertThat(result.out()).doesNotContain("P1 floor").doesNotContain("P5 (");
      // each row also printed as soon as it was measured
      assertThat(lines.stream().filter(l -> l.startsWith("benchmark: measured: | P"))).hasSize(2);
      assertItsDatabasesAreGone(server, result.out());

      Cli.Result unknown =
          Cli.run("benchmark", "--database-url", server.jdbcUrl(), "--rows", "P1,P9");
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.all()).contains("no row P9").contains("P5n");
      Cli.Result both =
          Cli.run("benchmark", "--database-url", server.jdbcUrl(), "--rows", "P1", "--llm-only");
      assertThat(both.exitCode()).isNotZero();
      assertThat(both.all()).contains("--rows, --llm-only and --scale-out-only exclude each other");
    }
  }

  @Test
  void printsTheTableAtATinySizeAndDropsEverythingItMade() {
    try (TestDatabase server = TestDatabase.postgres()) {
      Cli.Result result =
          tiny(server, 300, 400, 12, 20, 3, "--broker", AmqpTestBroker.url(), "--llm-rows", "8");
      assertThat(result.exitCode()).as(result.all()).isZero();

      List<String> lines = Arrays.asList(result.out().split("\\R"));
      assertThat(lines)
          .contains("| row | what | job | floor | seed pattern | ratios | target | met |");
      List<String> rows = lines.stream().filter(l -> l.startsWith("| P")).toList();
      assertThat(rows).hasSize(8);
      assertThat(lines.stream().filter(l -> l.startsWith("benchmark: measured: | P"))).hasSize(8);
      for (int i = 0; i < 5; i++) {
        assertThat(rows.get(i))
            .startsWith("| P" + (i + 1) + " |")
            .containsPattern("\\| (yes|no) \\|$");
      }
      assertThat(rows.get(0))
          .contains("COMPLETED")
          .contains("job/write-floor")
          .containsPattern("from the waiting rows \\d")
          .containsPattern("job/write floor from the waiting rows \\d")
          .containsPattern("CPU \\d+ µs/row")
          .contains("job/computed floor")
          .contains("per-item/job");
      assertThat(rows.get(1))
          .contains("COMPLETED")
          .contains("job/floor")
          .containsPattern("\\d µs/event")
          .contains("per-unit/job");
      // The floor writes the job's own rows again: four per user the job estimated.
      Matcher users = Pattern.compile("capability events of (\\d+) users").matcher(rows.get(1));
      assertThat(users.find()).as(rows.get(1)).isTrue();
      assertThat(rows.get(1))
          .contains("one upsert of the job's " + 4 * Integer.parseInt(users.group(1)) + " rows");
      assertThat(rows.get(2))
          .contains("score COMPLETED")
          .contains("capability COMPLETED")
          .contains("4,000 events")
          .endsWith("| yes |");
      assertThat(rows.get(3))
          .contains("first run FAILED")
          .contains("resumed run COMPLETED (restarted)");
      // P5: every nightly run completed, with and without the recommended indexes
      assertThat(rows.get(4)).contains("with the recommended indexes").contains("all COMPLETED");
      assertThat(rows.get(5))
          .startsWith("| P5 (no rec. indexes) |")
          .contains("without the recommended indexes")
          .contains("all COMPLETED")
          .containsPattern("\\| (yes|no) \\|$");
      // P6: the three ways side by side, each completed, with per-worker throughput, the
      // database's share and the speed-ups; the broker's password never shows.
      assertThat(rows.get(6))
          .startsWith("| P6 |")
          .contains("1 JVM COMPLETED")
          .contains("--partitions 2 (threads) COMPLETED")
          .contains("2 worker JVMs COMPLETED")
          .containsPattern("worker pid \\d+ [0-9,]+ events/s, worker pid \\d+ [0-9,]+ events/s")
          .containsPattern("thread estimateCapabilities-\\d+ [0-9,]+ events/s")
          .contains("database's share of the CPU")
          .contains("speed-up --partitions 2 (threads)")
          .contains("speed-up 2 worker JVMs")
          .endsWith("| — |");
      assertThat(result.all()).doesNotContain("guest:guest@");
      // P7: the llm scorer against the stub at 1 and 32 calls in flight, on the same rows.
      assertThat(rows.get(7))
          .startsWith("| P7 |")
          .containsPattern("--llm-concurrency 32: [0-9.]+ s, [0-9.]+ rows/s, COMPLETED")
          .containsPattern(
              "--llm-concurrency 1 \\(seed: one call at a time\\): [0-9.]+ s, [0-9.]+ rows/s, COMPLETED")
          .containsPattern("32 / 1: [0-9.]+×");

      assertItsDatabasesAreGone(server, result.out());
    }
  }

  /** Every athlete_bench_<hex>_* database the run named is dropped again. */
  private static void assertItsDatabasesAreGone(TestDatabase server, String out) {
    Matcher prefix = DATABASES.matcher(out);
    assertThat(prefix.find()).as(out).isTrue();
    assertThat(
            server
                .jdbc()
                .queryForList(
                    "SELECT datname FROM pg_database WHERE datname LIKE ?",
                    String.class,
                    prefix.group(1) + "%"))
        .isEmpty();
  }

  /** The benchmark at a tiny size: N workouts, M events, U users, its two samples, then more. */
  private static Cli.Result tiny(
      TestDatabase server, int n, int m, int u, int perItem, int unitUsers, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "benchmark",
                "--database-url",
                server.jdbcUrl(),
                "--workouts",
                "" + n,
                "--events",
                "" + m,
                "--users",
                "" + u,
                "--per-item-sample",
                "" + perItem,
                "--unit-sample-users",
                "" + unitUsers));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }
}
