package com.athletebatch.step;

import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Shows a step's progress: on a terminal, a progress bar redrawn in place after each chunk (at most
 * a few times a second); otherwise (a pipe, a log file, the journal) a plain log line every few
 * seconds. Both give items read of the eligible total, items/s and ETA.
 */
public class ProgressReporter implements ChunkListener<Object, Object>, StepExecutionListener {

  private static final Logger log = LoggerFactory.getLogger("progress");
  private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long BAR_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();

  /** The JVM's terminal line, shared by the steps of a run. */
  private static TerminalBars console;

  /** Where the bar goes, or null for log lines. */
  private final TerminalBars terminal;

  private StepExecution stepExecution;
  private long startNanos;
  private long lastReportNanos;

  /** A bar when standard input and output are a terminal, else log lines. */
  public ProgressReporter() {
    this.terminal = System.console() != null ? console() : null;
  }

  public ProgressReporter(PrintStream terminal) {
    this.terminal = new TerminalBars(terminal);
  }

  private static synchronized TerminalBars console() {
    if (console == null) {
      console = new TerminalBars(System.out);
    }
    return console;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
    this.startNanos = System.nanoTime();
    this.lastReportNanos = startNanos;
    long total = stepExecution.getExecutionContext().getLong(EligibleRowCounter.TOTAL, -1L);
    if (total >= 0
        && stepExecution.getExecutionContext().containsKey(EligibleRowCounter.ESTIMATED)) {
      // the planner's estimate (an exact count would be a second scan): can be far off
      log.info(
          "{}: about {} rows to process (the planner's estimate)",
          stepExecution.getStepName(),
          total);
    } else if (total >= 0) {
      log.info("{}: {} rows to process", stepExecution.getStepName(), total);
    }
  }

  @Override
  public void afterChunk(Chunk<Object> chunk) {
    long now = System.nanoTime();
    if (now - lastReportNanos >= (terminal != null ? BAR_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
      lastReportNanos = now;
      if (terminal != null) {
        terminal.update(
            stepExecution.getStepName(),
            ProgressLine.bar(stepExecution, now - startNanos),
            ProgressLine.brief(stepExecution, now - startNanos));
      } else {
        log.info(ProgressLine.of(stepExecution, now - startNanos));
      }
    }
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    long elapsed = System.nanoTime() - startNanos;
    // Runs before EligibleRowCounter's afterStep (listeners end in reverse order): the last line
    // shows the settled total too.
    EligibleRowCounter.settle(stepExecution);
    if (terminal != null) {
      terminal.finish(stepExecution.getStepName(), ProgressLine.bar(stepExecution, elapsed));
    }
    log.info(ProgressLine.of(stepExecution, elapsed));
    return null;
  }
}
