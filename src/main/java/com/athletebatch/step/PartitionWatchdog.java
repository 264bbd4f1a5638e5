package com.athletebatch.step;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager's watch over its remote partitions while it polls the job repository for their end
 * (issue 13, faults). Every few seconds it reads the partitions of its step and fails, in the job
 * repository, a partition that cannot end by itself, so that the poll ends and the run ends FAILED
 * with a message naming it (a restart then sends only the unfinished partitions, each resuming from
 * its last committed chunk):
 *
 * <ul>
 *   <li>a STARTED partition whose worker's heartbeat ({@link PartitionHeartbeat}) is older than the
 *       worker timeout, with no other worker having taken it over: the worker died (SIGKILL, lost
 *       machine) or has been cut off from the database for that long;
 *   <li>partitions never taken by any worker for longer than the worker wait while the broker
 *       cannot be reached or nobody consumes the queue (the broker is gone, or every worker).
 * </ul>
 *
 * A partition is failed through the job repository's optimistic lock: a worker that commits a chunk
 * meanwhile wins, and the partition is left to it.
 */
public final class PartitionWatchdog implements StepExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(PartitionWatchdog.class);

  private final JobRepository jobRepository;
  private final PartitionHeartbeat heartbeat;
  private final Duration workerTimeout;
  private final Duration workerWait;
  private final Duration every;
  private final Supplier<String> brokerProblem;
  private final String brokerForDisplay;
  private final Map<Long, Long> waitingSince = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  /**
   * @param brokerProblem why no worker can take the queued partitions (broker unreachable, no
   *     consumer), or null when workers listen
   */
  PartitionWatchdog(
      JobRepository jobRepository,
      PartitionHeartbeat heartbeat,
      Duration workerTimeout,
      Duration workerWait,
      Duration every,
      Supplier<String> brokerProblem,
      String brokerForDisplay) {
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
    this.workerTimeout = workerTimeout;
    this.workerWait = workerWait;
    this.every = every;
    this.brokerProblem = brokerProblem;
    this.brokerForDisplay = brokerForDisplay;
  }

  @Override
  public void beforeStep(StepExecution manager) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "athlete-batch-partition-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(200, every.toMillis());
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            check(manager);
          } catch (RuntimeException e) {
            log.warn("Partition watchdog of {}: {}", manager.getStepName(), e.getMessage());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public ExitStatus afterStep(StepExecution manager) {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (manager.getStatus() != BatchStatus.COMPLETED) {
      explain(manager);
    }
    return null;
  }

  private static final java.util.regex.Pattern OUR_WORDS =
      java.util.regex.Pattern.compile(
          "(partition \\S+.*? failed by the manager: .*?committed chunk"
              + "|stopped at a chunk boundary: .*?resume it)");

  /**
   * The run's reason names the partitions that did not complete and why (their workers), instead of
   * Spring Batch's "Partition handler returned an unsuccessful step".
   */
  private void explain(StepExecution manager) {
    try {
      JobExecution job = jobRepository.getJobExecution(manager.getJobExecutionId());
      List<String> why = new java.util.ArrayList<>();
      for (StepExecution partition : job.getStepExecutions()) {
        if (!partition.getStepName().startsWith(manager.getStepName() + ":")
            || partition.getStatus() == BatchStatus.COMPLETED
            || partition.getStatus().isRunning()) {
          continue;
        }
        String description = partition.getExitStatus().getExitDescription();
        java.util.regex.Matcher ours = OUR_WORDS.matcher(description == null ? "" : description);
        why.add(
            ours.find()
                ? (ours.group().startsWith("partition ")
                    ? ours.group()
                    : "partition " + partition.getStepName() + " " + ours.group())
                : "partition " + partition.getStepName() + " " + partition.getStatus());
      }
      if (why.isEmpty()) {
        // The requests never reached the broker (it went away before the manager sent them).
        for (Throwable failure : manager.getFailureExceptions()) {
          for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.amqp.AmqpException) {
              Throwable root = t;
              while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
              }
              why.add(
                  "the partitions could not be sent to the broker "
                      + brokerForDisplay
                      + ": "
                      + root.getMessage()
                      + "; run the same command again once it is back");
              break;
            }
          }
          if (!why.isEmpty()) {
            manager.getFailureExceptions().clear();
            break;
          }
        }
      }
      if (!why.isEmpty()) {
        manager
            .getFailureExceptions()
            .removeIf(
                e ->
                    e instanceof org.springframework.batch.core.job.JobExecutionException
                        && String.valueOf(e.getMessage()).startsWith("Partition handler"));
        manager.addFailureException(new PartitionsNotCompletedException(String.join("; ", why)));
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not read why the partitions of {} did not complete: {}", manager, e.getMessage());
    }
  }

  /** Why a manager step's partitions did not all complete, for the run's summary. */
  public static final class PartitionsNotCompletedException extends IllegalStateException {
    PartitionsNotCompletedException(String message) {
      super(message);
    }
  }

  void check(StepExecution manager) {
    JobExecution job = jobRepository.getJobExecution(manager.getJobExecutionId());
    if (job == null) {
      return;
    }
    String prefix = manager.getStepName() + ":";
    long now = System.nanoTime();
    List<StepExecution> neverTaken = new java.util.ArrayList<>();
    for (StepExecution partition : job.getStepExecutions()) {
      if (!partition.getStepName().startsWith(prefix)) {
        continue;
      }
      BatchStatus status = partition.getStatus();
      if (status == BatchStatus.STARTING) {
        long since = waitingSince.computeIfAbsent(partition.getId(), id -> now);
        if (now - since > workerWait.toNanos()) {
          neverTaken.add(partition);
        }
      } else if (status.isRunning()) {
        heartbeat
            .holder(partition.getId())
            .filter(h -> h.ageSeconds() > workerTimeout.toSeconds())
            .ifPresent(
                h ->
                    fail(
                        partition.getId(),
                        "its worker "
                            + h.worker()
                            + " stopped beating "
                            + Math.round(h.ageSeconds())
                            + " s ago (worker timeout "
                            + workerTimeout.toSeconds()
                            + " s) and no other worker took it over"));
      }
    }
    if (!neverTaken.isEmpty()) {
      String problem = brokerProblem.get();
      if (problem != null) {
        for (StepExecution partition : neverTaken) {
          fail(
              partition.getId(),
              "no worker took it within " + workerWait.toSeconds() + " s: " + problem);
        }
      }
    }
  }

  private void fail(long stepExecutionId, String why) {
    StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
    if (partition == null || !partition.getStatus().isRunning()) {
      return;
    }
    String range =
        KeyRange.of(partition.getExecutionContext()).map(r -> " " + r.describe()).orElse("");
    String message =
        "partition "
            + partition.getStepName()
            + range
            + " failed by the manager: "
            + why
            + "; run the same command again to resume it from its last committed chunk";
    partition.setStatus(BatchStatus.FAILED);
    partition.setEndTime(LocalDateTime.now());
    partition.setExitStatus(ExitStatus.FAILED.addExitDescription(message));
    try {
      jobRepository.update(partition);
      log.error("{}", message);
    } catch (OptimisticLockingFailureException e) {
      // A worker saved the partition meanwhile: it is alive; look again at the next check.
      log.info("Partition {} was saved by its worker meanwhile; left to it", stepExecutionId);
    }
  }
}
