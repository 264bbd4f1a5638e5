package com.athletebatch.scoring.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the scored components of one sub-score (e.g. technical = variability index, cadence, L/R
 * balance). The sub-score is the rounded mean of its components; the explanation is one sentence
 * naming each component's numbers.
 */
public final class Components {

  private final String label;
  private final List<Double> scores = new ArrayList<>();
  private final List<String> phrases = new ArrayList<>();
  private final Map<String, Double> byName = new LinkedHashMap<>();

  public Components(String label) {
    this.label = label;
  }

  /** A scored component: its rule's score (1..10, unrounded) and a phrase naming its numbers. */
  public Components add(String name, double score, String phrase) {
    scores.add(score);
    byName.put(name, Fmt.round4(score));
    phrases.add(phrase);
    return this;
  }

  /** Context worth stating (e.g. a value also used elsewhere) that does not change the score. */
  public Components note(String phrase) {
    phrases.add(phrase);
    return this;
  }

  public boolean hasScores() {
    return !scores.isEmpty();
  }

  /** Component scores by name, rounded to 4 decimals, for the analysis JSON. */
  public Map<String, Double> scoresByName() {
    return byName;
  }

  /** The sub-score, or {@code SubScore.missing(label + " not scored: " + whyMissing + ".")}. */
  public SubScore toSubScore(String whyMissing) {
    if (scores.isEmpty()) {
      return SubScore.missing(label + " not scored: " + whyMissing + ".");
    }
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    int value = Scores.toScore(mean);
    StringBuilder text = new StringBuilder(label).append(' ').append(value).append("/10");
    if (scores.size() > 1) {
      List<String> each = scores.stream().map(s -> Fmt.fixed(s, 2)).toList();
      text.append(" (mean of ").append(Fmt.joinAnd(each)).append(')');
    }
    text.append(": ").append(String.join("; ", phrases)).append('.');
    return new SubScore(value, text.toString());
  }
}
