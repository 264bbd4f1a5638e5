package com.athletebatch.cli;

import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.MonitoringQueries;
import com.athletebatch.operations.StatusReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: recent executions per job and the progress of running ones, from the job
 * repository.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the recent executions of each job (status, start, duration, parameters) and, for a "
            + "running execution, per step: read, written, skips, commits, percentage done, items/s, ETA, "
            + "and its heartbeat.")
public class StatusCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Option(names = "--job", paramLabel = "NAME", description = "only this job")
  String job;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "5",
      description = "executions per job (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print JSON, for machines")
  boolean json;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      arity = "0..1",
      fallbackValue = "5",
      description = "refresh every SECONDS (default 5) until Ctrl-C")
  Integer watchSeconds;

  @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N refreshes")
  Integer count;

  @Option(
      names = "--stale-after",
      paramLabel = "SECONDS",
      description =
          "flag a heartbeat older than this as stale (default: athlete-batch.heartbeat.stale-after, 60)")
  Long staleAfterSeconds;

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    boolean terminal = System.console() != null;
    if (json) {
      database.announceTo = System.err;
    }
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      Duration staleAfter =
          staleAfterSeconds == null
              ? context.getBean(Heartbeat.class).staleAfter()
              : Duration.ofSeconds(staleAfterSeconds);
      MonitoringQueries queries = context.getBean(MonitoringQueries.class);
      List<String> jobs = job == null ? ControlCommands.JOBS : List.of(job);
      for (int shown = 1; ; shown++) {
        StatusReport report = StatusReport.read(queries, jobs, limit, staleAfter);
        if (watchSeconds != null && terminal && !json) {
          out.print("\033[H\033[2J");
        }
        if (json) {
          out.println(report.toJson());
        } else {
          report.print(out);
        }
        out.flush();
        if (watchSeconds == null || (count != null && shown >= count)) {
          return 0;
        }
        if (!terminal && !json) {
          out.println();
        }
        Thread.sleep(Math.max(1, watchSeconds) * 1000L);
      }
    }
  }
}
