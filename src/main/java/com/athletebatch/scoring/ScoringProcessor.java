package com.athletebatch.scoring;

import com.athletebatch.scoring.core.ScoringOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Runs one scorer over one row. Future-dated rows are filtered out (left exactly as they are). A
 * row the reader could not map, or a scorer that throws, never fails the job: the row is marked
 * FAILED with the reason.
 */
public class ScoringProcessor<F> implements ItemProcessor<ReadRow<F>, ScoredRow> {

  private final ScoreTable table;
  private final Predicate<F> futureDated;
  private final Function<F, ScoringOutcome> scorer;

  public ScoringProcessor(
      ScoreTable table, Predicate<F> futureDated, Function<F, ScoringOutcome> scorer) {
    this.table = table;
    this.futureDated = futureDated;
    this.scorer = scorer;
  }

  @Override
  public ScoredRow process(ReadRow<F> row) {
    if (row.problem() != null) {
      return new ScoredRow(table, row.id(), row.problem(), row.version());
    }
    F facts = row.facts();
    if (futureDated.test(facts)) {
      return null;
    }
    ScoringOutcome outcome;
    try {
      outcome = scorer.apply(facts);
    } catch (RuntimeException e) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("exception", e.getClass().getName());
      outcome = new ScoringOutcome.Invalid("scorer error: " + e.getMessage(), details);
    }
    return new ScoredRow(table, row.id(), outcome, row.version());
  }
}
