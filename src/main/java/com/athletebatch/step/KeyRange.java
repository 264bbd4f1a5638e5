package com.athletebatch.step;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition's share of a step's keys: the half-open range {@code [from, to)} in the database's
 * own order of the key column; a null end is open. Partition 0 has no lower end and the last no
 * upper end, so the ranges together cover every key, also keys written after the boundaries were
 * chosen. {@code empty} marks a partition left without keys (fewer keys than partitions); {@code
 * size} is how many keys the range held when the partitioner split them (-1: unknown).
 *
 * <p>Kept in the partition's step execution context, so that a restarted partition reads the same
 * range from its last committed chunk. Boundaries are text; the feature converts them to the key
 * column's type when binding.
 */
public record KeyRange(int index, int count, String from, String to, boolean empty, long size) {

  public static final String INDEX = "partition.index";
  public static final String COUNT = "partition.count";
  public static final String FROM = "partition.from";
  public static final String TO = "partition.to";
  public static final String EMPTY = "partition.empty";

  /**
   * The partition's number of keys when the partitioner split them (exact at that moment): its
   * first execution's progress total, instead of a planner's estimate of the range.
   */
  public static final String SIZE = "partition.size";

  /** The host of the process that ran (or runs) the partition, written when it starts. */
  public static final String WORKER_HOST = "partition.worker.host";

  /** The pid of that process. */
  public static final String WORKER_PID = "partition.worker.pid";

  /** The thread in that process (a local partition thread or a worker's consumer). */
  public static final String WORKER_THREAD = "partition.worker.thread";

  /** This host's name, as the heartbeat and the partitions record it. */
  public static String thisHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }

  /** Records this process (and thread) as the one running the partition of {@code context}. */
  public static void recordWorker(ExecutionContext context) {
    context.putString(WORKER_HOST, thisHost());
    context.putLong(WORKER_PID, ProcessHandle.current().pid());
    context.putString(WORKER_THREAD, Thread.currentThread().getName());
  }

  /** {@code host pid N} of the process that ran the partition, if recorded. */
  public static Optional<String> worker(ExecutionContext context) {
    if (!context.containsKey(WORKER_HOST)) {
      return Optional.empty();
    }
    return Optional.of(context.getString(WORKER_HOST) + " pid " + context.getLong(WORKER_PID, -1L));
  }

  public void writeTo(ExecutionContext context) {
    context.putInt(INDEX, index);
    context.putInt(COUNT, count);
    if (from != null) {
      context.putString(FROM, from);
    }
    if (to != null) {
      context.putString(TO, to);
    }
    context.putString(EMPTY, Boolean.toString(empty));
    if (size >= 0) {
      context.putLong(SIZE, size);
    }
  }

  /** The range of a partition's step execution; empty for a step that is not a partition. */
  public static Optional<KeyRange> of(ExecutionContext context) {
    if (!context.containsKey(INDEX)) {
      return Optional.empty();
    }
    return Optional.of(
        new KeyRange(
            context.getInt(INDEX),
            context.getInt(COUNT),
            context.containsKey(FROM) ? context.getString(FROM) : null,
            context.containsKey(TO) ? context.getString(TO) : null,
            Boolean.parseBoolean(context.getString(EMPTY, "false")),
            context.getLong(SIZE, -1L)));
  }

  /**
   * The range as a condition to AND to the step's selection, with its values bound in {@code
   * params} ({@code :partitionFrom}, {@code :partitionTo}).
   *
   * @param column the key column as the query names it
   * @param toValue converts a boundary to the column's Java type (e.g. {@code UUID::fromString})
   */
  public String and(String column, Function<String, Object> toValue, Map<String, Object> params) {
    if (empty) {
      return " AND 1 = 0";
    }
    StringBuilder sql = new StringBuilder();
    if (from != null) {
      params.put("partitionFrom", toValue.apply(from));
      sql.append(" AND ").append(column).append(" >= :partitionFrom");
    }
    if (to != null) {
      params.put("partitionTo", toValue.apply(to));
      sql.append(" AND ").append(column).append(" < :partitionTo");
    }
    return sql.toString();
  }

  /** For status lines: {@code [from, to)} with open ends shown as {@code …}. */
  public String describe() {
    if (empty) {
      return "(no keys)";
    }
    return "[" + (from == null ? "…" : from) + ", " + (to == null ? "…" : to) + ")";
  }
}
