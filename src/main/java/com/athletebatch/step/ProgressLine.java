package com.athletebatch.step;

import java.time.Duration;
import org.springframework.batch.core.step.StepExecution;

/** One line of progress for a step: counts, percentage of the eligible total, rate and ETA. */
public final class ProgressLine {

  private ProgressLine() {}

  public static String of(StepExecution step, long elapsedNanos) {
    long read = step.getReadCount();
    long total = step.getExecutionContext().getLong(EligibleRowCounter.TOTAL, -1L);
    double rate = rate(read, elapsedNanos);
    StringBuilder line = new StringBuilder(step.getStepName()).append(": ").append(read);
    if (total >= 0) {
      // "~": the planner's estimate (EligibleRowCounter), not a count
      line.append(
              step.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED) ? " / ~" : " / ")
          .append(total);
      if (total > 0) {
        line.append(String.format(" (%.1f%%)", Math.min(100.0, 100.0 * read / total)));
      }
    }
    line.append(
        String.format(
            ", %.0f items/s, written %d, filtered %d, skipped %d, commits %d",
            rate,
            step.getWriteCount(),
            step.getFilterCount(),
            step.getSkipCount(),
            step.getCommitCount()));
    if (total > read && rate > 0) {
      line.append(", ETA ").append(eta(read, total, rate));
    }
    return line.toString();
  }

  /** E.g. {@code scoreWorkouts [########------------] 41.2% 1234/2996 420/s ETA 4s}. */
  public static String bar(StepExecution step, long elapsedNanos) {
    return bar(
        step.getStepName(),
        step.getReadCount(),
        step.getExecutionContext().getLong(EligibleRowCounter.TOTAL, -1L),
        elapsedNanos);
  }

  static String bar(String stepName, long read, long total, long elapsedNanos) {
    double rate = rate(read, elapsedNanos);
    StringBuilder line = new StringBuilder(String.format("%-16s ", stepName));
    if (total > 0) {
      double fraction = Math.min(1.0, (double) read / total);
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      line.append('[')
          .append("#".repeat(filled))
          .append("-".repeat(BAR_WIDTH - filled))
          .append(']')
          .append(String.format(" %5.1f%% %d/%d", 100 * fraction, read, total));
    } else {
      line.append(read).append(total == 0 ? "/0" : "");
    }
    line.append(String.format(" %.0f/s", rate));
    if (total > read && rate > 0) {
      line.append(" ETA ").append(eta(read, total, rate));
    }
    return line.toString();
  }

  /** The short form for a line shared with other steps: name, percentage (or count), ETA. */
  public static String brief(StepExecution step, long elapsedNanos) {
    return brief(
        step.getStepName(),
        step.getReadCount(),
        step.getExecutionContext().getLong(EligibleRowCounter.TOTAL, -1L),
        elapsedNanos);
  }

  static String brief(String stepName, long read, long total, long elapsedNanos) {
    double rate = rate(read, elapsedNanos);
    StringBuilder line = new StringBuilder(stepName).append(' ');
    line.append(
        total > 0 ? String.format("%.0f%%", 100.0 * Math.min(1.0, (double) read / total)) : read);
    if (total > read && rate > 0) {
      line.append(" ETA ").append(eta(read, total, rate));
    }
    return line.toString();
  }

  private static final int BAR_WIDTH = 20;

  /**
   * Items per second since the step started (at least a millisecond, so never a division by zero).
   */
  private static double rate(long read, long elapsedNanos) {
    return read / Math.max(elapsedNanos / 1e9, 1e-3);
  }

  /** The time the remaining items take at this rate. */
  private static String eta(long read, long total, double rate) {
    return format(Duration.ofSeconds((long) ((total - read) / rate)));
  }

  public static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format("%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
