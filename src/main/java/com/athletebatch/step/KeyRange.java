package com.athletebatch.step;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition's share of a step's keys: the half-open range {@code [from, to)} in the database's
 * own order of the key column; a null end is open. Partition 0 has no lower end and the last no
 * upper end, so the ranges together cover every key, also keys written after the boundaries were
 * chosen. {@code empty} marks a partition left without keys (fewer keys than partitions).
 *
 * <p>Kept in the partition's step execution context, so that a restarted partition reads the same
 * range from its last committed chunk. Boundaries are text; the feature converts them to the key
 * column's type when binding.
 */
public record KeyRange(int index, int count, String from, String to, boolean empty) {

  public static final String INDEX = "partition.index";
  public static final String COUNT = "partition.count";
  public static final String FROM = "partition.from";
  public static final String TO = "partition.to";
  public static final String EMPTY = "partition.empty";

  /** The process that ran (or runs) the partition: {@code host pid N}. */
  public static final String WORKER = "partition.worker";

  public static String thisProcess() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + " pid " + ProcessHandle.current().pid();
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
            Boolean.parseBoolean(context.getString(EMPTY, "false"))));
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
