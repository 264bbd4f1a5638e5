package com.athletebatch.operations;

import com.athletebatch.step.ProgressLine;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code status} shows: the recent executions of each job, with, for running executions and
 * the latest one of each job, per step the counts, percentage, items/s and ETA, and the heartbeat
 * of the JVM running it. Read with the queries of {@code sql/monitoring/} ({@link
 * MonitoringQueries}).
 */
public record StatusReport(
    LocalDateTime generatedAt, long staleAfterSeconds, List<JobStatus> jobs) {

  public record JobStatus(String job, List<ExecutionStatus> executions) {}

  public record ExecutionStatus(
      long id,
      long instance,
      String status,
      String exitCode,
      LocalDateTime start,
      LocalDateTime end,
      Long durationSeconds,
      String parameters,
      HeartbeatStatus heartbeat,
      String exitMessage,
      List<StepStatus> steps) {}

  public record HeartbeatStatus(
      String state, String host, Long pid, Long ageSeconds, String description) {}

  public record StepStatus(
      String name,
      String status,
      long read,
      long written,
      long filtered,
      long skipped,
      long commits,
      long rollbacks,
      Long total,
      Double percentDone,
      Long elapsedSeconds,
      Double itemsPerSecond,
      Long etaSeconds,
      /** Null unless the step execution is one partition of a partitioned step. */
      PartitionStatus partition,
      /** Null unless the step called a model (--scorer llm|hybrid): its committed rows' cost. */
      LlmUsage llm) {}

  /** A step's model calls and tokens, of its committed rows (issue 14). */
  public record LlmUsage(long calls, long inputTokens, long outputTokens) {}

  /**
   * One partition's key range {@code [keyFrom, keyTo)} (null: open end) and the process that ran it
   * (null until it started), from its step execution context.
   */
  public record PartitionStatus(
      String step,
      String name,
      String keyFrom,
      String keyTo,
      String workerHost,
      Long workerPid,
      String workerThread) {

    static final String SEPARATOR = ":partition";

    /** The partition of a step execution named {@code step:partitionI}, or null. */
    static PartitionStatus of(String stepName, Map<String, Object> row) {
      int at = stepName == null ? -1 : stepName.lastIndexOf(SEPARATOR);
      if (at < 0) {
        return null;
      }
      return new PartitionStatus(
          stepName.substring(0, at),
          stepName.substring(at + 1),
          (String) row.get("key_from"),
          (String) row.get("key_to"),
          (String) row.get("worker_host"),
          Heartbeat.toLong(row.get("worker_pid")),
          (String) row.get("worker_thread"));
    }

    /** {@code [from, to)}, an open end shown as {@code …}. */
    public String range() {
      return "[" + (keyFrom == null ? "…" : keyFrom) + ", " + (keyTo == null ? "…" : keyTo) + ")";
    }

    /** {@code host pid N}, or {@code not started}. */
    public String worker() {
      return workerHost == null ? "not started" : workerHost + " pid " + workerPid;
    }
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * @param jobNames the jobs to show, in order
   * @param limit executions per job
   */
  public static StatusReport read(
      MonitoringQueries queries, List<String> jobNames, int limit, Duration staleAfter) {
    List<JobStatus> jobs = new ArrayList<>();
    for (String job : jobNames) {
      List<ExecutionStatus> executions = new ArrayList<>();
      boolean first = true;
      for (Map<String, Object> row :
          queries.run(
              MonitoringQueries.EXECUTIONS, Map.of("job", job, "statuses", "", "limit", limit))) {
        ExecutionRow e = ExecutionRow.of(row, staleAfter);
        boolean running = isRunning(e.status());
        List<StepStatus> steps = running || first ? steps(queries, e.id()) : List.of();
        executions.add(
            new ExecutionStatus(
                e.id(),
                e.instance(),
                e.status(),
                e.exitCode(),
                e.start(),
                e.end(),
                e.durationSeconds(),
                e.parameters(),
                running ? heartbeat(e.liveness()) : null,
                "FAILED".equals(e.status()) || "STOPPED".equals(e.status())
                    ? firstLine(e.exitMessage())
                    : null,
                steps));
        first = false;
      }
      jobs.add(new JobStatus(job, executions));
    }
    return new StatusReport(LocalDateTime.now().withNano(0), staleAfter.toSeconds(), jobs);
  }

  /** The steps of one execution, from {@code step-progress.sql}. */
  public static List<StepStatus> steps(MonitoringQueries queries, long executionId) {
    List<StepStatus> steps = new ArrayList<>();
    for (Map<String, Object> r :
        queries.run(MonitoringQueries.STEP_PROGRESS, Map.of("execution_id", executionId))) {
      String name = (String) r.get("step_name");
      steps.add(
          new StepStatus(
              name,
              (String) r.get("status"),
              num(r, "read_count"),
              num(r, "write_count"),
              num(r, "filter_count"),
              num(r, "skip_count"),
              num(r, "commit_count"),
              num(r, "rollback_count"),
              Heartbeat.toLong(r.get("total")),
              Heartbeat.toDouble(r.get("pct_done")),
              Heartbeat.toLong(r.get("elapsed_s")),
              Heartbeat.toDouble(r.get("items_per_s")),
              Heartbeat.toLong(r.get("eta_s")),
              PartitionStatus.of(name, r),
              r.get("llm_calls") == null
                  ? null
                  : new LlmUsage(
                      num(r, "llm_calls"), num(r, "llm_tokens_in"), num(r, "llm_tokens_out"))));
    }
    return grouped(steps);
  }

  /** Each step followed by its partitions (steps of a split start interleaved). */
  static List<StepStatus> grouped(List<StepStatus> steps) {
    List<StepStatus> ordered = new ArrayList<>();
    for (StepStatus step : steps) {
      if (step.partition() == null) {
        ordered.add(step);
        steps.stream()
            .filter(p -> p.partition() != null && p.partition().step().equals(step.name()))
            .forEach(ordered::add);
      }
    }
    steps.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
    return ordered;
  }

  public static HeartbeatStatus heartbeat(Liveness l) {
    return new HeartbeatStatus(
        l.state().name(),
        l.host(),
        l.pid(),
        l.ageSeconds() == null ? null : Math.round(l.ageSeconds()),
        l.describe());
  }

  public String toJson() {
    return JSON.writeValueAsString(this);
  }

  public void print(PrintStream out) {
    out.println("athlete-batch status at " + TIME.format(generatedAt));
    for (JobStatus job : jobs) {
      out.println();
      out.println(job.job());
      if (job.executions().isEmpty()) {
        out.println("  no executions yet");
        continue;
      }
      out.printf(
          "  %-9s %-10s %-19s %-9s %s%n", "execution", "status", "start", "duration", "parameters");
      for (ExecutionStatus e : job.executions()) {
        out.printf(
            "  %-9d %-10s %-19s %-9s %s%n",
            e.id(),
            e.status(),
            e.start() == null ? "-" : TIME.format(e.start()),
            e.durationSeconds() == null
                ? "-"
                : ProgressLine.format(Duration.ofSeconds(e.durationSeconds())),
            e.parameters() == null ? "" : e.parameters());
        if (e.heartbeat() != null) {
          out.println("            " + e.heartbeat().description());
          if ("STALE".equals(e.heartbeat().state()) || "DEAD".equals(e.heartbeat().state())) {
            out.println(
                "            left behind by a crashed JVM? jobs/athlete-batch recover "
                    + e.id()
                    + ", then jobs/athlete-batch restart "
                    + e.id());
          }
        }
        if (e.exitMessage() != null && !e.exitMessage().isBlank()) {
          out.println("            reason: " + e.exitMessage());
        }
        if (!e.steps().isEmpty()) {
          out.printf(
              "            %-22s %-9s %8s %8s %6s %7s %7s %8s %7s%n",
              "step", "status", "read", "written", "skips", "commits", "done", "items/s", "ETA");
          for (StepStatus s : e.steps()) {
            out.printf(
                "            %-22s %-9s %8d %8d %6d %7d %7s %8s %7s%s%n",
                s.partition() != null ? "  " + s.partition().name() : s.name(),
                s.status(),
                s.read(),
                s.written(),
                s.skipped(),
                s.commits(),
                s.percentDone() == null ? "-" : String.format("%.1f%%", s.percentDone()),
                s.itemsPerSecond() == null ? "-" : String.format("%.0f", s.itemsPerSecond()),
                s.etaSeconds() == null
                    ? "-"
                    : ProgressLine.format(Duration.ofSeconds(s.etaSeconds())),
                s.partition() != null
                    ? "  keys " + s.partition().range() + " on " + s.partition().worker()
                    : "");
            if (s.llm() != null) {
              out.printf(
                  "            %-22s model calls %d, tokens %d input + %d output%n",
                  "", s.llm().calls(), s.llm().inputTokens(), s.llm().outputTokens());
            }
          }
        }
      }
    }
  }

  public static boolean isRunning(String status) {
    return "STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status);
  }

  private static long num(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static String firstLine(String text) {
    return text == null ? null : text.strip().lines().findFirst().orElse("");
  }

  /** One row of {@code executions.sql}. */
  public record ExecutionRow(
      long id,
      String job,
      long instance,
      String status,
      String exitCode,
      LocalDateTime start,
      LocalDateTime end,
      Long durationSeconds,
      String parameters,
      Liveness liveness,
      String exitMessage,
      long partitions,
      long partitionsCompleted,
      long partitionWorkers) {

    /** {@code 8 partitions (8 completed) run by 2 processes}, or null for an unpartitioned run. */
    public String describePartitions() {
      if (partitions == 0) {
        return null;
      }
      return partitions
          + " partitions ("
          + partitionsCompleted
          + " completed) run by "
          + partitionWorkers
          + (partitionWorkers == 1 ? " process" : " processes");
    }

    public static ExecutionRow of(Map<String, Object> row, Duration staleAfter) {
      long id = num(row, "execution_id");
      return new ExecutionRow(
          id,
          (String) row.get("job_name"),
          num(row, "instance_id"),
          (String) row.get("status"),
          (String) row.get("exit_code"),
          time(row.get("start_time")),
          time(row.get("end_time")),
          Heartbeat.toLong(row.get("duration_s")),
          (String) row.get("parameters"),
          Heartbeat.assess(
              id,
              (String) row.get("heartbeat_host"),
              Heartbeat.toLong(row.get("heartbeat_pid")),
              Heartbeat.toDouble(row.get("heartbeat_age_s")),
              staleAfter),
          (String) row.get("exit_message"),
          num(row, "partitions"),
          num(row, "partitions_completed"),
          num(row, "partition_workers"));
    }

    public static List<ExecutionRow> all(
        MonitoringQueries queries,
        String job,
        List<String> statuses,
        int limit,
        Duration staleAfter) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("job", job == null ? "" : job);
      params.put("statuses", String.join(",", statuses));
      params.put("limit", limit);
      return queries.run(MonitoringQueries.EXECUTIONS, params).stream()
          .map(r -> of(r, staleAfter))
          .toList();
    }
  }

  private static LocalDateTime time(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp ts) {
      return ts.toLocalDateTime().withNano(0);
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.withNano(0);
    }
    return LocalDateTime.parse(value.toString().replace(' ', 'T')).withNano(0);
  }
}
