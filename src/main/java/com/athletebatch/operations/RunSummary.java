package com.athletebatch.operations;

import com.athletebatch.database.RequiredTables.MissingTableException;
import com.athletebatch.scoring.llm.LlmChunkWriter;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.step.KeyRange;
import com.athletebatch.step.PartitionWatchdog;
import com.athletebatch.step.ProgressLine;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The end-of-run summary an operator reads: per step what happened, the execution id and duration.
 */
public final class RunSummary {

  /** The outcome counters the jobs keep in their steps' execution contexts, in print order. */
  public static final List<String> OUTCOMES =
      List.of(
          "scored",
          "skippedEmpty",
          "failed",
          "quotaExceeded",
          "futureDated",
          "changedConcurrently",
          "rowLocked",
          "users",
          "projections",
          "newerProjection",
          "llmCalls",
          "llmTokensIn",
          "llmTokensOut");

  /** Outcomes of running beside the live application: printed only when they happened. */
  static final List<String> ONLY_WHEN_NONZERO =
      List.of("changedConcurrently", "rowLocked", "newerProjection");

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
      for (String key : OUTCOMES) {
        if (ctx.containsKey(key) && !(ONLY_WHEN_NONZERO.contains(key) && ctx.getLong(key) == 0)) {
          line.append(", ").append(label(key)).append(' ').append(ctx.getLong(key));
        }
      }
      if (step.getFilterCount() > 0) {
        line.append(", left as they are ").append(step.getFilterCount());
      }
      KeyRange.of(ctx)
          .ifPresent(
              range -> {
                line.append(", keys ").append(range.describe());
                KeyRange.worker(ctx).ifPresent(worker -> line.append(", on ").append(worker));
              });
      out.println(line);
    }
    llmCost(execution).ifPresent(line -> out.println("  " + line));
    out.printf(
        "  peak heap %d MB (JVM max %d MB)%n",
        peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      DatabaseFailures.connectionLost(execution)
          .ifPresent(detail -> out.println("  " + DatabaseFailures.wentAwayMessage(detail)));
      String reason = reason(execution);
      if (reason != null) {
        out.println("  reason: " + com.athletebatch.database.DatabaseUrl.mask(reason));
      }
    }
  }

  /**
   * Why a run did not complete, in one line: the first failure's message (the exception's own, and
   * its root cause's when that says more), else the recorded exit description's first line. The
   * whole trace stays in the job repository.
   */
  public static String reason(JobExecution execution) {
    // An LLM step that stopped itself (the provider refused everything, the token budget) says why.
    for (StepExecution step : execution.getStepExecutions()) {
      if (step.getExecutionContext().containsKey(LlmChunkWriter.STOP_REASON)) {
        return step.getExecutionContext().getString(LlmChunkWriter.STOP_REASON);
      }
    }
    List<Throwable> failures = execution.getAllFailureExceptions();
    // Remote partitions that did not complete say which and why (their workers), first.
    for (Throwable failure : failures) {
      if (failure instanceof PartitionWatchdog.PartitionsNotCompletedException) {
        return failure.getMessage();
      }
    }
    if (!failures.isEmpty()) {
      Throwable failure = failures.get(0);
      MissingTableException missing = missingTable(failure);
      if (missingTable(failure) != null) {
        return missing.getMessage();
      }
      String first = firstLine(failure.getMessage());
      Throwable root = failure;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String rootLine = firstLine(root.getMessage());
      if (first == null) {
        return rootLine;
      }
      return root == failure || rootLine == null || first.contains(rootLine)
          ? first
          : first + " (" + rootLine + ")";
    }
    String description = execution.getExitStatus().getExitDescription();
    if (description == null || description.isBlank()) {
      description =
          execution.getStepExecutions().stream()
              .filter(s -> s.getStatus() != BatchStatus.COMPLETED)
              .map(s -> s.getExitStatus().getExitDescription())
              .filter(d -> d != null && !d.isBlank())
              .findFirst()
              .orElse(null);
    }
    String line = firstLine(description);
    // A recorded trace starts with the exception's class name: keep its message.
    return line == null ? null : line.replaceFirst("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*: ", "");
  }

  /** The missing required table behind a run's failure, if that is what stopped it. */
  public static MissingTableException missingTable(JobExecution execution) {
    for (Throwable failure : execution.getAllFailureExceptions()) {
      MissingTableException missing = missingTable(failure);
      if (missing != null) {
        return missing;
      }
    }
    return null;
  }

  private static MissingTableException missingTable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MissingTableException missing) {
        return missing;
      }
    }
    return null;
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.strip().lines().findFirst().orElse(null);
  }

  /** Sum of the heap pools' peak usage: an upper bound of the JVM's peak heap so far. */
  static long peakHeapBytes() {
    return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  /**
   * An LLM or hybrid run's model, calls and tokens of the committed rows of the steps this
   * execution ran (a restarted step's context carries its earlier executions' counts), and their
   * cost at the run's prices.
   */
  public static java.util.Optional<String> llmCost(JobExecution execution) {
    LlmRun run = LlmRun.from(execution.getJobParameters());
    if (!run.kind().callsModel()) {
      return java.util.Optional.empty();
    }
    long calls = 0;
    long in = 0;
    long out = 0;
    for (StepExecution step : execution.getStepExecutions()) {
      ExecutionContext ctx = step.getExecutionContext();
      calls += ctx.getLong(LlmChunkWriter.CALLS, 0L);
      in += ctx.getLong(LlmChunkWriter.TOKENS_IN, 0L);
      out += ctx.getLong(LlmChunkWriter.TOKENS_OUT, 0L);
    }
    Double cost = run.cost(in, out);
    return java.util.Optional.of(
        String.format(
            java.util.Locale.ROOT,
            "model %s: %d calls, %d input + %d output tokens%s",
            run.describe(),
            calls,
            in,
            out,
            cost == null ? "" : String.format(java.util.Locale.ROOT, ", cost $%.4f", cost)));
  }

  /** The operator's words for an outcome counter. */
  public static String label(String key) {
    return switch (key) {
      case "skippedEmpty" -> "skipped as empty";
      case "failed" -> "failed (see skip log)";
      case "futureDated" -> "future-dated, left as they are (see skip log)";
      case "changedConcurrently" -> "changed by the application meanwhile, left as it wrote them";
      case "rowLocked" -> "locked by the application, left for the next run";
      case "newerProjection" -> "newer projections kept";
      case "quotaExceeded" -> "quota exceeded (retried by --include-failed and nightly runs)";
      case "llmCalls" -> "model calls";
      case "llmTokensIn" -> "input tokens";
      case "llmTokensOut" -> "output tokens";
      default -> key;
    };
  }

  private static Duration duration(LocalDateTime start, LocalDateTime end) {
    if (start == null) {
      return Duration.ZERO;
    }
    return Duration.between(start, end == null ? LocalDateTime.now() : end);
  }
}
