package com.athletebatch.operations;

import com.athletebatch.step.ProgressLine;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The operator's controls over recorded executions: find, check for restart, stop, abandon and
 * recover. Each refusal says why and what to do instead; the command maps its kind to an exit code.
 */
public class JobControl {

  private static final Logger log = LoggerFactory.getLogger(JobControl.class);

  /** Why a control was refused. */
  public enum Refusal {
    /** No execution with that id (or none of the job to restart). */
    NOT_FOUND,
    /** The execution's state does not allow it. */
    NOT_ALLOWED,
    /** It, or another run of its job, is still going. */
    RUNNING
  }

  public static final class RefusedException extends RuntimeException {
    private final Refusal refusal;

    public RefusedException(Refusal refusal, String message) {
      super(message);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /** A recovered execution, and the warning printed when --force overrode its heartbeat. */
  public record Recovered(JobExecution execution, Liveness liveness, String warning) {}

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final Heartbeat heartbeat;

  public JobControl(JobOperator jobOperator, JobRepository jobRepository, Heartbeat heartbeat) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
  }

  public JobExecution find(long executionId) {
    JobExecution execution;
    try {
      execution = jobRepository.getJobExecution(executionId);
    } catch (EmptyResultDataAccessException e) {
      execution = null;
    }
    if (execution == null) {
      throw new RefusedException(
          Refusal.NOT_FOUND,
          "no such execution: " + executionId + " (jobs/athlete-batch executions lists them)");
    }
    return execution;
  }

  /** The latest FAILED or STOPPED execution of the job, checked for restart. */
  public JobExecution latestRestartable(String jobName) {
    for (JobInstance instance : jobRepository.getJobInstances(jobName, 0, 50)) {
      JobExecution last = jobRepository.getLastJobExecution(instance);
      if (last != null && restartable(last.getStatus())) {
        return checkRestartable(find(last.getId()));
      }
    }
    throw new RefusedException(
        Refusal.NOT_FOUND,
        "no FAILED or STOPPED execution of "
            + jobName
            + " to restart (jobs/athlete-batch executions --job "
            + jobName
            + " lists them)");
  }

  /** Refuses unless the execution is the latest of its instance and FAILED or STOPPED. */
  public JobExecution checkRestartable(JobExecution execution) {
    BatchStatus status = execution.getStatus();
    long id = execution.getId();
    if (status.isRunning()) {
      throw new RefusedException(
          Refusal.RUNNING,
          "execution "
              + id
              + " is "
              + status
              + ": "
              + heartbeat.liveness(id).describe()
              + ". "
              + runningAdvice(id));
    }
    if (!restartable(status)) {
      String why =
          switch (status) {
            case COMPLETED ->
                "it completed; a new run is started with jobs/athlete-batch run "
                    + execution.getJobInstance().getJobName()
                    + " …";
            case ABANDONED -> "it was abandoned; abandoned executions are never restarted";
            default -> "only FAILED or STOPPED executions can be restarted";
          };
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution " + id + " is " + status + " and cannot be restarted: " + why);
    }
    JobExecution latest = jobRepository.getLastJobExecution(execution.getJobInstance());
    if (latest != null && latest.getId() != id) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution "
              + id
              + " was already restarted: the latest"
              + " execution of its instance is "
              + latest.getId()
              + " ("
              + latest.getStatus()
              + ")");
    }
    return execution;
  }

  /**
   * Asks a running execution to stop. Only the job execution's status is set to STOPPING in the
   * repository: the JVM running it, this one or another, reads that status when it commits its
   * current chunk and then ends the step and the job STOPPED, restartable from that chunk.
   */
  public JobExecution stop(long executionId) {
    JobExecution execution = find(executionId);
    BatchStatus status = execution.getStatus();
    if (status == BatchStatus.STOPPING) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution "
              + executionId
              + " is already STOPPING: it stops after its current chunk. "
              + "If its JVM is gone, jobs/athlete-batch recover "
              + executionId);
    }
    if (status != BatchStatus.STARTED && status != BatchStatus.STARTING) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution " + executionId + " is " + status + ", not running: nothing to stop");
    }
    Liveness liveness = heartbeat.liveness(executionId);
    if (liveness.gone()) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution "
              + executionId
              + " is "
              + status
              + " but "
              + liveness.describe()
              + ": nothing would stop it. Run jobs/athlete-batch recover "
              + executionId
              + " to mark it FAILED, then restart it");
    }
    try {
      // Without its step executions: JobOperator.stop would otherwise rewrite the running step's
      // row and context from this process's stale copy, racing the running JVM's chunk commits.
      jobOperator.stop(withoutSteps(execution));
    } catch (JobExecutionNotRunningException e) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED, "execution " + executionId + " is not running: " + e.getMessage());
    } catch (OptimisticLockingFailureException e) {
      throw new IllegalStateException(
          "execution " + executionId + " changed while stopping it; " + "run the command again", e);
    }
    return execution;
  }

  public JobExecution abandon(long executionId) {
    JobExecution execution = find(executionId);
    BatchStatus status = execution.getStatus();
    if (status.isRunning()) {
      throw new RefusedException(
          Refusal.RUNNING,
          "execution "
              + executionId
              + " is "
              + status
              + " and cannot be abandoned. "
              + runningAdvice(executionId));
    }
    if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution " + executionId + " is " + status + ": nothing to abandon");
    }
    try {
      return jobOperator.abandon(execution);
    } catch (JobExecutionAlreadyRunningException e) {
      throw new RefusedException(Refusal.RUNNING, e.getMessage());
    }
  }

  /**
   * Marks FAILED an execution left STARTED (or STOPPING) by a JVM that is gone, with
   * JobOperator.recover, so that it can be restarted. Refused while the execution runs in this JVM,
   * and while its heartbeat is fresh or missing unless {@code force}.
   */
  public Recovered recover(long executionId, Duration staleAfter, boolean force) {
    JobExecution execution = find(executionId);
    BatchStatus status = execution.getStatus();
    if (!status.isRunning()) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution "
              + executionId
              + " is "
              + status
              + ", not left running: nothing to recover"
              + (restartable(status)
                  ? " (jobs/athlete-batch restart " + executionId + " resumes it)"
                  : ""));
    }
    Liveness liveness = heartbeat.liveness(executionId, staleAfter);
    String warning = null;
    if (liveness.state() == Liveness.State.THIS_JVM) {
      throw new RefusedException(
          Refusal.RUNNING, "execution " + executionId + " is running in this JVM");
    }
    if (!liveness.gone()) {
      String why = "execution " + executionId + " may still be running: " + liveness.describe();
      if (!force) {
        throw new RefusedException(
            Refusal.RUNNING,
            why
                + ". It can be recovered once its heartbeat is "
                + "older than "
                + ProgressLine.format(staleAfter)
                + " (--stale-after), or at once when its "
                + "process is gone from the recorded host; --force overrides this check");
      }
      warning =
          "warning: "
              + why
              + "; recovering anyway (--force). If it is in fact running, it will "
              + "fail at its next commit, and a restart now would run alongside it.";
    }
    JobExecution recovered = jobOperator.recover(execution);
    recovered.setExitStatus(
        ExitStatus.FAILED.addExitDescription(
            "Recovered by jobs/athlete-batch recover: " + liveness.describe()));
    jobRepository.update(recovered);
    log.info("Recovered execution {} ({}): now FAILED", executionId, liveness.describe());
    return new Recovered(recovered, liveness, warning);
  }

  public Liveness liveness(long executionId) {
    return heartbeat.liveness(executionId);
  }

  public static boolean restartable(BatchStatus status) {
    return status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
  }

  private String runningAdvice(long id) {
    Liveness liveness = heartbeat.liveness(id);
    if (liveness.gone()) {
      return "Its JVM seems gone: run jobs/athlete-batch recover " + id + ", then restart it";
    }
    return "Stop it with jobs/athlete-batch stop " + id + " (it stops after its current chunk)";
  }

  /** A copy of the execution's own fields, without its step executions. */
  static JobExecution withoutSteps(JobExecution source) {
    JobExecution copy =
        new JobExecution(source.getId(), source.getJobInstance(), source.getJobParameters());
    copy.setStatus(source.getStatus());
    copy.setExitStatus(source.getExitStatus());
    copy.setStartTime(source.getStartTime());
    copy.setEndTime(source.getEndTime());
    copy.setCreateTime(source.getCreateTime());
    copy.setLastUpdated(source.getLastUpdated());
    copy.setExecutionContext(source.getExecutionContext());
    copy.setVersion(source.getVersion());
    return copy;
  }
}
