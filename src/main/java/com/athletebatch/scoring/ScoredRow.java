package com.athletebatch.scoring;

import com.athletebatch.scoring.core.ScoringOutcome;

/** One row after scoring, on its way to the writer. */
public record ScoredRow(ScoreTable table, String id, ScoringOutcome outcome, RowVersion version) {}
