package com.athletebatch.step;

import com.athletebatch.json.JsonMappers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Counts the rows a step will read when it starts and keeps the count in the step's execution
 * context ({@value #TOTAL}), so that progress can be shown as a percentage from the job repository.
 *
 * <p>On PostgreSQL an exact count of a large selection is a second full pass over what the reader
 * is about to read anyway (the upstream schema has no index for the score backfill's predicate). So
 * the planner is asked first ({@code EXPLAIN} of {@link CountQuery#rowsSql}): when the plan costs
 * at least {@value #ESTIMATE_FROM_COST} its row estimate is the total (marked {@value #ESTIMATED};
 * accurate as far as the table's statistics are); a cheap plan is counted exactly, so small tables,
 * and tests, see exact totals.
 */
public class EligibleRowCounter implements StepExecutionListener {

  public static final String TOTAL = "progress.total";

  /** True when {@value #TOTAL} is the planner's estimate, not a count. */
  public static final String ESTIMATED = "progress.total.estimated";

  /** Plan cost (PostgreSQL's units, ~ sequential page reads) from which the estimate is used. */
  public static final double ESTIMATE_FROM_COST = 1000;

  /**
   * The count statement with its named parameters; {@code rowsSql} (may be null) returns one row
   * per counted item, for the planner's estimate.
   */
  public record CountQuery(String sql, Map<String, Object> params, String rowsSql) {
    public CountQuery(String sql, Map<String, Object> params) {
      this(sql, params, null);
    }
  }

  /** The total: a count or the planner's estimate. */
  public record Total(long rows, boolean estimated) {}

  private final DataSource dataSource;
  private final NamedParameterJdbcTemplate jdbc;
  private final Function<StepExecution, CountQuery> query;
  private Boolean postgres;

  public EligibleRowCounter(DataSource dataSource, Function<StepExecution, CountQuery> query) {
    this.dataSource = dataSource;
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.query = query;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    ExecutionContext context = stepExecution.getExecutionContext();
    long partitionSize = context.getLong(KeyRange.SIZE, -1L);
    // A partition's first execution: the partitioner counted its keys a moment ago, exactly (the
    // planner's estimate of a key range can be far off, e.g. the whole step's). A restarted
    // partition already has a total and reads only what follows its last chunk: count again.
    Total total =
        partitionSize >= 0 && !context.containsKey(TOTAL)
            ? new Total(partitionSize, false)
            : total(query.apply(stepExecution));
    context.putLong(TOTAL, total.rows());
    if (total.estimated()) {
      context.put(ESTIMATED, Boolean.TRUE);
    } else {
      context.remove(ESTIMATED);
    }
  }

  /** A completed step's total becomes what it read (see {@link #settle}). */
  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    settle(stepExecution);
    return null;
  }

  /**
   * When the step has COMPLETED, its total becomes the rows it actually read, no longer an estimate
   * or a count taken before rows came and went, so that status and the dashboard show 100 % of what
   * was done. A step that did not complete keeps its total: its remaining share still counts.
   * Idempotent; the context is saved after the listeners' {@code afterStep}.
   */
  public static void settle(StepExecution stepExecution) {
    ExecutionContext context = stepExecution.getExecutionContext();
    if (stepExecution.getStatus() == BatchStatus.COMPLETED && context.containsKey(TOTAL)) {
      context.putLong(TOTAL, stepExecution.getReadCount());
      context.remove(ESTIMATED);
    }
  }

  Total total(CountQuery q) {
    if (q.rowsSql() != null && isPostgres()) {
      JsonNode plan =
          JsonMappers.MAPPER
              .readTree(
                  jdbc.queryForObject(
                      "EXPLAIN (FORMAT JSON) " + q.rowsSql(), q.params(), String.class))
              .get(0)
              .get("Plan");
      if (plan.get("Total Cost").asDouble() >= ESTIMATE_FROM_COST) {
        return new Total(Math.round(plan.get("Plan Rows").asDouble()), true);
      }
    }
    Long count = jdbc.queryForObject(q.sql(), q.params(), Long.class);
    return new Total(count == null ? 0 : count, false);
  }

  private boolean isPostgres() {
    if (postgres == null) {
      try (Connection c = dataSource.getConnection()) {
        postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
      } catch (SQLException e) {
        postgres = false;
      }
    }
    return postgres;
  }
}
