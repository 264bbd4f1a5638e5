package com.athletebatch.step;

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
  private final String insert;
  private final String itemIds;

  public SkipLog(JdbcTemplate jdbc, String skipLogTable) {
    this.jdbc = jdbc;
    this.insert =
        "INSERT INTO "
            + skipLogTable
            + " (JOB_EXECUTION_ID, STEP_NAME, TABLE_NAME, ITEM_ID, REASON_CODE, REASON) VALUES (?, ?, ?, ?, ?, ?)";
    this.itemIds =
        "SELECT DISTINCT ITEM_ID FROM "
            + skipLogTable
            + " WHERE JOB_EXECUTION_ID IN (:executions) AND TABLE_NAME = :table"
            + " AND REASON_CODE = :code";
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

  public void record(long jobExecutionId, String stepName, List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Object[]> rows =
        entries.stream()
            .map(
                e ->
                    new Object[] {
                      jobExecutionId,
                      stepName,
                      e.tableName(),
                      truncate(e.itemId(), 100),
                      truncate(e.reasonCode(), 100),
                      truncate(e.reason(), MAX_REASON)
                    })
            .toList();
    jdbc.batchUpdate(
        insert,
        rows,
        new int[] {
          Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR
        });
  }

  private static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
