package com.athletebatch.web;

import com.athletebatch.capability.CapabilityQueries;
import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.ScoreTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data page's reads of the application's tables: score histograms and analysis statuses of the
 * score backfill's tables (one scan each, columns from {@link ScoreTable}), and capability
 * projections by status per key. The runbook's coverage and lag queries run from {@code
 * sql/monitoring/} instead.
 */
public class DashboardQueries {

  /** Counts of the scores 1..10 of one score column; index 0 is the score 1. */
  public record Histogram(String part, String column, long[] counts) {
    public long max() {
      long max = 0;
      for (long c : counts) {
        max = Math.max(max, c);
      }
      return max;
    }
  }

  public record TableScores(
      String table, List<Histogram> histograms, Map<String, Long> analysisStatuses) {}

  private final JdbcTemplate jdbc;
  private final Dialect dialect;

  public DashboardQueries(DataSource dataSource, Dialect dialect) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.dialect = dialect;
  }

  public TableScores scores(ScoreTable table) {
    StringBuilder sql = new StringBuilder("SELECT ");
    List<ScoreTable.Column> columns = table.columns();
    for (int c = 0; c < columns.size(); c++) {
      for (int score = 1; score <= 10; score++) {
        if (c > 0 || score > 1) {
          sql.append(", ");
        }
        // Identifiers from ScoreTable, never from a request.
        sql.append("sum(CASE WHEN \"")
            .append(columns.get(c).scoreColumn())
            .append("\" = ")
            .append(score)
            .append(" THEN 1 ELSE 0 END)");
      }
    }
    sql.append(" FROM ").append(table.quotedName());
    List<Histogram> histograms = new ArrayList<>();
    jdbc.query(
        sql.toString(),
        rs -> {
          for (int c = 0; c < columns.size(); c++) {
            long[] counts = new long[10];
            for (int score = 0; score < 10; score++) {
              counts[score] = rs.getLong(c * 10 + score + 1);
            }
            histograms.add(
                new Histogram(columns.get(c).part(), columns.get(c).scoreColumn(), counts));
          }
        });
    Map<String, Long> statuses = new LinkedHashMap<>();
    jdbc.query(
        "SELECT coalesce(\"aiAnalysisStatus\", '(null)') AS status, count(*) AS n FROM "
            + table.quotedName()
            + " GROUP BY \"aiAnalysisStatus\" ORDER BY n DESC",
        rs -> {
          statuses.put(rs.getString("status"), rs.getLong("n"));
        });
    return new TableScores(table.tableName(), histograms, statuses);
  }

  /** Capability projections: key → status → count. */
  public Map<String, Map<String, Long>> projectionStatuses() {
    String status =
        dialect == Dialect.POSTGRESQL
            ? "data->>'status'"
            : "regexp_replace(CAST(data AS VARCHAR), '^.*\"status\":\\s*\"([a-z_]+)\".*$', '\\1')";
    Map<String, Map<String, Long>> result = new LinkedHashMap<>();
    jdbc.query(
        "SELECT key, "
            + status
            + " AS status, count(*) AS n FROM projections WHERE projection_type = ? GROUP BY key, "
            + status
            + " ORDER BY key, status",
        (org.springframework.jdbc.core.RowCallbackHandler)
            rs -> {
              result
                  .computeIfAbsent(rs.getString("key"), k -> new LinkedHashMap<>())
                  .put(rs.getString("status"), rs.getLong("n"));
            },
        CapabilityQueries.PROJECTION_TYPE);
    return result;
  }
}
