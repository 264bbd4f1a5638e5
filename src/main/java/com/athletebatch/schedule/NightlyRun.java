package com.athletebatch.schedule;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.RunSummary;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.step.KeyRangePartitioner;
import com.athletebatch.step.RunClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;

/**
 * One night: the score backfill, then the capability estimation in {@code --changed-only} mode.
 *
 * <p>Each night's runs carry the identifying parameter {@value #DATE}, so every night is its own
 * job instance: a failed night stays FAILED and restartable, and never blocks the next night, which
 * is a new instance ({@link JobRunner} resumes only a run with the same identifying parameters).
 * The same night run again ({@code schedule --once --date D}) resumes it while it is the job's
 * latest instance; after later nights, restart its execution by id.
 *
 * <p>Runs never overlap: when a run of either job is still going (in this JVM, another process, or
 * left STARTED by a crashed one) the night is skipped and says which execution holds it.
 */
public class NightlyRun {

  /** The identifying job parameter of a night: its date in the schedule's time zone. */
  public static final String DATE = "nightly.date";

  /** The capability estimation's {@code source} label for the nightly runs. */
  public static final String CAPABILITY_SOURCE = "nightly.schedule";

  public static final String RUNS_METER = "athlete.batch.nightly.runs";

  /**
   * Partitions of each night's steps (schedule --partitions N); 0: unpartitioned. With a broker
   * configured the partitions go to the worker processes.
   */
  public static final String PARTITIONS_PROPERTY = "athlete-batch.schedule.partitions";

  private static final Logger log = LoggerFactory.getLogger(NightlyRun.class);

  private final JobRunner jobRunner;
  private final JobRepository jobRepository;
  private final Job scoreBackfill;
  private final Job capabilityEstimation;
  private final MeterRegistry meterRegistry;
  private final int partitions;
  private volatile boolean stopping;
  private LlmRun scorer = LlmRun.DETERMINISTIC;

  /** The scorer of the nightly score backfills ({@code schedule --scorer …}). */
  public NightlyRun withScorer(LlmRun scorer) {
    this.scorer = scorer;
    return this;
  }

  public NightlyRun(
      JobRunner jobRunner,
      JobRepository jobRepository,
      Job scoreBackfill,
      Job capabilityEstimation,
      MeterRegistry meterRegistry) {
    this(jobRunner, jobRepository, scoreBackfill, capabilityEstimation, meterRegistry, 0);
  }

  public NightlyRun(
      JobRunner jobRunner,
      JobRepository jobRepository,
      Job scoreBackfill,
      Job capabilityEstimation,
      MeterRegistry meterRegistry,
      int partitions) {
    this.partitions = partitions;
    this.jobRunner = jobRunner;
    this.jobRepository = jobRepository;
    this.scoreBackfill = scoreBackfill;
    this.capabilityEstimation = capabilityEstimation;
    this.meterRegistry = meterRegistry;
  }

  /**
   * What became of one job of the night: its execution, or why it did not run ({@code held}: a run
   * of the job was still going).
   */
  public record JobOutcome(String job, JobExecution execution, String notRun, boolean held) {
    public BatchStatus status() {
      return execution == null ? null : execution.getStatus();
    }

    @Override
    public String toString() {
      return job
          + " "
          + (execution == null ? notRun : "execution " + execution.getId() + " " + status());
    }
  }

  /**
   * What became of one night. {@code skipped} names the run that held it, when it did not run at
   * all.
   */
  public record Result(LocalDate date, List<JobOutcome> jobs, String skipped) {

    public boolean completed() {
      return skipped == null
          && jobs.size() == 2
          && jobs.stream().allMatch(j -> j.status() == BatchStatus.COMPLETED);
    }

    public String outcome() {
      if (skipped != null) {
        return "skipped";
      }
      if (completed()) {
        return "completed";
      }
      if (jobs.stream().anyMatch(j -> j.status() == BatchStatus.STOPPED)) {
        return "stopped";
      }
      return jobs.stream().anyMatch(JobOutcome::held) ? "skipped" : "failed";
    }
  }

  /**
   * From now on no job is started (a shutdown is under way); a running one is stopped elsewhere.
   */
  public void stopStarting() {
    stopping = true;
  }

  public Result run(LocalDate date) {
    Optional<JobExecution> busy = runningNightlyJob();
    if (busy.isPresent()) {
      return skipped(
          date,
          busy.get().getJobInstance().getJobName()
              + " execution "
              + busy.get().getId()
              + " is still running");
    }
    log.info(
        "Night {}: running {}, then {} (changed users only)",
        date,
        ScoreBackfillJobConfiguration.JOB_NAME,
        CapabilityEstimationJobConfiguration.JOB_NAME);
    List<JobOutcome> outcomes = new ArrayList<>();

    JobParametersBuilder score =
        new ScoreSelection(
                false, null, null, null, RunClock.nowUtc(), ScoreSelection.DEFAULT_CHUNK_SIZE)
            // Rows a provider's quota left behind are taken again every night (the seed never did).
            .withQuotaExceededRetried()
            .toParameters()
            .addLocalDate(DATE, date, true);
    partitioned(score);
    scorer.addTo(score);
    JobOutcome scored = launch(scoreBackfill, score, null, date);
    if (scored.held()) {
      // Another process started one since the check above.
      return skipped(date, scored.job() + " " + scored.notRun());
    }
    outcomes.add(scored);

    // The two jobs touch different tables: a failed score backfill does not hold back the
    // estimation.
    if (!stopping && scored.status() != BatchStatus.STOPPED) {
      JobParametersBuilder capability =
          new CapabilitySelection(
                  CAPABILITY_SOURCE,
                  List.of(),
                  true,
                  RunClock.nowUtc(),
                  CapabilitySelection.DEFAULT_CHUNK_SIZE)
              .toParameters()
              .addLocalDate(DATE, date, true);
      partitioned(capability);
      outcomes.add(launch(capabilityEstimation, capability, CapabilitySelection.SOURCE, date));
    } else {
      outcomes.add(
          new JobOutcome(
              CapabilityEstimationJobConfiguration.JOB_NAME,
              null,
              stopping
                  ? "not started: the service is stopping"
                  : "not started: the score backfill was stopped",
              false));
    }
    Result result = new Result(date, List.copyOf(outcomes), null);
    count(result);
    log.info(
        "Night {}: {} ({})",
        date,
        result.outcome(),
        String.join(", ", outcomes.stream().map(JobOutcome::toString).toList()));
    return result;
  }

  private JobOutcome launch(
      Job job, JobParametersBuilder parameters, String exclusiveBy, LocalDate date) {
    if (stopping) {
      return new JobOutcome(job.getName(), null, "not started: the service is stopping", false);
    }
    try {
      JobRunner.Launch launch = jobRunner.launch(job, parameters, exclusiveBy);
      if (launch instanceof JobRunner.Launch.AlreadyRunning running) {
        return new JobOutcome(
            job.getName(), null, "execution " + running.executionId() + " is still running", true);
      }
      JobExecution execution = ((JobRunner.Launch.Ran) launch).execution();
      log.info("Night {}: {}", date, summary(execution));
      return new JobOutcome(job.getName(), execution, null, false);
    } catch (Exception e) {
      log.error("Night {}: {} could not run: {}", date, job.getName(), e.getMessage());
      return new JobOutcome(job.getName(), null, "error: " + e.getMessage(), false);
    }
  }

  /**
   * A run of the score backfill (any selection) or of the nightly capability estimation still
   * going.
   */
  private Optional<JobExecution> runningNightlyJob() {
    Optional<JobExecution> score =
        jobRepository.findRunningJobExecutions(ScoreBackfillJobConfiguration.JOB_NAME).stream()
            .findFirst();
    if (score.isPresent()) {
      return score;
    }
    return jobRepository
        .findRunningJobExecutions(CapabilityEstimationJobConfiguration.JOB_NAME)
        .stream()
        .filter(
            e ->
                Objects.equals(
                    e.getJobParameters().getString(CapabilitySelection.SOURCE), CAPABILITY_SOURCE))
        .findFirst();
  }

  private Result skipped(LocalDate date, String why) {
    log.warn(
        "Night {} skipped: {}; runs never overlap. If no process runs it, a crashed one left it STARTED:"
            + " see `jobs/athlete-batch status`, then `recover` it.",
        date,
        why);
    Result result = new Result(date, List.of(), why);
    count(result);
    return result;
  }

  /** Not identifying: a night resumed keeps its first run's partitions, as a restart does. */
  private void partitioned(JobParametersBuilder parameters) {
    if (partitions > 0) {
      parameters.addLong(KeyRangePartitioner.PARAMETER, (long) partitions, false);
    }
  }

  private void count(Result result) {
    meterRegistry.counter(RUNS_METER, "outcome", result.outcome()).increment();
  }

  private static String summary(JobExecution execution) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunSummary.print(execution, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).strip();
  }
}
