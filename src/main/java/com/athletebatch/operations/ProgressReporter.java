package com.athletebatch.operations;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Logs a step's progress every few seconds: items read of the eligible total, items/s and ETA.
 * Plain log lines work the same on a terminal and in a log file or journal.
 */
public class ProgressReporter implements ChunkListener<Object, Object>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger("progress");
    private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private StepExecution stepExecution;
    private long startNanos;
    private long lastReportNanos;

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
        this.startNanos = System.nanoTime();
        this.lastReportNanos = startNanos;
        long total = stepExecution.getExecutionContext().getLong(EligibleRowCounter.TOTAL, -1L);
        if (total >= 0) {
            log.info("{}: {} rows to process", stepExecution.getStepName(), total);
        }
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        long now = System.nanoTime();
        if (now - lastReportNanos >= INTERVAL_NANOS) {
            lastReportNanos = now;
            log.info(ProgressLine.of(stepExecution, now - startNanos));
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        log.info(ProgressLine.of(stepExecution, System.nanoTime() - startNanos));
        return null;
    }
}
