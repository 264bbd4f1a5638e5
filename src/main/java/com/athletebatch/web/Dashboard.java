package com.athletebatch.web;

import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.JobControl;
import com.athletebatch.operations.Liveness;
import com.athletebatch.operations.MonitoringQueries;
import com.athletebatch.operations.RunSummary;
import com.athletebatch.operations.StatusReport;
import com.athletebatch.operations.StatusReport.ExecutionRow;
import com.athletebatch.operations.StatusReport.HeartbeatStatus;
import com.athletebatch.operations.StatusReport.StepStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * What the pages and the API read, from the job repository: through the queries of {@code
 * sql/monitoring/} that {@code status} and psql use, and {@link JobControl} for one execution.
 */
public class Dashboard {

  private final MonitoringQueries queries;
  private final JobControl control;
  private final JobRepository jobRepository;
  private final Heartbeat heartbeat;

  public Dashboard(
      MonitoringQueries queries,
      JobControl control,
      JobRepository jobRepository,
      Heartbeat heartbeat) {
    this.queries = queries;
    this.control = control;
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
  }

  /** One row of the runs page and of {@code GET /api/executions}. */
  public record ExecutionSummary(
      long id,
      String job,
      long instance,
      String status,
      String exitCode,
      LocalDateTime start,
      LocalDateTime end,
      Long durationSeconds,
      String parameters,
      HeartbeatStatus heartbeat,
      String exitMessage) {

    public boolean running() {
      return StatusReport.isRunning(status);
    }
  }

  /** One execution, in full. */
  public record ExecutionDetail(
      long id,
      String job,
      long instance,
      String status,
      String exitCode,
      LocalDateTime start,
      LocalDateTime end,
      Long durationSeconds,
      Map<String, String> parameters,
      List<StepStatus> steps,
      Map<String, Long> outcome,
      HeartbeatStatus heartbeat,
      String exitMessage,
      List<Action> actions) {

    public boolean running() {
      return StatusReport.isRunning(status);
    }

    /** The steps without their partitions, for the steps table. */
    public List<StepStatus> wholeSteps() {
      return steps.stream().filter(s -> s.partition() == null).toList();
    }

    /** The partitions of one partitioned step, in order, for its partitions table. */
    public List<StepStatus> partitionsOf(String step) {
      return steps.stream()
          .filter(s -> s.partition() != null && s.partition().step().equals(step))
          .toList();
    }
  }

  /** A control, whether the execution's state allows it now, and the CLI command that does it. */
  public record Action(String name, boolean allowed, String command) {}

  public record Filter(
      String job, List<String> statuses, LocalDate since, LocalDate until, int limit) {}

  public List<ExecutionSummary> executions(Filter filter) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("job", filter.job() == null ? "" : filter.job());
    parameters.put("statuses", String.join(",", filter.statuses()));
    parameters.put("since", filter.since() == null ? "" : filter.since().toString());
    parameters.put("until", filter.until() == null ? "" : filter.until().toString());
    parameters.put("limit", filter.limit());
    Duration staleAfter = heartbeat.staleAfter();
    return queries.run(MonitoringQueries.EXECUTIONS, parameters).stream()
        .map(row -> ExecutionRow.of(row, staleAfter))
        .map(
            e ->
                new ExecutionSummary(
                    e.id(),
                    e.job(),
                    e.instance(),
                    e.status(),
                    e.exitCode(),
                    e.start(),
                    e.end(),
                    e.durationSeconds(),
                    e.parameters(),
                    StatusReport.isRunning(e.status())
                        ? StatusReport.heartbeat(e.liveness())
                        : null,
                    firstLine(e.exitMessage())))
        .toList();
  }

  /** Throws {@link JobControl.RefusedException} (NOT_FOUND) for an unknown id. */
  public ExecutionDetail execution(long id) {
    JobExecution e = control.find(id);
    String status = e.getStatus().name();
    Map<String, String> parameters = new LinkedHashMap<>();
    e.getJobParameters()
        .parameters()
        .forEach(p -> parameters.put(p.name(), String.valueOf(p.value())));
    Map<String, Long> outcome = new LinkedHashMap<>();
    String exitMessage = e.getExitStatus().getExitDescription();
    for (StepExecution step : e.getStepExecutions()) {
      for (String key : RunSummary.OUTCOMES) {
        if (step.getExecutionContext().containsKey(key)) {
          outcome.merge(key, step.getExecutionContext().getLong(key), Long::sum);
        }
      }
      if ((exitMessage == null || exitMessage.isBlank())
          && !step.getExitStatus().getExitDescription().isBlank()
          && (step.getStatus() == BatchStatus.FAILED || step.getStatus() == BatchStatus.STOPPED)) {
        exitMessage = step.getExitStatus().getExitDescription();
      }
    }
    Liveness liveness = control.liveness(id);
    // As status: a heartbeat says something only while the execution is recorded running.
    HeartbeatStatus beat =
        liveness.state() == Liveness.State.NONE || !e.getStatus().isRunning()
            ? null
            : StatusReport.heartbeat(liveness);
    LocalDateTime start = e.getStartTime();
    LocalDateTime end = e.getEndTime();
    Long duration =
        start == null
            ? null
            : Duration.between(start, end == null ? LocalDateTime.now() : end).toSeconds();
    return new ExecutionDetail(
        id,
        e.getJobInstance().getJobName(),
        e.getJobInstance().getInstanceId(),
        status,
        e.getExitStatus().getExitCode(),
        start == null ? null : start.withNano(0),
        end == null ? null : end.withNano(0),
        duration,
        parameters,
        StatusReport.steps(queries, id),
        outcome,
        beat,
        exitMessage == null || exitMessage.isBlank() ? null : exitMessage,
        actions(e, liveness));
  }

  /**
   * The controls the execution's state allows, by the rules {@link JobControl} enforces (it checks
   * again when one is used): stop a live run; restart the latest FAILED or STOPPED execution of its
   * instance; abandon one that is not running and neither COMPLETED nor ABANDONED; recover a run
   * whose JVM is gone.
   */
  private List<Action> actions(JobExecution e, Liveness liveness) {
    BatchStatus status = e.getStatus();
    long id = e.getId();
    boolean latest = true;
    if (JobControl.restartable(status)) {
      JobExecution last = jobRepository.getLastJobExecution(e.getJobInstance());
      latest = last == null || last.getId() == id;
    }
    return List.of(
        new Action(
            "stop",
            (status == BatchStatus.STARTED || status == BatchStatus.STARTING) && !liveness.gone(),
            "jobs/athlete-batch stop " + id),
        new Action(
            "restart",
            JobControl.restartable(status) && latest,
            "jobs/athlete-batch restart " + id),
        new Action(
            "abandon",
            !status.isRunning()
                && status != BatchStatus.COMPLETED
                && status != BatchStatus.ABANDONED,
            "jobs/athlete-batch abandon " + id),
        new Action(
            "recover", status.isRunning() && liveness.gone(), "jobs/athlete-batch recover " + id));
  }

  /** Items left out by one execution: counts per step, table and reason. */
  public List<Map<String, Object>> skipCounts(long executionId) {
    return queries.run(MonitoringQueries.SKIPS, Map.of("execution_id", executionId, "limit", 1000));
  }

  /** A page of the items one execution left out, oldest first. */
  public List<Map<String, Object>> skipRows(
      long executionId, String reason, int limit, long offset) {
    return queries.run(
        MonitoringQueries.SKIP_ROWS,
        Map.of(
            "execution_id",
            executionId,
            "reason",
            reason == null ? "" : reason,
            "limit",
            limit,
            "offset",
            offset));
  }

  /** One point of a job's history: an execution's duration and items read per second. */
  public record HistoryPoint(
      long id,
      String status,
      LocalDateTime start,
      long durationSeconds,
      long read,
      double itemsPerSecond) {}

  /** The job's last {@code runs} executions with a start, oldest first. */
  public List<HistoryPoint> history(String job, int runs) {
    List<HistoryPoint> points = new ArrayList<>();
    for (ExecutionSummary e : executions(new Filter(job, List.of(), null, null, runs))) {
      if (e.start() == null || e.durationSeconds() == null) {
        continue;
      }
      // a partitioned step's own counts are its partitions' sums: count each item once
      long read =
          StatusReport.steps(queries, e.id()).stream()
              .filter(s -> s.partition() == null)
              .mapToLong(StepStatus::read)
              .sum();
      long seconds = Math.max(0, e.durationSeconds());
      points.add(
          new HistoryPoint(
              e.id(),
              e.status(),
              e.start(),
              seconds,
              read,
              seconds == 0 ? read : (double) read / seconds));
    }
    Collections.reverse(points);
    return points;
  }

  private static String firstLine(String text) {
    return text == null ? null : text.strip().lines().findFirst().orElse("");
  }
}
