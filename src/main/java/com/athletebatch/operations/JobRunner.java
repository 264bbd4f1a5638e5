package com.athletebatch.operations;

import com.athletebatch.database.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * Launches a job the way an operator expects from a backfill command:
 *
 * <ul>
 *   <li>if the job's latest run had the same selection and FAILED or was STOPPED, it is restarted
 *       and continues after its last committed chunk;
 *   <li>if a run of the job is still going, nothing starts;
 *   <li>otherwise a new job instance starts, numbered by the identifying {@value #RUN_ID}.
 * </ul>
 *
 * <p><b>Concurrent launches.</b> The check and the creation of the execution happen under a lock
 * per job name (a PostgreSQL advisory lock, held only until the new execution is in the job
 * repository; a JVM lock on H2), so that of many simultaneous launches exactly one goes ahead and
 * the others see it running. Without it, two launches could both restart one failed execution.
 *
 * <p><b>Transient database errors.</b> A run that fails with a serialization failure, a deadlock, a
 * lock timeout or a lost connection is restarted from its last committed chunk, up to {@code
 * maxRetries} times with a doubling back-off, before the command reports the failure. (Spring
 * Batch's own step retry re-runs the writer inside the same transaction, which PostgreSQL has
 * already aborted, and cannot survive a lost connection; restarting the execution can.)
 */
public class JobRunner {

  public static final String RUN_ID = "run.id";

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** H2 is embedded: one JVM's launches are serialised by this lock. */
  private static final ReentrantLock H2_LAUNCH_LOCK = new ReentrantLock();

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final DataSource dataSource;
  private final Dialect dialect;
  private final int maxRetries;
  private final Duration backoff;
  private final Heartbeat heartbeat;
  private final LiveJobExecutions liveJobExecutions;

  /**
   * Executions whose thread here ended abnormally while the job repository may still read them
   * running.
   */
  private final Set<Long> endedUnrecorded = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public JobRunner(
      JobOperator jobOperator,
      JobRepository jobRepository,
      Heartbeat heartbeat,
      LiveJobExecutions liveJobExecutions,
      DataSource dataSource,
      Dialect dialect,
      int maxRetries,
      Duration backoff) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
    this.liveJobExecutions = liveJobExecutions;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
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
    for (int retry = 0; ; retry++) {
      Launch launch;
      try {
        launch = launchOnce(job, selection, exclusiveBy);
      } catch (Exception e) {
        if (retry >= maxRetries || !DatabaseFailures.isTransient(e)) {
          throw e;
        }
        pause(job, "could not be launched", e.getMessage(), retry);
        continue;
      }
      if (!(launch instanceof Launch.Ran ran)
          || !resumable(ran.execution().getStatus())
          || retry >= maxRetries
          || !DatabaseFailures.isTransient(ran.execution())) {
        return launch;
      }
      pause(
          job,
          "execution " + ran.execution().getId() + " failed",
          ran.execution().getExitStatus().getExitDescription(),
          retry);
    }
  }

  private void pause(Job job, String what, String cause, int retry) throws InterruptedException {
    Duration wait = backoff.multipliedBy(1L << Math.min(retry, 10));
    String firstLine = cause == null ? "" : cause.lines().findFirst().orElse("");
    log.warn(
        "{} {} with a transient database error ({}); retrying from the last committed chunk in {} ms"
            + " (retry {} of {})",
        job.getName(),
        what,
        com.athletebatch.database.DatabaseUrl.mask(firstLine),
        wait.toMillis(),
        retry + 1,
        maxRetries);
    Thread.sleep(wait.toMillis());
  }

  private Launch launchOnce(Job job, JobParametersBuilder selection, String exclusiveBy)
      throws Exception {
    Attempt run;
    boolean resumed;
    try (LaunchLock lock = LaunchLock.acquire(dataSource, dialect, job.getName())) {
      recordEnded();
      JobParameters wanted = selection.toJobParameters();
      Launch.AlreadyRunning conflict = runningConflict(job.getName(), wanted, exclusiveBy);
      if (conflict != null) {
        return conflict;
      }
      JobInstance lastInstance = jobRepository.getLastJobInstance(job.getName());
      long nextRunId = 1;
      JobExecution toRestart = null;
      if (lastInstance != null) {
        JobExecution last = jobRepository.getLastJobExecution(lastInstance);
        if (last != null) {
          if (resumable(last.getStatus()) && sameSelection(last.getJobParameters(), wanted)) {
            toRestart = repaired(last);
          } else {
            Long lastRunId = last.getJobParameters().getLong(RUN_ID);
            nextRunId =
                (lastRunId == null ? jobRepository.getJobInstanceCount(job.getName()) : lastRunId)
                    + 1;
          }
        }
      }
      resumed = toRestart != null;
      if (resumed) {
        log.info(
            "Resuming {} execution {} ({}), which has the same selection",
            job.getName(),
            toRestart.getId(),
            toRestart.getStatus());
      }
      JobExecution restart = toRestart;
      JobParameters parameters =
          new JobParametersBuilder(wanted).addLong(RUN_ID, nextRunId, true).toJobParameters();
      run =
          runUntilRecorded(
              job.getName(),
              () ->
                  restart != null
                      ? jobOperator.restart(restart)
                      : jobOperator.start(job, parameters));
    }
    return outcome(job.getName(), run, resumed);
  }

  /**
   * Restarts a FAILED or STOPPED execution (checked by {@link JobControl#checkRestartable}), unless
   * a conflicting run of its job is going: runs never overlap.
   */
  public Launch restart(JobExecution execution, String exclusiveBy) throws Exception {
    String jobName = execution.getJobInstance().getJobName();
    Attempt run;
    try (LaunchLock lock = LaunchLock.acquire(dataSource, dialect, jobName)) {
      recordEnded();
      Launch.AlreadyRunning conflict =
          runningConflict(jobName, execution.getJobParameters(), exclusiveBy);
      if (conflict != null) {
        return conflict;
      }
      log.info(
          "Restarting {} execution {} ({})", jobName, execution.getId(), execution.getStatus());
      JobExecution target = repaired(execution);
      run = runUntilRecorded(jobName, () -> jobOperator.restart(target));
    }
    return outcome(jobName, run, true);
  }

  private interface Start {
    JobExecution run() throws Exception;
  }

  /**
   * Runs the job synchronously in its own thread and returns once its execution is in the job
   * repository (or the run is over), so that the caller can let the launch lock go while it runs.
   */
  private Attempt runUntilRecorded(String jobName, Start start) throws InterruptedException {
    Set<Long> before = runningIds(jobName);
    CompletableFuture<JobExecution> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return start.run();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            task -> new Thread(task, jobName + "-run").start());
    Set<Long> created = Set.of();
    while (!run.isDone() && created.isEmpty()) {
      Thread.sleep(10);
      created = runningIds(jobName);
      created.removeAll(before);
    }
    return new Attempt(run, created);
  }

  /** A run under way, and the execution it created (empty when it ended before one was seen). */
  private record Attempt(CompletableFuture<JobExecution> run, Set<Long> created) {}

  private Launch outcome(String jobName, Attempt attempt, boolean resumed) throws Exception {
    try {
      return new Launch.Ran(attempt.run().get(), resumed);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.springframework.batch.core.launch.JobRestartException
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
      for (long id : attempt.created()) {
        heartbeat.ended(id);
        liveJobExecutions.ended(id);
        endedUnrecorded.add(id);
      }
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  /**
   * Marks FAILED (Spring Batch's recover) the executions whose thread ended here abnormally and
   * that the job repository still reads running, so that the next launch resumes them instead of
   * finding them "already running". Done under the launch lock, once the database answers again.
   */
  private void recordEnded() {
    for (Long id : List.copyOf(endedUnrecorded)) {
      JobExecution execution = jobRepository.getJobExecution(id);
      if (execution != null && execution.isRunning()) {
        log.info(
            "Execution {} ended in this JVM without recording its end (the database went away);"
                + " marking it FAILED to resume it",
            id);
        jobOperator.recover(execution);
      }
      endedUnrecorded.remove(id);
    }
  }

  private Launch.AlreadyRunning runningConflict(
      String jobName, JobParameters wanted, String exclusiveBy) {
    for (JobExecution running : jobRepository.findRunningJobExecutions(jobName)) {
      if (exclusiveBy == null
          || Objects.equals(
              running.getJobParameters().getString(exclusiveBy), wanted.getString(exclusiveBy))) {
        return alreadyRunning(running.getId());
      }
    }
    return null;
  }

  private Launch.AlreadyRunning alreadyRunning(long executionId) {
    return new Launch.AlreadyRunning(
        executionId, executionId < 0 ? null : heartbeat.liveness(executionId));
  }

  /**
   * UNKNOWN is what Spring Batch records when a chunk's commit failed with the connection (its
   * in-memory step version is then ahead of the database's); and when the connection died at the
   * end of a step, the step may still read STARTED under a FAILED job. For these jobs a chunk's
   * rows, reader position and counters commit in one transaction, so the job repository holds
   * exactly what was committed and such an execution resumes safely.
   */
  private static boolean resumable(BatchStatus status) {
    return status == BatchStatus.FAILED
        || status == BatchStatus.STOPPED
        || status == BatchStatus.UNKNOWN;
  }

  /**
   * The execution, with an UNKNOWN status or unfinished steps marked FAILED (from the database's
   * versions).
   */
  private JobExecution repaired(JobExecution last) {
    JobExecution fresh = jobRepository.getJobExecution(last.getId());
    if (fresh == null) {
      return last;
    }
    java.time.LocalDateTime now = java.time.LocalDateTime.now();
    for (org.springframework.batch.core.step.StepExecution step : fresh.getStepExecutions()) {
      if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
        log.info(
            "Step {} of execution {} was left {} by a lost connection; marking it FAILED to resume it",
            step.getStepName(),
            fresh.getId(),
            step.getStatus());
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(
            new org.springframework.batch.core.ExitStatus(
                "FAILED", step.getExitStatus().getExitDescription()));
        if (step.getEndTime() == null) {
          step.setEndTime(now);
        }
        jobRepository.update(step);
      }
    }
    if (fresh.getStatus() == BatchStatus.UNKNOWN) {
      log.info(
          "Execution {} ended UNKNOWN (a commit lost the connection); marking it FAILED to resume it",
          fresh.getId());
      fresh.setStatus(BatchStatus.FAILED);
      fresh.setExitStatus(
          new org.springframework.batch.core.ExitStatus(
              "FAILED", fresh.getExitStatus().getExitDescription()));
      if (fresh.getEndTime() == null) {
        fresh.setEndTime(now);
      }
      jobRepository.update(fresh);
    }
    return fresh;
  }

  private Set<Long> runningIds(String jobName) {
    Set<Long> ids = new HashSet<>();
    jobRepository.findRunningJobExecutions(jobName).forEach(e -> ids.add(e.getId()));
    return ids;
  }

  /** Same identifying parameters, leaving out the run number. */
  static boolean sameSelection(JobParameters a, JobParameters b) {
    return identifyingWithoutRunId(a).equals(identifyingWithoutRunId(b));
  }

  private static Set<JobParameter<?>> identifyingWithoutRunId(JobParameters parameters) {
    Set<JobParameter<?>> result = new HashSet<>(parameters.getIdentifyingParameters());
    result.removeIf(p -> p.name().equals(RUN_ID));
    return result;
  }

  /** The launch lock of one job name; released on close (or when the connection dies). */
  private static final class LaunchLock implements AutoCloseable {
    private final Connection connection;
    private final long key;

    private LaunchLock(Connection connection, long key) {
      this.connection = connection;
      this.key = key;
    }

    static LaunchLock acquire(DataSource dataSource, Dialect dialect, String jobName)
        throws SQLException {
      if (dialect != Dialect.POSTGRESQL) {
        H2_LAUNCH_LOCK.lock();
        return new LaunchLock(null, 0);
      }
      long key = ("athlete-batch:launch:" + jobName).hashCode();
      Connection connection = dataSource.getConnection();
      try (PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
        st.setLong(1, key);
        st.execute();
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
      return new LaunchLock(connection, key);
    }

    @Override
    public void close() throws SQLException {
      if (connection == null) {
        H2_LAUNCH_LOCK.unlock();
        return;
      }
      try (Connection c = connection;
          PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        st.setLong(1, key);
        st.execute();
      }
    }
  }
}
