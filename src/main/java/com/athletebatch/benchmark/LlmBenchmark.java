package com.athletebatch.benchmark;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.ApplicationContextStarter;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.RunSummary;
import com.athletebatch.scoring.EligibleRows;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.llm.LlmChunkWriter;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.scoring.llm.LlmSettings;
import com.athletebatch.scoring.llm.ScorerKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * P7 (issue 14): the {@code llm} scorer against {@link LlmStubServer} with a fixed 1 s latency, at
 * {@code --llm-concurrency 1} (the seed's pattern: one call at a time per item) and at 32, each on
 * its own copy of the same rows; rows/s and the ratio.
 */
final class LlmBenchmark {

  static final Duration LATENCY = Duration.ofSeconds(1);
  static final int SEED_CONCURRENCY = 1;
  static final int CONCURRENCY = 32;

  /** One variant's run. */
  record Run(
      int concurrency,
      BatchStatus status,
      double seconds,
      long rowsSent,
      long requests,
      int maxInFlight,
      long inputTokens,
      long outputTokens) {
    double rowsPerSecond() {
      return seconds == 0 ? 0 : rowsSent / seconds;
    }
  }

  private final PrintStream out;

  LlmBenchmark(PrintStream out) {
    this.out = out;
  }

  /** Loads {@code rows} workouts and as many nutrition days, then runs both variants. */
  Benchmark.Row run(BenchmarkDatabases dbs, int rows, long seed) throws Exception {
    String template = dbs.create("p7t");
    DataSource templateDs = dbs.dataSource(template);
    DomainSchema.createIfMissing(templateDs);
    out.printf(
        "P7: %s%n",
        new DemoDataGenerator()
            .generate(
                templateDs, new DemoOptions(Math.max(1, rows / 20), rows / 2, rows / 2, 0, seed)));
    Map<ScoreTable, Long> eligible =
        EligibleRows.count(templateDs, Dialect.POSTGRESQL, Benchmark.defaultScoreSelection());
    long eligibleRows = eligible.values().stream().mapToLong(Long::longValue).sum();
    Run seedPattern;
    Run concurrent;
    try (LlmStubServer stub = LlmStubServer.builder().latency(LATENCY).start()) {
      String a = dbs.copy("p7a", template);
      seedPattern = variant(stub, dbs.urlWithCredentials(a), SEED_CONCURRENCY);
      dbs.drop(a);
      String b = dbs.copy("p7b", template);
      concurrent = variant(stub, dbs.urlWithCredentials(b), CONCURRENCY);
      dbs.drop(b);
    }
    dbs.drop(template);
    return row(eligibleRows, seedPattern, concurrent);
  }

  private Run variant(LlmStubServer stub, String url, int concurrency) throws Exception {
    out.printf(
        "P7: run scoreBackfill --scorer llm --llm-concurrency %d (stub, 1 s a call) …%n",
        concurrency);
    long requestsBefore = stub.totalRequests();
    LlmRun llm =
        new LlmRun(
            ScorerKind.LLM,
            LlmSettings.Provider.OPENAI,
            "stub",
            stub.baseUrl(),
            concurrency,
            0,
            0,
            Duration.ofSeconds(30),
            0,
            null,
            null);
    ScoreSelection selection = Benchmark.defaultScoreSelection();
    try (ConfigurableApplicationContext context =
        ApplicationContextStarter.start(DatabaseUrl.parse(url), "batch", Map.of())) {
      Job job = context.getBean(ScoreBackfillJobConfiguration.JOB_NAME, Job.class);
      long start = System.nanoTime();
      JobRunner.Launch launch =
          context.getBean(JobRunner.class).launch(job, llm.addTo(selection.toParameters()));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!(launch instanceof JobRunner.Launch.Ran ran)) {
        throw new IllegalStateException("P7: the score backfill did not start");
      }
      JobExecution execution = ran.execution();
      RunSummary.print(execution, out);
      long sent = 0;
      long in = 0;
      long outTokens = 0;
      for (StepExecution step : execution.getStepExecutions()) {
        sent += step.getExecutionContext().getLong(LlmChunkWriter.CALLS, 0L);
        in += step.getExecutionContext().getLong(LlmChunkWriter.TOKENS_IN, 0L);
        outTokens += step.getExecutionContext().getLong(LlmChunkWriter.TOKENS_OUT, 0L);
      }
      return new Run(
          concurrency,
          execution.getStatus(),
          seconds,
          sent,
          stub.totalRequests() - requestsBefore,
          stub.maxInFlight(),
          in,
          outTokens);
    }
  }

  static Benchmark.Row row(long eligibleRows, Run seed, Run concurrent) {
    double ratio =
        seed.rowsPerSecond() == 0 ? 0 : concurrent.rowsPerSecond() / seed.rowsPerSecond();
    return new Benchmark.Row(
        "P7",
        String.format(
            Locale.ROOT,
            "`scoreBackfill --scorer llm` of %,d eligible rows (%,d sent to the model) against the"
                + " stub provider, 1 s a call; %.0f input + %.0f output tokens a row",
            eligibleRows,
            concurrent.rowsSent(),
            concurrent.rowsSent() == 0
                ? 0.0
                : (double) concurrent.inputTokens() / concurrent.rowsSent(),
            concurrent.rowsSent() == 0
                ? 0.0
                : (double) concurrent.outputTokens() / concurrent.rowsSent()),
        String.format(
            Locale.ROOT,
            "--llm-concurrency %d: %.1f s, %.1f rows/s, %s, at most %d in flight",
            concurrent.concurrency(),
            concurrent.seconds(),
            concurrent.rowsPerSecond(),
            concurrent.status(),
            concurrent.maxInFlight()),
        "",
        String.format(
            Locale.ROOT,
            "--llm-concurrency %d (seed: one call at a time): %.1f s, %.2f rows/s, %s",
            seed.concurrency(),
            seed.seconds(),
            seed.rowsPerSecond(),
            seed.status()),
        String.format(
            Locale.ROOT, "%d / %d: %.1f×", concurrent.concurrency(), seed.concurrency(), ratio),
        "printed",
        null);
  }
}
