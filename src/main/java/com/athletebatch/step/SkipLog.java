package com.athletebatch.step;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.PgArrays;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Writes the skip log: one row per item a job left out, with a reason code and a reason. It runs in
 * the chunk's transaction, so a rolled-back chunk leaves no skip rows behind.
 */
public class SkipLog {

  /** One skipped item. */
  public record Entry(String tableName, String itemId, String reasonCode, String reason) {}

  private static final int MAX_REASON = 2500;

  private final JdbcTemplate jdbc;
  private final Dialect dialect;
  private final String insert;
  private final String insertArrays;
  private final String itemIds;

  /** Portable: a JDBC batch of single-row inserts. */
  public SkipLog(JdbcTemplate jdbc, String skipLogTable) {
    this(jdbc, skipLogTable, Dialect.H2);
  }

  /**
   * On PostgreSQL, many entries are written as one statement from four arrays: a score step records
   * every future-dated row each run, and the batched inserts of those rows were the largest cost of
   * a nightly run with nothing new (about 70 ms a table for 2,000 rows).
   */
  public SkipLog(JdbcTemplate jdbc, String skipLogTable, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    String columns = " (JOB_EXECUTION_ID, STEP_NAME, TABLE_NAME, ITEM_ID, REASON_CODE, REASON)";
    this.insert = "INSERT INTO " + skipLogTable + columns + " VALUES (?, ?, ?, ?, ?, ?)";
    this.insertArrays =
        "INSERT INTO "
            + skipLogTable
            + columns
            + " SELECT ?, ?, u.t, u.i, u.c, u.r FROM unnest(CAST(? AS text[]),"
            + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS u(t, i, c, r)";
    this.itemIds =
        "SELECT DISTINCT ITEM_ID FROM "
            + skipLogTable
            + " WHERE JOB_EXECUTION_ID IN (:executions) AND TABLE_NAME = :table"
            + " AND REASON_CODE = :code";
  }

  public void record(long jobExecutionId, String stepName, List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Entry> rows =
        entries.stream()
            .map(
                e ->
                    new Entry(
                        truncate(e.tableName(), 100),
                        truncate(e.itemId(), 100),
                        truncate(e.reasonCode(), 100),
                        truncate(e.reason(), MAX_REASON)))
            .toList();
    if (dialect == Dialect.POSTGRESQL && rows.size() > 1) {
      jdbc.update(
          connection -> {
            PreparedStatement ps = connection.prepareStatement(insertArrays);
            ps.setLong(1, jobExecutionId);
            ps.setString(2, stepName);
            ps.setArray(3, PgArrays.text(connection, rows, Entry::tableName));
            ps.setArray(4, PgArrays.text(connection, rows, Entry::itemId));
            ps.setArray(5, PgArrays.text(connection, rows, Entry::reasonCode));
            ps.setArray(6, PgArrays.text(connection, rows, Entry::reason));
            return ps;
          });
      return;
    }
    jdbc.batchUpdate(
        insert,
        rows.stream()
            .map(
                e ->
                    new Object[] {
                      jobExecutionId,
                      stepName,
                      e.tableName(),
                      e.itemId(),
                      e.reasonCode(),
                      e.reason()
                    })
            .toList(),
        new int[] {
          Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR
        });
  }

  /** The ids of the items the job executions skipped from {@code tableName} for one reason. */
  public List<String> itemIds(
      Collection<Long> jobExecutionIds, String tableName, String reasonCode) {
    if (jobExecutionIds.isEmpty()) {
      return List.of();
    }
    return new NamedParameterJdbcTemplate(jdbc)
        .queryForList(
            itemIds,
            Map.of("executions", jobExecutionIds, "table", tableName, "code", reasonCode),
            String.class);
  }

  private static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
