package com.athletebatch.cli;

import com.athletebatch.benchmark.LlmStubServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llm-stub}: the tests' and the benchmark's stand-in for the model providers, for hand
 * trials of {@code --scorer llm|hybrid} without a real provider (issue 14). It answers OpenAI's
 * chat completions and Gemini's generateContent with valid structured answers, optionally slowly
 * and with 429s for a while, until Ctrl-C; then it prints what it saw.
 */
@Command(
    name = "llm-stub",
    mixinStandardHelpOptions = true,
    description =
        "Serve a stand-in LLM provider on 127.0.0.1 for trying --scorer llm|hybrid"
            + " (--llm-base-url http://127.0.0.1:PORT). Runs until Ctrl-C.")
public class LlmStubCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8089",
      description = "default ${DEFAULT-VALUE}; 0 for a free port")
  int port;

  @Option(
      names = "--latency-ms",
      paramLabel = "MS",
      defaultValue = "0",
      description = "added to every answer (default ${DEFAULT-VALUE})")
  long latencyMs;

  @Option(
      names = "--rate-limit-first",
      paramLabel = "N",
      defaultValue = "0",
      description = "answer the first N requests 429 Too Many Requests (default ${DEFAULT-VALUE})")
  int rateLimitFirst;

  @Option(
      names = "--rate-limit-for",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "answer 429 to every request within SECONDS of the first one")
  int rateLimitSeconds;

  @Option(
      names = "--rate-limit-share",
      paramLabel = "PERCENT",
      defaultValue = "100",
      description =
          "with --rate-limit-first/--rate-limit-for: only the requests of this share of the rows"
              + " (by row id) get the 429s, the others are answered (default ${DEFAULT-VALUE})")
  int rateLimitShare;

  @Option(
      names = "--retry-after",
      paramLabel = "SECONDS",
      description = "the Retry-After header of the 429s (default: none)")
  String retryAfter;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535 || latencyMs < 0 || rateLimitFirst < 0 || rateLimitSeconds < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--port, --latency-ms, --rate-limit-first, --rate-limit-for are >= 0");
    }
    LlmStubServer.Reply tooMany =
        retryAfter == null
            ? LlmStubServer.Reply.tooManyRequests()
            : LlmStubServer.Reply.tooManyRequests(retryAfter);
    LlmStubServer.Behaviour limited =
        rateLimitSeconds > 0
            ? LlmStubServer.Behaviour.during(Duration.ofSeconds(rateLimitSeconds), tooMany)
            : rateLimitFirst > 0
                ? LlmStubServer.Behaviour.firstRequests(rateLimitFirst, tooMany)
                : LlmStubServer.Behaviour.valid();
    int share = rateLimitShare;
    LlmStubServer.Behaviour behaviour =
        share >= 100
            ? limited
            : call ->
                call.rowId() != null && Math.floorMod(call.rowId().hashCode(), 100) < share
                    ? limited.reply(call)
                    : LlmStubServer.Reply.answer();
    PrintStream out = System.out;
    CountDownLatch stopped = new CountDownLatch(1);
    try (LlmStubServer stub =
        LlmStubServer.builder()
            .port(port)
            .latency(Duration.ofMillis(latencyMs))
            .behaviour(behaviour)
            .start()) {
      out.printf("LLM stub on %s (latency %d ms", stub.baseUrl(), latencyMs);
      if (rateLimitSeconds > 0) {
        out.printf(", 429 for %d s after the first request", rateLimitSeconds);
      } else if (rateLimitFirst > 0) {
        out.printf(", 429 to the first %d requests", rateLimitFirst);
      }
      if ((rateLimitSeconds > 0 || rateLimitFirst > 0) && share < 100) {
        out.printf(" of %d %% of the rows", share);
      }
      out.println("). Ctrl-C to stop.");
      out.printf(
          "  jobs/backfill-scores.sh --scorer hybrid --llm-base-url %s --yes%n", stub.baseUrl());
      out.printf(
          "  (Gemini dialect: --llm-provider gemini --llm-base-url %s)%n", stub.geminiBaseUrl());
      out.flush();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    out.printf(
                        "%nLLM stub: %d requests, %d rows, at most %d in flight%n",
                        stub.totalRequests(), stub.requestsPerRow().size(), stub.maxInFlight());
                    out.flush();
                    stopped.countDown();
                  }));
      stopped.await();
    }
    return 0;
  }
}
