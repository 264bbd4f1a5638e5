package com.athletebatch.operations;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DuplicateKeyException;

/**
 * Launches a job the way an operator expects from a backfill command, from named pieces:
 *
 * <ul>
 *   <li>{@link LaunchDecision}: if the job's latest run had the same selection and FAILED or was
 *       STOPPED, it is restarted and continues after its last committed chunk; otherwise a new job
 *       instance starts, numbered by the identifying {@value #RUN_ID};
 *   <li>{@link LaunchLock}: the check for a running execution and the creation of the new one
 *       happen under a lock per job name (one implementation per database), so that of many
 *       simultaneous launches exactly one goes ahead and the others see it running ({@link
 *       Launch.AlreadyRunning}). Without it, two launches could both restart one failed execution;
 *   <li>{@link TransientFailureRetry}: a run that fails with a transient database error is resumed
 *       from its last committed chunk, a few times, before the command reports the failure;
 *   <li>{@link ExecutionRepair}: executions left UNKNOWN or half-recorded by a lost connection are
 *       marked FAILED so that they can resume;
 *   <li>{@link RunStartSignal}: the lock is held until the job's listener says the run has begun.
 * </ul>
 */
public class JobRunner {

  public static final String RUN_ID = "run.id";

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final Heartbeat heartbeat;
  private final LiveJobExecutions liveJobExecutions;
  private final LaunchLock.Provider launchLock;
  private final TransientFailureRetry retry;
  private final ExecutionRepair repair;
  private final LaunchDecision decision;
  private final RunStartSignal started;

  JobRunner(
      JobOperator jobOperator,
      JobRepository jobRepository,
      Heartbeat heartbeat,
      LiveJobExecutions liveJobExecutions,
      RunStartSignal started,
      LaunchLock.Provider launchLock,
      int maxRetries,
      Duration backoff) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
    this.liveJobExecutions = liveJobExecutions;
    this.started = started;
    this.launchLock = launchLock;
    this.retry = new TransientFailureRetry(maxRetries, backoff);
    this.repair = new ExecutionRepair(jobOperator, jobRepository);
    this.decision = new LaunchDecision(jobRepository, repair);
  }

  /** What happened to a launch. */
  public sealed interface Launch {
    record Ran(JobExecution execution, boolean resumed) implements Launch {}

    /**
     * With the liveness of the running execution's JVM: a stale one was probably left by a crash.
     */
    record AlreadyRunning(long executionId, Liveness liveness) implements Launch {}
  }

  public Launch launch(Job job, JobParametersBuilder selection) throws Exception {
    return launch(job, selection, null);
  }

  /**
   * @param exclusiveBy the parameter whose value makes two runs conflict (e.g. {@code source}), or
   *     null when any two runs of the job conflict
   */
  public Launch launch(Job job, JobParametersBuilder selection, String exclusiveBy)
      throws Exception {
    return reportingUnrecordedEnds(
        () -> retry.run(job, () -> launchOnce(job, selection, exclusiveBy)));
  }

  /**
   * A launch that fails for good after its run could not record its end (the database went away)
   * leaves that execution STARTED in the job repository, and the operator's rerun would be refused
   * as "already running". One last try records the end; if the database is still gone, the failure
   * names the executions to recover.
   */
  private Launch reportingUnrecordedEnds(TransientFailureRetry.Attempt launch) throws Exception {
    try {
      return launch.launch();
    } catch (Exception e) {
      Set<Long> unrecorded = repair.tryRecordEnded();
      if (unrecorded.isEmpty()) {
        throw e;
      }
      throw new RunEndNotRecordedException(unrecorded, e);
    }
  }

  private Launch launchOnce(Job job, JobParametersBuilder selection, String exclusiveBy)
      throws Exception {
    Attempt run;
    boolean resumed;
    try (LaunchLock lock = launchLock.acquire(job.getName())) {
      repair.recordEnded();
      JobParameters wanted = selection.toJobParameters();
      Launch.AlreadyRunning conflict = runningConflict(job.getName(), wanted, exclusiveBy);
      if (conflict != null) {
        return conflict;
      }
      LaunchDecision.Decision next = decision.decide(job.getName(), wanted);
      JobExecution restart = next.restart();
      resumed = restart != null;
      if (resumed) {
        log.info(
            "Resuming {} execution {} ({}), which has the same selection",
            job.getName(),
            restart.getId(),
            restart.getStatus());
      }
      run =
          runUntilStarted(
              job.getName(),
              () ->
                  restart != null
                      ? jobOperator.restart(restart)
                      : jobOperator.start(job, next.parameters()));
    }
    return outcome(job.getName(), run, resumed);
  }

  /**
   * Restarts a FAILED or STOPPED execution (checked by {@link JobControl#checkRestartable}), unless
   * a conflicting run of its job is going: runs never overlap.
   */
  public Launch restart(JobExecution execution, String exclusiveBy) throws Exception {
    return reportingUnrecordedEnds(() -> restartOnce(execution, exclusiveBy));
  }

  private Launch restartOnce(JobExecution execution, String exclusiveBy) throws Exception {
    String jobName = execution.getJobInstance().getJobName();
    Attempt run;
    try (LaunchLock lock = launchLock.acquire(jobName)) {
      repair.recordEnded();
      Launch.AlreadyRunning conflict =
          runningConflict(jobName, execution.getJobParameters(), exclusiveBy);
      if (conflict != null) {
        return conflict;
      }
      log.info(
          "Restarting {} execution {} ({})", jobName, execution.getId(), execution.getStatus());
      JobExecution target = repair.repaired(execution);
      run = runUntilStarted(jobName, () -> jobOperator.restart(target));
    }
    return outcome(jobName, run, true);
  }

  private interface Start {
    JobExecution run() throws Exception;
  }

  /**
   * Runs the job synchronously in its own thread and returns once the job's listener says it has
   * begun (or the run is over), so that the caller can let the launch lock go while it runs.
   */
  private Attempt runUntilStarted(String jobName, Start start) throws Exception {
    Set<Long> before = runningIds(jobName);
    CompletableFuture<Long> begun = new CompletableFuture<>();
    CompletableFuture<JobExecution> run =
        CompletableFuture.supplyAsync(
            () -> {
              started.expectInThisThread().whenComplete((id, e) -> begun.complete(id));
              try {
                return start.run();
              } catch (Exception e) {
                throw new CompletionException(e);
              } finally {
                started.forgetThisThread();
                begun.complete(null);
              }
            },
            task -> new Thread(task, jobName + "-run").start());
    Long id = begun.get();
    return new Attempt(run, id, before);
  }

  /**
   * A run under way, the execution it began (null when it ended before its job began), and the
   * executions running before it.
   */
  private record Attempt(CompletableFuture<JobExecution> run, Long begun, Set<Long> before) {}

  /**
   * Partitions that worker processes ran (issue 13) are, in this JVM, the copies the manager
   * created: their outcome, and the worker each recorded in its context, are in the job repository.
   * Every step is read again, since a copy may look ended while its context is stale.
   */
  private JobExecution withRemotePartitions(JobExecution execution) {
    for (StepExecution step : execution.getStepExecutions()) {
      StepExecution fresh;
      try {
        fresh = jobRepository.getStepExecution(execution.getId(), step.getId());
      } catch (RuntimeException databaseGone) {
        // e.g. the run failed because the database went away: the summary shows what this JVM saw
        return execution;
      }
      if (fresh != null
          && (fresh.getVersion() == null
              || step.getVersion() == null
              || fresh.getVersion() >= step.getVersion())) {
        step.setStatus(fresh.getStatus());
        step.setExitStatus(fresh.getExitStatus());
        step.setReadCount(fresh.getReadCount());
        step.setWriteCount(fresh.getWriteCount());
        step.setFilterCount(fresh.getFilterCount());
        step.setCommitCount(fresh.getCommitCount());
        step.setRollbackCount(fresh.getRollbackCount());
        step.setReadSkipCount(fresh.getReadSkipCount());
        step.setProcessSkipCount(fresh.getProcessSkipCount());
        step.setWriteSkipCount(fresh.getWriteSkipCount());
        step.setStartTime(fresh.getStartTime());
        step.setEndTime(fresh.getEndTime());
        step.setExecutionContext(fresh.getExecutionContext());
      }
    }
    return execution;
  }

  private Launch outcome(String jobName, Attempt attempt, boolean resumed) throws Exception {
    try {
      return new Launch.Ran(withRemotePartitions(attempt.run().get()), resumed);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JobRestartException
          && cause.getCause() instanceof JobExecutionAlreadyRunningException) {
        cause = cause.getCause();
      }
      if (cause instanceof JobExecutionAlreadyRunningException
          || cause instanceof DuplicateKeyException) {
        // a launch that does not go through this runner created it first
        JobExecution running =
            jobRepository.findRunningJobExecutions(jobName).stream().findFirst().orElse(null);
        return alreadyRunning(running == null ? -1 : running.getId());
      }
      // The run's thread is over, but Spring Batch could not record its end (the database went
      // away): it no longer runs here, whatever the job repository says.
      for (long id : createdBy(jobName, attempt)) {
        heartbeat.ended(id);
        liveJobExecutions.ended(id);
        repair.endedUnrecorded(jobName, id);
      }
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  /**
   * The execution the failed run created: the one its listener reported, else (it failed before its
   * job began) any execution the repository reads running that was not running before.
   */
  private Set<Long> createdBy(String jobName, Attempt attempt) {
    if (attempt.begun() != null) {
      return Set.of(attempt.begun());
    }
    try {
      Set<Long> created = runningIds(jobName);
      created.removeAll(attempt.before());
      return created;
    } catch (RuntimeException unreachable) {
      return Set.of();
    }
  }

  private Launch.AlreadyRunning runningConflict(
      String jobName, JobParameters wanted, String exclusiveBy) {
    for (JobExecution running : jobRepository.findRunningJobExecutions(jobName)) {
      if (exclusiveBy == null
          || Objects.equals(
              running.getJobParameters().getString(exclusiveBy), wanted.getString(exclusiveBy))) {
        Liveness liveness = heartbeat.liveness(running.getId());
        if (repair.recoverIfEndedHere(jobName, running, liveness)) {
          continue;
        }
        return new Launch.AlreadyRunning(running.getId(), liveness);
      }
    }
    return null;
  }

  private Launch.AlreadyRunning alreadyRunning(long executionId) {
    return new Launch.AlreadyRunning(
        executionId, executionId < 0 ? null : heartbeat.liveness(executionId));
  }

  private Set<Long> runningIds(String jobName) {
    Set<Long> ids = new HashSet<>();
    jobRepository.findRunningJobExecutions(jobName).forEach(e -> ids.add(e.getId()));
    return ids;
  }
}
