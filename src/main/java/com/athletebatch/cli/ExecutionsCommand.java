package com.athletebatch.cli;

import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.MonitoringQueries;
import com.athletebatch.operations.StatusReport.ExecutionRow;
import com.athletebatch.step.ProgressLine;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code executions}: the recorded job executions, newest first ({@code
 * sql/monitoring/executions.sql}).
 */
@Command(
    name = "executions",
    mixinStandardHelpOptions = true,
    description =
        "List job executions, newest first: id, job, instance, status, exit code, start, "
            + "end or duration, parameters.")
public class ExecutionsCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Mixin DatabaseOptions database;

  @Option(names = "--job", paramLabel = "NAME", description = "only this job")
  String job;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      arity = "1..*",
      split = ",",
      description = "only these statuses, e.g. FAILED STOPPED STARTED (${COMPLETION-CANDIDATES})")
  List<BatchStatus> statuses = List.of();

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "at most N executions (default: ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      Duration staleAfter = context.getBean(Heartbeat.class).staleAfter();
      List<ExecutionRow> rows =
          ExecutionRow.all(
              context.getBean(MonitoringQueries.class),
              job,
              statuses.stream().map(Enum::name).toList(),
              limit,
              staleAfter);
      if (rows.isEmpty()) {
        out.println(
            "No executions"
                + (job == null ? "" : " of " + job)
                + (statuses.isEmpty() ? "" : " with status " + statuses)
                + ".");
        return 0;
      }
      out.printf(
          "%-9s %-20s %-8s %-10s %-10s %-19s %-19s %-9s %s%n",
          "execution",
          "job",
          "instance",
          "status",
          "exit",
          "start",
          "end",
          "duration",
          "parameters");
      for (ExecutionRow r : rows) {
        out.printf(
            "%-9d %-20s %-8d %-10s %-10s %-19s %-19s %-9s %s%n",
            r.id(),
            r.job(),
            r.instance(),
            r.status(),
            r.exitCode(),
            r.start() == null ? "-" : TIME.format(r.start()),
            r.end() == null ? "-" : TIME.format(r.end()),
            r.durationSeconds() == null
                ? "-"
                : ProgressLine.format(Duration.ofSeconds(r.durationSeconds())),
            r.parameters() == null ? "" : r.parameters());
        if (r.describePartitions() != null) {
          out.println("          " + r.describePartitions() + " (status lists them)");
        }
        if (r.end() == null && r.liveness().gone()) {
          out.println(
              "          " + r.liveness().describe() + ": jobs/athlete-batch recover " + r.id());
        }
      }
      return 0;
    }
  }
}
