package com.athletebatch.step;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The claim and heartbeat of each partition a remote worker runs (issue 13, faults), in {@code
 * ATHLETE_PARTITION_HEARTBEAT} beside the job repository: a worker runs a partition only after
 * {@link #claim} won a compare-and-set on the partition's row (no row yet, or the holder's last
 * beat older than {@code staleAfter}, or its run ended), then a daemon thread renews the beat until
 * {@link #end}. So two workers never run one partition at once, also when the first one is only
 * slow or cut off from the broker (its claim stays fresh while it beats); and the manager can tell
 * a dead worker's partition from a live one ({@link #holder}). Times are the database's clock.
 *
 * <p>The heartbeat only decides who may start. A holder that lost its claim while it was cut off
 * from the database is fenced by Spring Batch itself: each chunk's transaction updates the step
 * execution under its {@code VERSION}, which the new holder's start bumped, so the old holder's
 * next chunk fails with an optimistic-locking error and rolls back.
 */
public class PartitionHeartbeat {

  private static final Logger log = LoggerFactory.getLogger(PartitionHeartbeat.class);

  private static final ScheduledExecutorService BEATER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "athlete-batch-partition-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  /** One claim: the partition's step execution and the token of this one run of it. */
  public record Claim(long stepExecutionId, String token) {}

  /**
   * Who holds (or last held) a partition, and how long ago it last beat.
   *
   * @param ended the holder's run of the partition ended (its step execution saved its end)
   */
  public record Holder(
      long stepExecutionId, String host, long pid, double ageSeconds, boolean ended) {

    /** {@code host pid N}, as the summary names a worker. */
    public String worker() {
      return host + " pid " + pid;
    }
  }

  private static final String LOCAL_HOST = localHostName();

  private final JdbcTemplate jdbc;
  private final String table;
  private final Map<String, ScheduledFuture<?>> beats = new ConcurrentHashMap<>();

  public PartitionHeartbeat(JdbcTemplate jdbc, String table) {
    this.jdbc = jdbc;
    this.table = table;
  }

  /** This process as a claimant. */
  public Optional<Claim> claim(long stepExecutionId, long jobExecutionId, Duration staleAfter) {
    return claim(
        stepExecutionId, jobExecutionId, staleAfter, LOCAL_HOST, ProcessHandle.current().pid());
  }

  /**
   * The compare-and-set: takes the partition when nobody holds it, or its holder's beat is older
   * than {@code staleAfter}, or the holder's run ended; empty when a live holder has it.
   */
  public Optional<Claim> claim(
      long stepExecutionId, long jobExecutionId, Duration staleAfter, String host, long pid) {
    String token = UUID.randomUUID().toString();
    try {
      jdbc.update(
          "INSERT INTO "
              + table
              + " (STEP_EXECUTION_ID, JOB_EXECUTION_ID, HOST, PID, CLAIM) VALUES (?, ?, ?, ?, ?)",
          stepExecutionId,
          jobExecutionId,
          host,
          pid,
          token);
      return Optional.of(new Claim(stepExecutionId, token));
    } catch (DuplicateKeyException held) {
      // Somebody claimed it before: take it over only from a stale or ended holder. One UPDATE,
      // so of two claimants of a stale row only the first wins (the second's WHERE sees the
      // fresh beat after the first commits).
      int taken =
          jdbc.update(
              "UPDATE "
                  + table
                  + " SET HOST = ?, PID = ?, CLAIM = ?, CLAIMED_AT = CURRENT_TIMESTAMP,"
                  + " LAST_BEAT = CURRENT_TIMESTAMP, ENDED_AT = NULL"
                  + " WHERE STEP_EXECUTION_ID = ? AND (ENDED_AT IS NOT NULL"
                  + " OR EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - LAST_BEAT)) > ?)",
              host,
              pid,
              token,
              stepExecutionId,
              staleAfter.toMillis() / 1000.0);
      return taken == 1 ? Optional.of(new Claim(stepExecutionId, token)) : Optional.empty();
    }
  }

  /** Renews the claim's beat every {@code interval} until {@link #end}. */
  public void startBeating(Claim claim, Duration interval) {
    long millis = Math.max(100, interval.toMillis());
    beats.put(
        claim.token(),
        BEATER.scheduleWithFixedDelay(() -> beat(claim), millis, millis, TimeUnit.MILLISECONDS));
  }

  /** Renews the beat now; false when the claim was taken over (or the database is away). */
  public boolean beat(Claim claim) {
    try {
      int beaten =
          jdbc.update(
              "UPDATE "
                  + table
                  + " SET LAST_BEAT = CURRENT_TIMESTAMP"
                  + " WHERE STEP_EXECUTION_ID = ? AND CLAIM = ? AND ENDED_AT IS NULL",
              claim.stepExecutionId(),
              claim.token());
      if (beaten == 0) {
        log.warn(
            "Partition step execution {}: another worker took it over (this worker's heartbeat"
                + " was stale); this worker's next chunk will fail on the step execution's version",
            claim.stepExecutionId());
        stopBeating(claim);
      }
      return beaten == 1;
    } catch (RuntimeException e) {
      // A missed beat only makes the claim look older; the next one may succeed.
      log.warn(
          "Heartbeat of partition step execution {} failed: {}",
          claim.stepExecutionId(),
          e.getMessage());
      return false;
    }
  }

  /** The claim's run ended: beats stop and the row says so, so that a redelivery is dropped. */
  public void end(Claim claim) {
    stopBeating(claim);
    try {
      jdbc.update(
          "UPDATE "
              + table
              + " SET LAST_BEAT = CURRENT_TIMESTAMP, ENDED_AT = CURRENT_TIMESTAMP"
              + " WHERE STEP_EXECUTION_ID = ? AND CLAIM = ?",
          claim.stepExecutionId(),
          claim.token());
    } catch (RuntimeException e) {
      log.warn(
          "Could not record the end of partition step execution {} in {}: {}",
          claim.stepExecutionId(),
          table,
          e.getMessage());
    }
  }

  private void stopBeating(Claim claim) {
    ScheduledFuture<?> future = beats.remove(claim.token());
    if (future != null) {
      future.cancel(false);
    }
  }

  /** The partition's holder, if any worker ever claimed it. */
  public Optional<Holder> holder(long stepExecutionId) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT HOST, PID, ENDED_AT,"
                + " EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - LAST_BEAT)) AS AGE_S FROM "
                + table
                + " WHERE STEP_EXECUTION_ID = ?",
            stepExecutionId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> row = rows.get(0);
    return Optional.of(
        new Holder(
            stepExecutionId,
            (String) row.get("HOST"),
            ((Number) row.get("PID")).longValue(),
            ((Number) row.get("AGE_S")).doubleValue(),
            row.get("ENDED_AT") != null));
  }

  /** This machine's name, as the job heartbeat records it. */
  public static String localHost() {
    return LOCAL_HOST;
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
