package com.athletebatch.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Runs one scorer over one row. Future-dated rows are filtered out (left exactly as they are). A
 * scorer that throws never fails the job: the row is marked FAILED with the error as its reason.
 */
public class ScoringProcessor<F> implements ItemProcessor<F, ScoredRow> {

    private final ScoreTable table;
    private final Function<F, String> id;
    private final Predicate<F> futureDated;
    private final Function<F, ScoringOutcome> scorer;

    public ScoringProcessor(ScoreTable table, Function<F, String> id, Predicate<F> futureDated,
                            Function<F, ScoringOutcome> scorer) {
        this.table = table;
        this.id = id;
        this.futureDated = futureDated;
        this.scorer = scorer;
    }

    @Override
    public ScoredRow process(F facts) {
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
        return new ScoredRow(table, id.apply(facts), outcome);
    }
}
