package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import com.athletebatch.step.RunClock;
import com.athletebatch.step.SkipLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes one chunk of scored rows back: one batched UPDATE for the scored rows and one for the
 * status-only rows (SKIPPED_EMPTY, FAILED), plus the skip log, all in the chunk's transaction.
 * Per-outcome counts are kept in the step's execution context, which is saved in the same
 * transaction, so after a restart they match what was committed.
 */
public class ScoreWriter implements ItemWriter<ScoredRow>, StepExecutionListener {

  public static final String SCORED = "scored";
  public static final String SKIPPED_EMPTY = "skippedEmpty";
  public static final String FAILED = "failed";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScoreTable table;
  private final Dialect dialect;
  private final JdbcTemplate jdbc;
  private final SkipLog skipLog;
  private final String updateScored;
  private final String updateStatus;
  private final String updateScoredArrays;
  private final String updateStatusArrays;
  private final int[] scoredTypes;
  private StepExecution stepExecution;

  public ScoreWriter(ScoreTable table, Dialect dialect, JdbcTemplate jdbc, SkipLog skipLog) {
    this.table = table;
    this.dialect = dialect;
    this.jdbc = jdbc;
    this.skipLog = skipLog;
    this.updateScored = ScoringQueries.updateScored(table, dialect);
    this.updateStatus = ScoringQueries.updateStatus(table, dialect);
    this.updateScoredArrays = ScoringQueries.updateScoredFromArrays(table);
    this.updateStatusArrays = ScoringQueries.updateStatusFromArrays(table);
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      types.add(Types.INTEGER);
      types.add(Types.VARCHAR);
    }
    types.addAll(
        List.of(Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR));
    this.scoredTypes = types.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
  }

  @Override
  public void write(Chunk<? extends ScoredRow> chunk) throws JsonProcessingException {
    LocalDateTime now = RunClock.nowUtc();
    List<Object[]> scored = new ArrayList<>();
    List<Object[]> statusOnly = new ArrayList<>();
    List<SkipLog.Entry> skips = new ArrayList<>();
    int empty = 0;
    for (ScoredRow row : chunk) {
      ScoringOutcome outcome = row.outcome();
      if (outcome instanceof ScoringOutcome.Scored s) {
        scored.add(scoredRow(row.id(), s.card(), now));
      } else if (outcome instanceof ScoringOutcome.Empty e) {
        statusOnly.add(
            new Object[] {
              "SKIPPED_EMPTY", statusJson("SKIPPED_EMPTY", e.reason(), null), now, row.id()
            });
        empty++;
      } else if (outcome instanceof ScoringOutcome.Invalid i) {
        statusOnly.add(
            new Object[] {"FAILED", statusJson("FAILED", i.reason(), i.details()), now, row.id()});
        String code =
            i.details() == null
                ? "invalid_data"
                : i.details().containsKey("code")
                    ? String.valueOf(i.details().get("code"))
                    : i.details().containsKey("exception") ? "scorer_error" : "invalid_data";
        skips.add(new SkipLog.Entry(table.tableName(), row.id(), code, i.reason()));
      }
    }
    if (dialect == Dialect.POSTGRESQL) {
      writeAsArrays(scored, statusOnly, now);
    } else {
      if (!scored.isEmpty()) {
        jdbc.batchUpdate(updateScored, scored, scoredTypes);
      }
      if (!statusOnly.isEmpty()) {
        jdbc.batchUpdate(
            updateStatus,
            statusOnly,
            new int[] {Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.VARCHAR});
      }
    }
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
    ExecutionContext context = stepExecution.getExecutionContext();
    add(context, SCORED, scored.size());
    add(context, SKIPPED_EMPTY, empty);
    add(context, FAILED, skips.size());
  }

  /** PostgreSQL: one UPDATE … FROM unnest(arrays) per kind of outcome for the whole chunk. */
  private void writeAsArrays(List<Object[]> scored, List<Object[]> statusOnly, LocalDateTime now) {
    if (!scored.isEmpty()) {
      int columns = 2 * table.columns().size();
      jdbc.update(
          connection -> {
            PreparedStatement ps = connection.prepareStatement(updateScoredArrays);
            ps.setObject(1, now);
            ps.setObject(2, now);
            ps.setArray(
                3, connection.createArrayOf("text", column(scored, columns + 4, String.class)));
            for (int c = 0; c < columns; c++) {
              ps.setArray(
                  4 + c,
                  c % 2 == 0
                      ? connection.createArrayOf("int4", column(scored, c, Integer.class))
                      : connection.createArrayOf("text", column(scored, c, String.class)));
            }
            ps.setArray(
                4 + columns,
                connection.createArrayOf("text", column(scored, columns, String.class)));
            ps.setArray(
                5 + columns,
                connection.createArrayOf("text", column(scored, columns + 1, String.class)));
            return ps;
          });
    }
    if (!statusOnly.isEmpty()) {
      jdbc.update(
          connection -> {
            PreparedStatement ps = connection.prepareStatement(updateStatusArrays);
            ps.setObject(1, now);
            ps.setArray(2, connection.createArrayOf("text", column(statusOnly, 3, String.class)));
            ps.setArray(3, connection.createArrayOf("text", column(statusOnly, 0, String.class)));
            ps.setArray(4, connection.createArrayOf("text", column(statusOnly, 1, String.class)));
            return ps;
          });
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T[] column(List<Object[]> rows, int index, Class<T> type) {
    T[] values = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      values[i] = type.cast(rows.get(i)[index]);
    }
    return values;
  }

  private Object[] scoredRow(String id, ScoreCard card, LocalDateTime now)
      throws JsonProcessingException {
    return scoredValues(table, id, card, now);
  }

  /** The parameters of {@link ScoringQueries#updateScored} for one scored row. */
  public static Object[] scoredValues(
      ScoreTable table, String id, ScoreCard card, LocalDateTime now)
      throws JsonProcessingException {
    List<Object> values = new ArrayList<>();
    for (ScoreTable.Column column : table.columns()) {
      SubScore score =
          column.part().equals("overall") ? card.overall() : card.parts().get(column.part());
      values.add(score == null ? null : score.value());
      values.add(score == null ? null : score.explanation());
    }
    values.add(card.summaryMarkdown());
    values.add(JSON.writeValueAsString(card.analysis()));
    values.add(now);
    values.add(now);
    values.add(id);
    return values.toArray();
  }

  private String statusJson(String status, String reason, Map<String, Object> details)
      throws JsonProcessingException {
    return statusJson(table, status, reason, details);
  }

  /** The "aiAnalysisJson" of a row that was not scored (SKIPPED_EMPTY or FAILED). */
  public static String statusJson(
      ScoreTable table, String status, String reason, Map<String, Object> details)
      throws JsonProcessingException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scorer", table.scorerName());
    json.put("status", status);
    json.put("reason", reason);
    if (details != null && !details.isEmpty()) {
      json.put("details", details);
    }
    return JSON.writeValueAsString(json);
  }

  private static void add(ExecutionContext context, String key, int n) {
    context.putLong(key, context.getLong(key, 0L) + n);
  }
}
