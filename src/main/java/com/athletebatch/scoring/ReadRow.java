package com.athletebatch.scoring;

import com.athletebatch.scoring.core.ScoringOutcome;

/**
 * One row as the reader delivers it: its facts, or, when the row cannot be read into facts (no
 * "User" row, text that is not valid UTF-8, an oversized payload, any mapping error), why not. A
 * row mapper that threw would end the page query and fail the job; this way the bad row is marked
 * FAILED with its reason and the job goes on.
 *
 * @param facts null when {@code problem} is set
 * @param problem null when the row was read
 * @param version the row's status, score and "updatedAt" as read (the writer's compare-and-set)
 */
public record ReadRow<F>(String id, F facts, ScoringOutcome.Invalid problem, RowVersion version) {

  static <F> ReadRow<F> of(String id, F facts, RowVersion version) {
    return new ReadRow<>(id, facts, null, version);
  }

  static <F> ReadRow<F> unreadable(String id, String code, String reason, RowVersion version) {
    java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("code", code);
    details.put("reason", reason);
    return new ReadRow<>(id, null, new ScoringOutcome.Invalid(reason, details), version);
  }
}
