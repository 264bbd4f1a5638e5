package com.athletebatch.step;

import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Counts the rows a step will read when it starts and keeps the count in the step's execution
 * context ({@value #TOTAL}), so that progress can be shown as a percentage from the job repository.
 */
public class EligibleRowCounter implements StepExecutionListener {

  public static final String TOTAL = "progress.total";

  /** The count statement with its named parameters. */
  public record CountQuery(String sql, Map<String, Object> params) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final Function<StepExecution, CountQuery> query;

  public EligibleRowCounter(DataSource dataSource, Function<StepExecution, CountQuery> query) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.query = query;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    CountQuery q = query.apply(stepExecution);
    Long total = jdbc.queryForObject(q.sql(), q.params(), Long.class);
    stepExecution.getExecutionContext().putLong(TOTAL, total == null ? 0 : total);
  }
}
