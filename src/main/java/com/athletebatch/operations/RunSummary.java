package com.athletebatch.operations;

import com.athletebatch.step.ProgressLine;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The end-of-run summary an operator reads: per step what happened, the execution id and duration.
 */
public final class RunSummary {

  private RunSummary() {}

  public static void print(JobExecution execution, PrintStream out) {
    out.println();
    out.printf(
        "%s execution %d: %s (exit %s) in %s%n",
        execution.getJobInstance().getJobName(),
        execution.getId(),
        execution.getStatus(),
        execution.getExitStatus().getExitCode(),
        ProgressLine.format(duration(execution.getStartTime(), execution.getEndTime())));
    for (StepExecution step : execution.getStepExecutions()) {
      ExecutionContext ctx = step.getExecutionContext();
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "  %-20s %-9s read %d, written %d",
                  step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount()));
      for (String key :
          new String[] {
            "scored", "skippedEmpty", "failed", "futureDated", "users", "projections"
          }) {
        if (ctx.containsKey(key)) {
          line.append(", ").append(label(key)).append(' ').append(ctx.getLong(key));
        }
      }
      if (step.getFilterCount() > 0) {
        line.append(", left as they are ").append(step.getFilterCount());
      }
      out.println(line);
    }
    out.printf(
        "  peak heap %d MB (JVM max %d MB)%n",
        peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      String message = execution.getExitStatus().getExitDescription();
      DatabaseFailures.connectionLost(execution)
          .ifPresent(detail -> out.println("  " + DatabaseFailures.wentAwayMessage(detail)));
      if (message != null && !message.isBlank()) {
        out.println(
            "  reason: " + com.athletebatch.database.DatabaseUrl.mask(firstLines(message, 3)));
      }
    }
  }

  /** Sum of the heap pools' peak usage: an upper bound of the JVM's peak heap so far. */
  static long peakHeapBytes() {
    return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static String label(String key) {
    return switch (key) {
      case "skippedEmpty" -> "skipped as empty";
      case "failed" -> "failed (see skip log)";
      case "futureDated" -> "future-dated, left as they are (see skip log)";
      default -> key;
    };
  }

  private static Duration duration(LocalDateTime start, LocalDateTime end) {
    if (start == null) {
      return Duration.ZERO;
    }
    return Duration.between(start, end == null ? LocalDateTime.now() : end);
  }

  private static String firstLines(String text, int n) {
    String[] lines = text.split("\\R");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, lines.length); i++) {
      sb.append(i == 0 ? "" : "\n          ").append(lines[i].strip());
    }
    return sb.toString();
  }
}
