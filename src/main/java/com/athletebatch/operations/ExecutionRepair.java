package com.athletebatch.operations;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Repairs executions that a lost connection left UNKNOWN or half-recorded, so that they can be
 * restarted: steps left running or UNKNOWN and an UNKNOWN job are marked FAILED (from the
 * database's versions); executions whose thread ended here abnormally while the job repository
 * still reads them running are marked FAILED through Spring Batch's recover.
 */
final class ExecutionRepair {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;

  /**
   * Executions whose thread here ended abnormally while the job repository may still read them
   * running.
   */
  private final Set<Long> endedUnrecorded = ConcurrentHashMap.newKeySet();

  ExecutionRepair(JobOperator jobOperator, JobRepository jobRepository) {
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
  }

  /**
   * The same, for the whole JVM (job name#execution id): a later command in this JVM runs in a new
   * application context, whose {@link #endedUnrecorded} is empty (seen in DatabaseFaultTest, where
   * every retry of the failed run met a killed connection, so none could record the end).
   */
  private static final Set<String> ENDED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  /** The run's thread is over here, but Spring Batch may not have recorded its end. */
  void endedUnrecorded(String jobName, long executionId) {
    endedUnrecorded.add(executionId);
    ENDED_IN_THIS_JVM.add(jobName + '#' + executionId);
  }

  /**
   * Marks FAILED (Spring Batch's recover) an execution the job repository reads running whose
   * thread ended in this JVM unrecorded, when its heartbeat (in the same database) names this very
   * process: it is the same execution, and nothing runs it any more.
   *
   * @return whether it was recovered
   */
  boolean recoverIfEndedHere(String jobName, JobExecution running, Liveness liveness) {
    String key = jobName + '#' + running.getId();
    if (!ENDED_IN_THIS_JVM.contains(key)
        || liveness.state() != Liveness.State.DEAD
        || liveness.pid() == null
        || liveness.pid() != ProcessHandle.current().pid()) {
      return false;
    }
    log.info(
        "Execution {} ended in this JVM without recording its end (the database went away);"
            + " marking it FAILED to resume it",
        running.getId());
    jobOperator.recover(running);
    ENDED_IN_THIS_JVM.remove(key);
    return true;
  }

  /**
   * Marks FAILED (Spring Batch's recover) the executions whose thread ended here abnormally and
   * that the job repository still reads running, so that the next launch resumes them instead of
   * finding them "already running". Done under the launch lock, once the database answers again.
   */
  void recordEnded() {
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

  /**
   * One more try at {@link #recordEnded} when a command is about to report a failure, so that the
   * operator's rerun is not refused as "already running". Best effort: the database may still be
   * gone.
   *
   * @return the executions whose end is still not recorded (they read STARTED until recovered)
   */
  Set<Long> tryRecordEnded() {
    try {
      recordEnded();
    } catch (RuntimeException stillGone) {
      log.debug("Could not record the end of executions {}: {}", endedUnrecorded, stillGone);
    }
    return Set.copyOf(endedUnrecorded);
  }

  /**
   * The execution, with an UNKNOWN status or unfinished steps marked FAILED (from the database's
   * versions).
   */
  JobExecution repaired(JobExecution last) {
    JobExecution fresh = jobRepository.getJobExecution(last.getId());
    if (fresh == null) {
      return last;
    }
    LocalDateTime now = LocalDateTime.now();
    for (StepExecution step : fresh.getStepExecutions()) {
      if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
        log.info(
            "Step {} of execution {} was left {} by a lost connection; marking it FAILED to resume it",
            step.getStepName(),
            fresh.getId(),
            step.getStatus());
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(new ExitStatus("FAILED", step.getExitStatus().getExitDescription()));
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
      fresh.setExitStatus(new ExitStatus("FAILED", fresh.getExitStatus().getExitDescription()));
      if (fresh.getEndTime() == null) {
        fresh.setEndTime(now);
      }
      jobRepository.update(fresh);
    }
    return fresh;
  }
}
