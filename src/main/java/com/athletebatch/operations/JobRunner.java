package com.athletebatch.operations;

import java.util.HashSet;
import java.util.Set;

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
 * <ul>
 * <li>if the job's latest run had the same selection and FAILED or was STOPPED, it is restarted and
 * continues after its last committed chunk;</li>
 * <li>if a run of the job is still going, nothing starts;</li>
 * <li>otherwise a new job instance starts, numbered by the identifying {@value #RUN_ID}.</li>
 * </ul>
 */
public class JobRunner {

    public static final String RUN_ID = "run.id";

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Heartbeat heartbeat;

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, Heartbeat heartbeat) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.heartbeat = heartbeat;
    }

    /** What happened to a launch. */
    public sealed interface Launch {
        record Ran(JobExecution execution, boolean resumed) implements Launch {
        }

        /** With the liveness of the running execution's JVM: a stale one was probably left by a crash. */
        record AlreadyRunning(long executionId, Liveness liveness) implements Launch {
        }
    }

    public Launch launch(Job job, JobParametersBuilder selection) throws Exception {
        return launch(job, selection, null);
    }

    /**
     * @param exclusiveBy the parameter whose value makes two runs conflict (e.g. {@code source}),
     *                    or null when any two runs of the job conflict
     */
    public Launch launch(Job job, JobParametersBuilder selection, String exclusiveBy) throws Exception {
        JobParameters wanted = selection.toJobParameters();
        Launch.AlreadyRunning conflict = runningConflict(job.getName(), wanted, exclusiveBy);
        if (conflict != null) {
            return conflict;
        }
        JobInstance lastInstance = jobRepository.getLastJobInstance(job.getName());
        long nextRunId = 1;
        if (lastInstance != null) {
            JobExecution last = jobRepository.getLastJobExecution(lastInstance);
            if (last != null) {
                if ((last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)
                        && sameSelection(last.getJobParameters(), wanted)) {
                    log.info("Resuming {} execution {} ({}), which has the same selection",
                            job.getName(), last.getId(), last.getStatus());
                    return new Launch.Ran(jobOperator.restart(last), true);
                }
                Long lastRunId = last.getJobParameters().getLong(RUN_ID);
                nextRunId = (lastRunId == null ? jobRepository.getJobInstanceCount(job.getName()) : lastRunId) + 1;
            }
        }
        JobParameters parameters = new JobParametersBuilder(wanted).addLong(RUN_ID, nextRunId, true)
                .toJobParameters();
        try {
            return new Launch.Ran(jobOperator.start(job, parameters), false);
        } catch (JobExecutionAlreadyRunningException | DuplicateKeyException e) {
            // A concurrent launch created the same instance first.
            JobExecution running = jobRepository.getLastJobExecution(job.getName(), parameters);
            return alreadyRunning(running == null ? -1 : running.getId());
        }
    }

    /**
     * Restarts a FAILED or STOPPED execution (checked by {@link JobControl#checkRestartable}),
     * unless a conflicting run of its job is going: runs never overlap.
     */
    public Launch restart(JobExecution execution, String exclusiveBy) throws Exception {
        Launch.AlreadyRunning conflict = runningConflict(execution.getJobInstance().getJobName(),
                execution.getJobParameters(), exclusiveBy);
        if (conflict != null) {
            return conflict;
        }
        log.info("Restarting {} execution {} ({})", execution.getJobInstance().getJobName(), execution.getId(),
                execution.getStatus());
        try {
            return new Launch.Ran(jobOperator.restart(execution), true);
        } catch (org.springframework.batch.core.launch.JobRestartException e) {
            if (e.getCause() instanceof JobExecutionAlreadyRunningException) {
                // A concurrent restart of the same execution came first.
                JobExecution running = jobRepository.getLastJobExecution(execution.getJobInstance());
                return alreadyRunning(running == null ? -1 : running.getId());
            }
            throw e;
        }
    }

    private Launch.AlreadyRunning runningConflict(String jobName, JobParameters wanted, String exclusiveBy) {
        for (JobExecution running : jobRepository.findRunningJobExecutions(jobName)) {
            if (exclusiveBy == null || java.util.Objects.equals(running.getJobParameters().getString(exclusiveBy),
                    wanted.getString(exclusiveBy))) {
                return alreadyRunning(running.getId());
            }
        }
        return null;
    }

    private Launch.AlreadyRunning alreadyRunning(long executionId) {
        return new Launch.AlreadyRunning(executionId, executionId < 0 ? null : heartbeat.liveness(executionId));
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
}
