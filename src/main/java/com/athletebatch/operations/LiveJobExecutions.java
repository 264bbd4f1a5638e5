package com.athletebatch.operations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;

/**
 * The job executions running in this JVM, and their graceful stop when the application context
 * closes (SIGTERM, Ctrl-C): each is stopped through {@link JobOperator#stop}, and the close waits
 * until its step reaches the next chunk boundary and the job ends STOPPED, restartable, before the
 * data source is closed.
 *
 * <p>Spring Batch 6's own {@code JobExecutionShutdownHook} only requests the stop, from a separate
 * JVM shutdown hook that races Spring's context-close hook (which closes the data source under the
 * running chunk); stopping from the context's lifecycle keeps the order right.
 *
 * <p>Registered on every job by {@link OperationsConfiguration}.
 */
public class LiveJobExecutions implements JobExecutionListener, SmartLifecycle {

  /**
   * Stops before the other lifecycle beans; the nightly scheduler (which stops first) uses it too.
   */
  public static final int PHASE = Integer.MAX_VALUE - 1;

  private static final Logger log = LoggerFactory.getLogger(LiveJobExecutions.class);

  private final Map<Long, CountDownLatch> live = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> stopRequested = new ConcurrentHashMap<>();
  private final Map<Long, Integer> lastVersion = new ConcurrentHashMap<>();
  // Looked up when needed: the jobs this listens to are created before the operator.
  private final Supplier<JobOperator> jobOperator;
  private final Supplier<JobRepository> jobRepository;
  private final Duration timeout;
  private volatile boolean running;

  public LiveJobExecutions(
      Supplier<JobOperator> jobOperator, Supplier<JobRepository> jobRepository, Duration timeout) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.timeout = timeout;
  }

  @Override
  public void beforeJob(JobExecution jobExecution) {
    live.put(jobExecution.getId(), new CountDownLatch(1));
  }

  @Override
  public void afterJob(JobExecution jobExecution) {
    if (stopRequested.remove(jobExecution.getId()) != null) {
      // The job saves its execution once more after this listener: a shutdown waits for that save.
      lastVersion.put(jobExecution.getId(), jobExecution.getVersion());
    }
    ended(jobExecution.getId());
  }

  /** The execution no longer runs in this JVM (see {@link Heartbeat#ended}). */
  void ended(long id) {
    CountDownLatch ended = live.remove(id);
    if (ended != null) {
      ended.countDown();
    }
  }

  /** Ids of the executions running in this JVM now. */
  public List<Long> ids() {
    return List.copyOf(live.keySet());
  }

  /**
   * Asks every execution running in this JVM to stop at its next chunk boundary; an execution
   * already asked is left alone. The status is written to the job repository, so that a run started
   * between two calls is caught by the next one.
   */
  public void requestStop() {
    for (Long id : live.keySet()) {
      if (stopRequested.putIfAbsent(id, Boolean.TRUE) != null) {
        continue;
      }
      JobExecution execution = jobRepository.get().getJobExecution(id);
      if (execution == null) {
        continue;
      }
      try {
        log.info(
            "Stopping {} execution {} at its next chunk boundary (it stays restartable)",
            execution.getJobInstance().getJobName(),
            id);
        jobOperator.get().stop(execution);
      } catch (JobExecutionNotRunningException e) {
        // ended meanwhile
      } catch (Exception e) {
        log.warn("Could not stop execution {}: {}", id, e.getMessage());
      }
    }
  }

  /** Waits until no execution runs in this JVM; false if some still run after {@code wait}. */
  public boolean awaitNoneRunning(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (Map.Entry<Long, CountDownLatch> entry : live.entrySet()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !entry.getValue().await(left, TimeUnit.NANOSECONDS)) {
        return live.isEmpty();
      }
    }
    return live.isEmpty();
  }

  /**
   * The launching thread saves each execution once more after {@link #afterJob}; the data source
   * must stay open until it has (a few milliseconds; bounded).
   */
  private void awaitFinalSave(List<Long> executions) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (Long id : executions) {
      Integer seen = lastVersion.remove(id);
      while (seen != null && System.nanoTime() < deadline) {
        JobExecution saved = jobRepository.get().getJobExecution(id);
        if (saved == null || saved.getVersion() == null || saved.getVersion() > seen) {
          break;
        }
        Thread.sleep(10);
      }
    }
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (live.isEmpty()) {
      return;
    }
    List<Long> stopping = ids();
    log.info("Shutting down: stopping the job executions running in this JVM {}", stopping);
    requestStop();
    try {
      if (awaitNoneRunning(timeout)) {
        awaitFinalSave(stopping);
      } else {
        log.warn(
            "Executions {} did not stop within {} s; they may stay STARTED in the job repository"
                + " (mark them FAILED with `jobs/athlete-batch recover <id>`, then restart)",
            ids(),
            timeout.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
