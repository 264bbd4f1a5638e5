package com.athletebatch.benchmark;

import com.athletebatch.database.DatabaseUrl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmark}: the jobs against the database floor and the seeds' per-item patterns
 * (jobs/benchmark.sh).
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Measure both jobs against the database floor and the seeds' per-item patterns, the heap"
            + " at -Xmx256m and a restart, on fresh databases of its own (athlete_bench_*), dropped afterwards."
            + " Prints a Markdown table with rows P1-P7.")
public class BenchmarkCommand implements Callable<Integer> {

  /**
   * The local server's maintenance database: the benchmark only creates and drops its own databases
   * there.
   */
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      defaultValue = DEFAULT_URL,
      description =
          "a database on the PostgreSQL server to use, as a user that may create databases "
              + "(default: ${DEFAULT-VALUE})")
  String databaseUrl;

  @Option(
      names = "--workouts",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "workouts, and as many nutrition days (default: ${DEFAULT-VALUE})")
  int workouts;

  @Option(
      names = "--events",
      paramLabel = "M",
      defaultValue = "1000000",
      description = "events (default: ${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--users",
      paramLabel = "U",
      defaultValue = "10000",
      description = "users (default: ${DEFAULT-VALUE})")
  int users;

  @Option(
      names = "--per-item-sample",
      paramLabel = "ROWS",
      defaultValue = "2000",
      description =
          "rows timed one transaction each for the seed's pattern, half per table (default: ${DEFAULT-VALUE})")
  int perItemSample;

  @Option(
      names = "--unit-sample-users",
      paramLabel = "USERS",
      defaultValue = "100",
      description =
          "users whose (user, event type) units are timed for kura's pattern (default: ${DEFAULT-VALUE})")
  int unitSampleUsers;

  @Option(
      names = "--max-heap",
      paramLabel = "SIZE",
      defaultValue = "256m",
      description = "-Xmx of the P3 runs (default: ${DEFAULT-VALUE})")
  String maxHeap;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "demo data seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--broker",
      paramLabel = "URL",
      defaultValue = Benchmark.DEFAULT_BROKER,
      description =
          "P6: the AMQP broker of the remote workers (default: the local RabbitMQ,"
              + " amqp://guest:***@127.0.0.1:5672/%%2F); when none answers, P6 says so and the"
              + " remote run is not measured")
  String broker;

  @Option(
      names = "--rows",
      paramLabel = "ROW",
      split = ",",
      description =
          "measure only these rows, e.g. --rows P1,P2,P4 (default: all of P1, P2, P3, P4, P5,"
              + " P5n, P6, P7; P5n is P5 without the recommended indexes). P4 runs P1's job too,"
              + " as its full run")
  java.util.List<String> rows;

  @Option(
      names = "--scale-out-only",
      description = "measure only P6 (1 JVM, --partitions 2, 2 worker JVMs): --rows P6")
  boolean scaleOutOnly;

  @Option(
      names = "--llm-only",
      description =
          "measure only P7 (the llm scorer against the stub provider with 1 s a call, at"
              + " --llm-concurrency 1 and 32): --rows P7")
  boolean llmOnly;

  @Option(
      names = "--llm-rows",
      paramLabel = "N",
      defaultValue = "" + Benchmark.DEFAULT_LLM_ROWS,
      description = "P7's rows, half workouts, half nutrition days (default: ${DEFAULT-VALUE})")
  int llmRows;

  @Override
  public Integer call() throws Exception {
    if (workouts < 1 || events < 1 || users < 1 || perItemSample < 2 || unitSampleUsers < 1) {
      throw new IllegalArgumentException(
          "--workouts, --events, --users, --unit-sample-users must be at least 1,"
              + " --per-item-sample at least 2");
    }
    if (llmRows < 2) {
      throw new IllegalArgumentException("--llm-rows must be at least 2");
    }
    if ((llmOnly ? 1 : 0) + (scaleOutOnly ? 1 : 0) + (rows != null ? 1 : 0) > 1) {
      throw new IllegalArgumentException(
          "--rows, --llm-only and --scale-out-only exclude each other");
    }
    java.util.Set<String> measured =
        llmOnly
            ? java.util.Set.of("P7")
            : scaleOutOnly
                ? java.util.Set.of("P6")
                : rows == null
                    ? java.util.Set.copyOf(Benchmark.ROWS)
                    : rows.stream()
                        .map(String::trim)
                        .map(r -> r.toUpperCase(java.util.Locale.ROOT).replace("P5N", "P5n"))
                        .collect(java.util.stream.Collectors.toSet());
    if (measured.isEmpty()) {
      throw new IllegalArgumentException("--rows names no row");
    }
    if (!maxHeap.matches("[0-9]{1,6}[kKmMgG]?")) {
      throw new IllegalArgumentException("--max-heap takes a JVM size such as 256m");
    }
    if ((long) events * 10 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--events must be at most " + Integer.MAX_VALUE / 10);
    }
    new Benchmark(
            DatabaseUrl.parse(databaseUrl),
            new Benchmark.Options(
                workouts,
                events,
                users,
                perItemSample,
                unitSampleUsers,
                maxHeap,
                10,
                seed,
                broker,
                measured,
                llmRows),
            System.out)
        .run();
    return 0;
  }
}
