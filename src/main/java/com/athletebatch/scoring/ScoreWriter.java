package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import com.athletebatch.step.RunClock;
import com.athletebatch.step.SkipLog;
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
    this.scoredTypes = ScoredUpdate.types(table.columns().size());
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
  }

  /**
   * One scored row's UPDATE: a score and an explanation per {@link ScoreTable} column, in the
   * table's column order (null where the data could not support the score).
   */
  public record ScoredUpdate(
      String id,
      List<Integer> scores,
      List<String> explanations,
      String summaryMarkdown,
      String analysisJson) {

    public static ScoredUpdate of(ScoreTable table, String id, ScoreCard card) {
      List<Integer> scores = new ArrayList<>();
      List<String> explanations = new ArrayList<>();
      for (ScoreTable.Column column : table.columns()) {
        SubScore score =
            column.part().equals("overall") ? card.overall() : card.parts().get(column.part());
        scores.add(score == null ? null : score.value());
        explanations.add(score == null ? null : score.explanation());
      }
      return new ScoredUpdate(
          id,
          scores,
          explanations,
          card.summaryMarkdown(),
          JsonMappers.MAPPER.writeValueAsString(card.analysis()));
    }

    /** The parameters of {@link ScoringQueries#updateScored}, in its order. */
    public Object[] parameters(LocalDateTime now) {
      List<Object> values = new ArrayList<>();
      for (int c = 0; c < scores.size(); c++) {
        values.add(scores.get(c));
        values.add(explanations.get(c));
      }
      values.addAll(java.util.Arrays.asList(summaryMarkdown, analysisJson, now, now, id));
      return values.toArray();
    }

    /** The SQL types of {@link #parameters}, for a table of {@code columns} score columns. */
    public static int[] types(int columns) {
      List<Integer> types = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        types.add(Types.INTEGER);
        types.add(Types.VARCHAR);
      }
      types.addAll(
          List.of(Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR));
      return types.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** A row that was not scored: its status (SKIPPED_EMPTY or FAILED) and "aiAnalysisJson". */
  public record StatusUpdate(String id, String status, String json) {

    static final int[] TYPES = {Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.VARCHAR};

    /** The parameters of {@link ScoringQueries#updateStatus}, in its order. */
    public Object[] parameters(LocalDateTime now) {
      return new Object[] {status, json, now, id};
    }
  }

  @Override
  public void write(Chunk<? extends ScoredRow> chunk) {
    LocalDateTime now = RunClock.nowUtc();
    List<ScoredUpdate> scored = new ArrayList<>();
    List<StatusUpdate> statusOnly = new ArrayList<>();
    List<SkipLog.Entry> skips = new ArrayList<>();
    int empty = 0;
    for (ScoredRow row : chunk) {
      ScoringOutcome outcome = row.outcome();
      if (outcome instanceof ScoringOutcome.Scored s) {
        scored.add(ScoredUpdate.of(table, row.id(), s.card()));
      } else if (outcome instanceof ScoringOutcome.Empty e) {
        statusOnly.add(
            new StatusUpdate(
                row.id(),
                AnalysisStatus.SKIPPED_EMPTY.name(),
                statusJson(AnalysisStatus.SKIPPED_EMPTY.name(), e.reason(), null)));
        empty++;
      } else if (outcome instanceof ScoringOutcome.Invalid i) {
        statusOnly.add(
            new StatusUpdate(
                row.id(),
                AnalysisStatus.FAILED.name(),
                statusJson(AnalysisStatus.FAILED.name(), i.reason(), i.details())));
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
        jdbc.batchUpdate(
            updateScored, scored.stream().map(u -> u.parameters(now)).toList(), scoredTypes);
      }
      if (!statusOnly.isEmpty()) {
        jdbc.batchUpdate(
            updateStatus,
            statusOnly.stream().map(u -> u.parameters(now)).toList(),
            StatusUpdate.TYPES);
      }
    }
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
    ExecutionContext context = stepExecution.getExecutionContext();
    add(context, SCORED, scored.size());
    add(context, SKIPPED_EMPTY, empty);
    add(context, FAILED, skips.size());
  }

  /** PostgreSQL: one UPDATE … FROM unnest(arrays) per kind of outcome for the whole chunk. */
  private void writeAsArrays(
      List<ScoredUpdate> scored, List<StatusUpdate> statusOnly, LocalDateTime now) {
    if (!scored.isEmpty()) {
      int columns = table.columns().size();
      jdbc.update(
          connection -> {
            PreparedStatement ps = connection.prepareStatement(updateScoredArrays);
            ps.setObject(1, now);
            ps.setObject(2, now);
            ps.setArray(
                3, connection.createArrayOf("text", array(scored, ScoredUpdate::id, String.class)));
            for (int c = 0; c < columns; c++) {
              int column = c;
              ps.setArray(
                  4 + 2 * c,
                  connection.createArrayOf(
                      "int4", array(scored, u -> u.scores().get(column), Integer.class)));
              ps.setArray(
                  5 + 2 * c,
                  connection.createArrayOf(
                      "text", array(scored, u -> u.explanations().get(column), String.class)));
            }
            ps.setArray(
                4 + 2 * columns,
                connection.createArrayOf(
                    "text", array(scored, ScoredUpdate::summaryMarkdown, String.class)));
            ps.setArray(
                5 + 2 * columns,
                connection.createArrayOf(
                    "text", array(scored, ScoredUpdate::analysisJson, String.class)));
            return ps;
          });
    }
    if (!statusOnly.isEmpty()) {
      jdbc.update(
          connection -> {
            PreparedStatement ps = connection.prepareStatement(updateStatusArrays);
            ps.setObject(1, now);
            ps.setArray(
                2,
                connection.createArrayOf(
                    "text", array(statusOnly, StatusUpdate::id, String.class)));
            ps.setArray(
                3,
                connection.createArrayOf(
                    "text", array(statusOnly, StatusUpdate::status, String.class)));
            ps.setArray(
                4,
                connection.createArrayOf(
                    "text", array(statusOnly, StatusUpdate::json, String.class)));
            return ps;
          });
    }
  }

  /** One field of every row, as the array PostgreSQL's unnest takes. */
  @SuppressWarnings("unchecked")
  private static <R, T> T[] array(
      List<R> rows, java.util.function.Function<R, T> field, Class<T> type) {
    T[] values = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      values[i] = field.apply(rows.get(i));
    }
    return values;
  }

  private String statusJson(String status, String reason, Map<String, Object> details) {
    return statusJson(table, status, reason, details);
  }

  /** The "aiAnalysisJson" of a row that was not scored (SKIPPED_EMPTY or FAILED). */
  public static String statusJson(
      ScoreTable table, String status, String reason, Map<String, Object> details) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scorer", table.scorerName());
    json.put("status", status);
    json.put("reason", reason);
    if (details != null && !details.isEmpty()) {
      json.put("details", details);
    }
    return JsonMappers.MAPPER.writeValueAsString(json);
  }

  private static void add(ExecutionContext context, String key, int n) {
    context.putLong(key, context.getLong(key, 0L) + n);
  }
}
