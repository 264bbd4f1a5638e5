package com.athletebatch.operations;

import java.util.HashSet;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.NoSuchJobException;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Restart or new instance: when the job's latest run had the same selection and FAILED, was STOPPED
 * or ended UNKNOWN, it is restarted (after {@link ExecutionRepair}); otherwise a new instance
 * starts, numbered by the identifying {@value JobRunner#RUN_ID}. Called under the launch lock.
 */
final class LaunchDecision {

  /**
   * What to launch.
   *
   * @param restart the execution to restart, or null for a new instance
   * @param parameters the new instance's parameters (with the next run number)
   */
  record Decision(JobExecution restart, JobParameters parameters) {}

  private final JobRepository jobRepository;
  private final ExecutionRepair repair;

  LaunchDecision(JobRepository jobRepository, ExecutionRepair repair) {
    this.jobRepository = jobRepository;
    this.repair = repair;
  }

  Decision decide(String jobName, JobParameters wanted) throws NoSuchJobException {
    JobInstance lastInstance = jobRepository.getLastJobInstance(jobName);
    long nextRunId = 1;
    JobExecution toRestart = null;
    if (lastInstance != null) {
      JobExecution last = jobRepository.getLastJobExecution(lastInstance);
      if (last != null) {
        if (resumable(last.getStatus()) && sameSelection(last.getJobParameters(), wanted)) {
          toRestart = repair.repaired(last);
        } else {
          Long lastRunId = last.getJobParameters().getLong(JobRunner.RUN_ID);
          nextRunId =
              (lastRunId == null ? jobRepository.getJobInstanceCount(jobName) : lastRunId) + 1;
        }
      }
    }
    return new Decision(
        toRestart,
        new JobParametersBuilder(wanted)
            .addLong(JobRunner.RUN_ID, nextRunId, true)
            .toJobParameters());
  }

  /**
   * UNKNOWN is what Spring Batch records when a chunk's commit failed with the connection (its
   * in-memory step version is then ahead of the database's); and when the connection died at the
   * end of a step, the step may still read STARTED under a FAILED job. For these jobs a chunk's
   * rows, reader position and counters commit in one transaction, so the job repository holds
   * exactly what was committed and such an execution resumes safely.
   */
  static boolean resumable(BatchStatus status) {
    return status == BatchStatus.FAILED
        || status == BatchStatus.STOPPED
        || status == BatchStatus.UNKNOWN;
  }

  /** Same identifying parameters, leaving out the run number. */
  static boolean sameSelection(JobParameters a, JobParameters b) {
    return identifyingWithoutRunId(a).equals(identifyingWithoutRunId(b));
  }

  private static Set<JobParameter<?>> identifyingWithoutRunId(JobParameters parameters) {
    Set<JobParameter<?>> result = new HashSet<>(parameters.getIdentifyingParameters());
    result.removeIf(p -> p.name().equals(JobRunner.RUN_ID));
    return result;
  }
}
