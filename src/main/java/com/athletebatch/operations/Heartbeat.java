package com.athletebatch.operations;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps a heartbeat for every job execution while it runs: the host and pid of this JVM and the
 * time of the last beat (the database's clock), renewed by a daemon thread. A crashed JVM stops
 * beating, so {@code status}, {@code recover} and {@code run} can tell a dead run from a live one.
 * Registered on every job by {@link OperationsConfiguration}.
 */
public class Heartbeat implements JobExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  /** Executions running in this JVM, whatever application context started them. */
  private static final Set<Long> RUNNING_HERE = ConcurrentHashMap.newKeySet();

  private static final String LOCAL_HOST = localHostName();

  private static final ScheduledExecutorService BEATER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "athlete-batch-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  private final JdbcTemplate jdbc;
  private final Duration interval;
  private final Duration staleAfter;
  private final String insert;
  private final String beat;
  private final String end;
  private final String select;
  private final Map<Long, ScheduledFuture<?>> beats = new ConcurrentHashMap<>();

  public Heartbeat(
      JdbcTemplate jdbc, String heartbeatTable, Duration interval, Duration staleAfter) {
    this.jdbc = jdbc;
    this.interval = interval;
    this.staleAfter = staleAfter;
    this.insert =
        "INSERT INTO " + heartbeatTable + " (JOB_EXECUTION_ID, HOST, PID) VALUES (?, ?, ?)";
    this.beat =
        "UPDATE "
            + heartbeatTable
            + " SET LAST_BEAT = CURRENT_TIMESTAMP WHERE JOB_EXECUTION_ID = ?";
    this.end =
        "UPDATE "
            + heartbeatTable
            + " SET LAST_BEAT = CURRENT_TIMESTAMP, ENDED_AT = CURRENT_TIMESTAMP"
            + " WHERE JOB_EXECUTION_ID = ?";
    this.select =
        "SELECT HOST, PID, EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - LAST_BEAT)) AS AGE_S FROM "
            + heartbeatTable
            + " WHERE JOB_EXECUTION_ID = ?";
  }

  public static String localHost() {
    return LOCAL_HOST;
  }

  public Duration staleAfter() {
    return staleAfter;
  }

  @Override
  public void beforeJob(JobExecution jobExecution) {
    long id = jobExecution.getId();
    RUNNING_HERE.add(id);
    jdbc.update(insert, id, LOCAL_HOST, ProcessHandle.current().pid());
    beats.put(
        id,
        BEATER.scheduleWithFixedDelay(
            () -> beat(id), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public void afterJob(JobExecution jobExecution) {
    ended(jobExecution.getId());
  }

  /**
   * The execution no longer runs in this JVM: also called by {@link JobRunner} for a run whose
   * thread ended without Spring Batch calling {@link #afterJob} (the database went away).
   */
  void ended(long id) {
    ScheduledFuture<?> future = beats.remove(id);
    if (future != null) {
      future.cancel(false);
    }
    RUNNING_HERE.remove(id);
    try {
      jdbc.update(end, id);
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the end of execution {} in the heartbeat table: {}",
          id,
          e.getMessage());
    }
  }

  private void beat(long id) {
    try {
      jdbc.update(beat, id);
    } catch (RuntimeException e) {
      // A missed beat only makes the run look older; the next one may succeed.
      log.warn("Heartbeat of execution {} failed: {}", id, e.getMessage());
    }
  }

  public static boolean runningHere(long executionId) {
    return RUNNING_HERE.contains(executionId);
  }

  /** The liveness of an execution's JVM, with the configured threshold. */
  public Liveness liveness(long executionId) {
    return liveness(executionId, staleAfter);
  }

  public Liveness liveness(long executionId, Duration threshold) {
    List<Map<String, Object>> rows = jdbc.queryForList(select, executionId);
    Map<String, Object> row = rows.isEmpty() ? Map.of() : rows.get(0);
    return assess(
        executionId,
        (String) row.get("HOST"),
        toLong(row.get("PID")),
        toDouble(row.get("AGE_S")),
        threshold);
  }

  /** Liveness from heartbeat columns read elsewhere (e.g. the monitoring queries). */
  public static Liveness assess(
      long executionId, String host, Long pid, Double ageSeconds, Duration threshold) {
    return Liveness.assess(
        host,
        pid,
        ageSeconds,
        runningHere(executionId),
        threshold,
        LOCAL_HOST,
        p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
  }

  static Long toLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  static Double toDouble(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
