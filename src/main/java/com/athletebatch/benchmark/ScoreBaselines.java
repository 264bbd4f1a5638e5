package com.athletebatch.benchmark;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.AnalysisStatus;
import com.athletebatch.scoring.FactsRowMappers;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.ScoreWriter;
import com.athletebatch.scoring.ScoredRow;
import com.athletebatch.scoring.ScoringProcessor;
import com.athletebatch.scoring.ScoringQueries;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.nutrition.NutritionFacts;
import com.athletebatch.scoring.nutrition.NutritionScorer;
import com.athletebatch.scoring.workout.WorkoutFacts;
import com.athletebatch.scoring.workout.WorkoutScorer;
import com.athletebatch.step.RunClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/** P1's two comparisons: the set-based floor and the seed's one-transaction-per-item pattern. */
final class ScoreBaselines {

  private ScoreBaselines() {}

  /** The eligible rows' where clause and parameters, exactly as the job builds them. */
  record Where(String sql, Map<String, Object> params) {
    static Where of(ScoreTable table, ScoreSelection selection) {
      Map<String, Object> params = new HashMap<>();
      String sql = ScoringQueries.eligibleWhere(table, selection, Dialect.POSTGRESQL, params);
      return new Where(sql, params);
    }
  }

  static List<String> sampleIds(
      DataSource ds, ScoreTable table, ScoreSelection selection, int limit) {
    Where where = Where.of(table, selection);
    Map<String, Object> params = new HashMap<>(where.params());
    params.put("limit", limit);
    return new NamedParameterJdbcTemplate(ds)
        .queryForList(BenchmarkQueries.eligibleIds(table, where.sql()), params, String.class);
  }

  static String eligibleIdAt(
      DataSource ds, ScoreTable table, ScoreSelection selection, long offset) {
    Where where = Where.of(table, selection);
    Map<String, Object> params = new HashMap<>(where.params());
    params.put("offset", offset);
    return new NamedParameterJdbcTemplate(ds)
        .queryForObject(BenchmarkQueries.eligibleIdAt(table, where.sql()), params, String.class);
  }

  /** One set-based UPDATE of the table's eligible rows; returns seconds and rows. */
  static Timed floor(DataSource ds, ScoreTable table, ScoreSelection selection) {
    Where where = Where.of(table, selection);
    long start = System.nanoTime();
    int rows =
        new NamedParameterJdbcTemplate(ds)
            .update(BenchmarkQueries.floorUpdate(table, where.sql()), where.params());
    return new Timed(seconds(start), rows);
  }

  static double writtenBytes(DataSource ds, ScoreTable table) {
    Double bytes =
        new JdbcTemplate(ds).queryForObject(BenchmarkQueries.writtenBytes(table), Double.class);
    return bytes == null ? 0 : bytes;
  }

  /**
   * The seed's pattern: per item one transaction that selects the row (the job's own reader query
   * for that id), scores it with the same Java scorer and updates it with a single-row UPDATE.
   */
  static Timed perItem(DataSource ds, ScoreTable table, List<String> ids, LocalDateTime asOf)
      throws Exception {
    String select =
        "SELECT * FROM " + ScoringQueries.readerFrom(table, "x.id = ?", Dialect.POSTGRESQL);
    String updateScored = ScoringQueries.updateScored(table, Dialect.POSTGRESQL);
    String updateStatus = ScoringQueries.updateStatus(table, Dialect.POSTGRESQL);
    Function<ResultSet, ScoredRow> score = scorer(table, asOf);
    Connection connection = DataSourceUtils.getConnection(ds);
    try {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      int done = 0;
      for (String id : ids) {
        ScoredRow row;
        try (PreparedStatement ps = connection.prepareStatement(select)) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            row = rs.next() ? score.apply(rs) : null;
          }
        }
        if (row != null) {
          write(connection, table, row, updateScored, updateStatus);
        }
        connection.commit();
        done++;
      }
      return new Timed(seconds(start), done);
    } finally {
      DataSourceUtils.releaseConnection(connection, ds);
    }
  }

  private static Function<ResultSet, ScoredRow> scorer(ScoreTable table, LocalDateTime asOf) {
    if (table == ScoreTable.WORKOUT) {
      WorkoutScorer scorer = new WorkoutScorer();
      ScoringProcessor<WorkoutFacts> processor =
          new ScoringProcessor<>(table, f -> f.date().isAfter(asOf), scorer::score);
      return rs -> processor.process(map(() -> FactsRowMappers.WORKOUT.mapRow(rs, 1)));
    }
    NutritionScorer scorer = new NutritionScorer();
    ScoringProcessor<NutritionFacts> processor =
        new ScoringProcessor<>(table, f -> f.date().isAfter(asOf.toLocalDate()), scorer::score);
    return rs -> processor.process(map(() -> FactsRowMappers.NUTRITION.mapRow(rs, 1)));
  }

  private interface SqlSupplier<T> {
    T get() throws SQLException;
  }

  private static <T> T map(SqlSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(
      Connection connection,
      ScoreTable table,
      ScoredRow row,
      String updateScored,
      String updateStatus)
      throws SQLException {
    LocalDateTime now = RunClock.nowUtc();
    ScoringOutcome outcome = row.outcome();
    if (outcome instanceof ScoringOutcome.Scored s) {
      Object[] values = ScoreWriter.ScoredUpdate.of(table, row.id(), s.card()).parameters(now);
      try (PreparedStatement ps = connection.prepareStatement(updateScored)) {
        for (int i = 0; i < values.length; i++) {
          int type =
              i < 2 * table.columns().size()
                  ? (i % 2 == 0 ? Types.INTEGER : Types.VARCHAR)
                  : (values[i] instanceof LocalDateTime ? Types.TIMESTAMP : Types.VARCHAR);
          StatementCreatorUtils.setParameterValue(ps, i + 1, type, values[i]);
        }
        ps.executeUpdate();
      }
      return;
    }
    String status;
    String json;
    if (outcome instanceof ScoringOutcome.Empty e) {
      status = AnalysisStatus.SKIPPED_EMPTY.name();
      json = ScoreWriter.statusJson(table, status, e.reason(), null);
    } else {
      ScoringOutcome.Invalid i = (ScoringOutcome.Invalid) outcome;
      status = AnalysisStatus.FAILED.name();
      json = ScoreWriter.statusJson(table, status, i.reason(), i.details());
    }
    try (PreparedStatement ps = connection.prepareStatement(updateStatus)) {
      ps.setString(1, status);
      ps.setString(2, json);
      StatementCreatorUtils.setParameterValue(ps, 3, Types.TIMESTAMP, now);
      ps.setString(4, row.id());
      ps.executeUpdate();
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A measured duration and how many rows (or units) it covered. */
  record Timed(double seconds, long count) {
    double perSecond() {
      return seconds <= 0 ? 0 : count / seconds;
    }
  }
}
