package com.athletebatch.scoring.llm;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.FactsRowMappers;
import com.athletebatch.scoring.ReadRow;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.ScoredRow;
import com.athletebatch.scoring.ScoringProcessor;
import com.athletebatch.scoring.ScoringQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code --dry-run} with an LLM scorer: the tokens the run would cost. The first {@value #SAMPLE}
 * eligible rows of each table (by id) are read and scored deterministically, the client estimates
 * each row that would be sent ({@link LlmScoringClient#estimate}, no call is made), and the
 * sample's tokens per row are scaled up to the table's eligible rows.
 */
public final class LlmDryRun {

  public static final int SAMPLE = 200;

  /**
   * @param sampled rows read; {@code sent} of them would go to the model (the others are invalid,
   *     empty or future-dated)
   */
  public record Estimate(
      ScoreTable table, long eligible, int sampled, int sent, TokenUsage estimated) {}

  private LlmDryRun() {}

  public static List<Estimate> estimate(
      DataSource dataSource,
      Dialect dialect,
      ScoreSelection selection,
      LlmRun run,
      LlmScoringClient client,
      Map<ScoreTable, Long> eligible) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.setMaxRows(SAMPLE);
    NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
    List<Estimate> estimates = new ArrayList<>();
    try (LlmScoring llm = new LlmScoring(run, client)) {
      estimates.add(
          table(
              named,
              dialect,
              selection,
              ScoreTable.WORKOUT,
              FactsRowMappers.WORKOUT,
              ScoreBackfillJobConfiguration.workoutProcessor(selection),
              llm,
              eligible));
      estimates.add(
          table(
              named,
              dialect,
              selection,
              ScoreTable.NUTRITION,
              FactsRowMappers.NUTRITION,
              ScoreBackfillJobConfiguration.nutritionProcessor(selection),
              llm,
              eligible));
    }
    return estimates;
  }

  private static <F> Estimate table(
      NamedParameterJdbcTemplate named,
      Dialect dialect,
      ScoreSelection selection,
      ScoreTable table,
      RowMapper<ReadRow<F>> mapper,
      ScoringProcessor<F> processor,
      LlmScoring llm,
      Map<ScoreTable, Long> eligible) {
    Map<String, Object> params = new HashMap<>();
    String where = ScoringQueries.eligibleWhere(table, selection, dialect, params);
    List<ReadRow<F>> rows =
        named.query(
            "SELECT * FROM " + ScoringQueries.readerFrom(table, where, dialect) + " ORDER BY id",
            params,
            mapper);
    List<ScoredRow> scored = new ArrayList<>();
    for (ReadRow<F> row : rows) {
      ScoredRow s = processor.process(row);
      if (s != null) {
        scored.add(s);
      }
    }
    int sent =
        (int)
            scored.stream()
                .filter(
                    r -> r.outcome() instanceof com.athletebatch.scoring.core.ScoringOutcome.Scored)
                .count();
    TokenUsage sample = llm.estimate(scored);
    long total = eligible.getOrDefault(table, 0L);
    TokenUsage scaled =
        rows.isEmpty()
            ? TokenUsage.NONE
            : new TokenUsage(
                Math.round((double) sample.input() * total / rows.size()),
                Math.round((double) sample.output() * total / rows.size()));
    return new Estimate(table, total, rows.size(), sent, scaled);
  }
}
