package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.step.SkipLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Future-dated rows are never read (the reader's selection stops at the run's cut-off) and are left
 * exactly as they are; so that they are not silently ignored, each step execution records them in
 * the skip log (reason code {@value #CODE}) when it starts, and counts them.
 */
class FutureDatedRows implements StepExecutionListener {

  static final String CODE = "future_dated";
  static final String COUNT = "futureDated";

  /** More than this many future rows is a data problem of its own; the log keeps the first ones. */
  static final int MAX_LOGGED = 10_000;

  private final ScoreTable table;
  private final Dialect dialect;
  private final NamedParameterJdbcTemplate jdbc;
  private final SkipLog skipLog;

  FutureDatedRows(ScoreTable table, Dialect dialect, DataSource dataSource, SkipLog skipLog) {
    this.table = table;
    this.dialect = dialect;
    JdbcTemplate template = new JdbcTemplate(dataSource);
    template.setMaxRows(MAX_LOGGED);
    this.jdbc = new NamedParameterJdbcTemplate(template);
    this.skipLog = skipLog;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    ScoreSelection selection = ScoreSelection.from(stepExecution.getJobParameters());
    Map<String, Object> params = new HashMap<>();
    String sql =
        ScoringQueries.futureDatedRows(
            table, ScoringQueries.futureDatedWhere(table, selection, dialect, params));
    List<SkipLog.Entry> entries = new ArrayList<>();
    jdbc.query(
        sql,
        params,
        rs -> {
          entries.add(
              new SkipLog.Entry(
                  table.tableName(),
                  rs.getString("id"),
                  CODE,
                  "dated "
                      + rs.getString("date")
                      + ", after the run's cut-off "
                      + selection.asOf()
                      + " (UTC); left as it is"));
        });
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), entries);
    stepExecution.getExecutionContext().putLong(COUNT, entries.size());
  }
}
