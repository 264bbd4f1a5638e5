package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.RequiredTables;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Counts the rows a score backfill would take, per table (the dry run and the prompt use it). */
public final class EligibleRows {

  private EligibleRows() {}

  public static Map<ScoreTable, Long> count(
      DataSource dataSource, Dialect dialect, ScoreSelection selection) {
    RequiredTables.check(
        dataSource, ScoreBackfillJobConfiguration.JOB_NAME, ScoringQueries.REQUIRED_TABLES);
    NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
    Map<ScoreTable, Long> counts = new EnumMap<>(ScoreTable.class);
    for (ScoreTable table : ScoreTable.values()) {
      Map<String, Object> params = new HashMap<>();
      String sql =
          ScoringQueries.count(
              table, ScoringQueries.eligibleWhere(table, selection, dialect, params));
      counts.put(table, jdbc.queryForObject(sql, params, Long.class));
    }
    return counts;
  }
}
