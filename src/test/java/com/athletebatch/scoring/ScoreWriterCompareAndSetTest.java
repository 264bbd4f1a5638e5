package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.scoring.workout.WorkoutScorer;
import com.athletebatch.step.SkipLog;
import com.athletebatch.support.DomainRows;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The score writer's compare-and-set on both dialects (PostgreSQL: the unnest UPDATE with
 * RETURNING; H2: batched UPDATEs and their counts): rows changed between the read and the write are
 * left as they are and logged changed_concurrently, saying what changed.
 */
class ScoreWriterCompareAndSetTest {

  private static final LocalDateTime DAY = LocalDateTime.of(2026, 3, 1, 7, 30);

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void rowsChangedAfterTheReadAreLeftAsTheyAreAndLogged(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      DomainSchema.createIfMissing(db.dataSource());
      JobRepositorySchema schema = new JobRepositorySchema(db.dataSource(), dialect, "batch");
      schema.createIfMissing();
      JdbcTemplate jdbc = db.jdbc();
      DomainRows rows = new DomainRows(jdbc, dialect);
      rows.user("u1", 72.0, 250, 190, 50, "M");
      for (int i = 1; i <= 6; i++) {
        rows.ride("w" + i, "u1", DAY.plusDays(i), "NOT_STARTED");
      }
      rows.emptyWorkout("w7", "u1", DAY.plusDays(7));
      rows.emptyWorkout("w8", "u1", DAY.plusDays(8));

      List<ScoredRow> read = readAndScore(jdbc, dialect);
      assertThat(read).hasSize(8);

      // The application, between our read and our write:
      jdbc.update(
          "UPDATE \"Workout\" SET \"overallScore\" = 9, \"aiAnalysisStatus\" = 'COMPLETED',"
              + " \"updatedAt\" = ? WHERE id = 'w2'",
          LocalDateTime.of(2026, 6, 1, 0, 0));
      jdbc.update("UPDATE \"Workout\" SET \"aiAnalysisStatus\" = 'PROCESSING' WHERE id = 'w3'");
      jdbc.update(
          "UPDATE \"Workout\" SET \"averageWatts\" = 180, \"updatedAt\" = ? WHERE id = 'w4'",
          LocalDateTime.of(2026, 6, 1, 0, 0, 0, 123_000_000));
      jdbc.update("DELETE FROM \"Workout\" WHERE id = 'w5'");
      jdbc.update(
          "UPDATE \"Workout\" SET \"aiAnalysisStatus\" = 'PENDING', \"updatedAt\" = ? WHERE id = 'w8'",
          LocalDateTime.of(2026, 6, 1, 0, 0));
      Map<String, Map<String, Object>> byApp = new HashMap<>();
      for (String id : List.of("w2", "w3", "w4", "w8")) {
        byApp.put(id, jdbc.queryForMap("SELECT * FROM \"Workout\" WHERE id = ?", id));
      }

      StepExecution step = MetaDataInstanceFactory.createStepExecution();
      ScoreWriter writer =
          new ScoreWriter(
              ScoreTable.WORKOUT, dialect, jdbc, new SkipLog(jdbc, schema.skipLogTable()), null);
      writer.beforeStep(step);
      new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()))
          .executeWithoutResult(status -> writer.write(new Chunk<>(read)));

      for (String id : List.of("w1", "w6")) {
        assertThat(
                jdbc.queryForObject(
                    "SELECT \"overallScore\" FROM \"Workout\" WHERE id = ?", Integer.class, id))
            .as(id)
            .isBetween(1, 10);
      }
      assertThat(
              jdbc.queryForObject(
                  "SELECT \"aiAnalysisStatus\" FROM \"Workout\" WHERE id = 'w7'", String.class))
          .isEqualTo("SKIPPED_EMPTY");
      byApp.forEach(
          (id, row) ->
              assertThat(jdbc.queryForMap("SELECT * FROM \"Workout\" WHERE id = ?", id))
                  .as(id)
                  .isEqualTo(row));

      Map<String, String> logged = new LinkedHashMap<>();
      jdbc.query(
          "SELECT ITEM_ID, REASON_CODE, REASON FROM " + schema.skipLogTable() + " ORDER BY ITEM_ID",
          rs -> {
            logged.put(
                rs.getString("ITEM_ID"),
                rs.getString("REASON_CODE") + ": " + rs.getString("REASON"));
          });
      assertThat(logged).containsOnlyKeys("w2", "w3", "w4", "w5", "w8");
      assertThat(logged.get("w2"))
          .startsWith("changed_concurrently")
          .contains("status NOT_STARTED -> COMPLETED")
          .contains("scored (overallScore 9)")
          .contains("updatedAt 2026-01-01T00:00 -> 2026-06-01T00:00");
      assertThat(logged.get("w3")).contains("status NOT_STARTED -> PROCESSING");
      assertThat(logged.get("w3")).doesNotContain("updatedAt");
      assertThat(logged.get("w4"))
          .contains("updatedAt 2026-01-01T00:00 -> 2026-06-01T00:00:00.123");
      assertThat(logged.get("w5")).contains("(deleted)");
      assertThat(logged.get("w8")).contains("status NOT_STARTED -> PENDING");
      assertThat(step.getExecutionContext().getLong(ScoreWriter.SCORED)).isEqualTo(2);
      assertThat(step.getExecutionContext().getLong(ScoreWriter.SKIPPED_EMPTY)).isEqualTo(1);
      assertThat(step.getExecutionContext().getLong(ScoreWriter.CHANGED_CONCURRENTLY)).isEqualTo(5);
    }
  }

  /** The job's own read (reader SQL and row mapper) and scoring of every eligible workout. */
  private static List<ScoredRow> readAndScore(JdbcTemplate jdbc, Dialect dialect) {
    ScoreSelection selection =
        new ScoreSelection(false, null, null, null, LocalDateTime.of(2030, 1, 1, 0, 0), 100);
    Map<String, Object> params = new HashMap<>();
    String where = ScoringQueries.eligibleWhere(ScoreTable.WORKOUT, selection, dialect, params);
    params.put("ids", List.of("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"));
    ScoringProcessor<com.athletebatch.scoring.workout.WorkoutFacts> processor =
        new ScoringProcessor<>(ScoreTable.WORKOUT, f -> false, new WorkoutScorer()::score);
    List<ScoredRow> scored = new ArrayList<>();
    for (ReadRow<com.athletebatch.scoring.workout.WorkoutFacts> row :
        new NamedParameterJdbcTemplate(jdbc)
            .query(
                ScoringQueries.readerRowsById(ScoreTable.WORKOUT, where, dialect),
                params,
                FactsRowMappers.WORKOUT)) {
      scored.add(processor.process(row));
    }
    return scored;
  }
}
