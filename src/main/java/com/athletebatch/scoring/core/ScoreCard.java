package com.athletebatch.scoring.core;

import java.util.Map;

/**
 * What a scorer produces for one row.
 *
 * @param scorer scorer name, e.g. {@code workout-scorer}
 * @param version scorer version; rows scored by an older version can be selected for rescoring
 * @param overall the overall score (never null in a ScoreCard)
 * @param parts sub-scores by name (workout: technical, effort, pacing, execution; nutrition:
 *     macroBalance, quality, adherence, hydration), in a stable order
 * @param summaryMarkdown short markdown summary for the athlete ({@code "aiAnalysis"})
 * @param analysis every input and intermediate value, for {@code "aiAnalysisJson"};
 *     JSON-serialisable (String, Number, Boolean, null, List, Map)
 */
public record ScoreCard(
    String scorer,
    int version,
    SubScore overall,
    Map<String, SubScore> parts,
    String summaryMarkdown,
    Map<String, Object> analysis) {

  public ScoreCard {
    if (overall == null || !overall.present()) {
      throw new IllegalArgumentException("a score card needs an overall score");
    }
  }
}
