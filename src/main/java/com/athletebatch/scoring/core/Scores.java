package com.athletebatch.scoring.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rounding, clamping and the overall score shared by both scorers. */
public final class Scores {

  public static final int MIN = 1;
  public static final int MAX = 10;

  /** Subtracted from the overall when fewer than half of the sub-scores could be computed. */
  public static final int INCOMPLETE_PENALTY = 1;

  /** Absorbs binary noise so that e.g. 7.4999999999 (really 7.5) rounds to 8. */
  private static final double ROUNDING_EPSILON = 1e-9;

  private Scores() {}

  /** Rounds half up and clamps to 1..10. NaN (never expected) maps to 1 rather than throwing. */
  public static int toScore(double value) {
    if (Double.isNaN(value)) {
      return MIN;
    }
    return clamp((int) Math.floor(value + 0.5 + ROUNDING_EPSILON));
  }

  public static int clamp(int value) {
    return Math.max(MIN, Math.min(MAX, value));
  }

  /** The overall score and how it was reached. */
  public record Overall(
      SubScore score, double weightedMean, int penalty, Map<String, Double> weightsUsed) {}

  /** The outcome when the data supports no sub-score: Empty, with each part's reason. */
  public static ScoringOutcome.Empty nothingComputable(Map<String, SubScore> parts) {
    List<String> why = new ArrayList<>();
    parts.values().forEach(p -> why.add(p.explanation()));
    return new ScoringOutcome.Empty("no sub-score could be computed: " + String.join(" ", why));
  }

  /**
   * Weighted mean of the present sub-scores with their weights renormalised to sum to 1; minus
   * {@link #INCOMPLETE_PENALTY} when fewer than half of the sub-scores are present; rounded and
   * clamped. Returns null when no sub-score is present.
   */
  public static Overall overall(Map<String, SubScore> parts, Map<String, Double> weights) {
    double weightSum = 0;
    int present = 0;
    for (Map.Entry<String, SubScore> e : parts.entrySet()) {
      if (e.getValue().present()) {
        weightSum += weights.get(e.getKey());
        present++;
      }
    }
    if (present == 0 || weightSum <= 0) {
      return null;
    }
    double mean = 0;
    Map<String, Double> used = new LinkedHashMap<>();
    List<String> usedText = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (Map.Entry<String, SubScore> e : parts.entrySet()) {
      SubScore s = e.getValue();
      if (!s.present()) {
        leftOut.add(e.getKey());
        continue;
      }
      double w = weights.get(e.getKey()) / weightSum;
      used.put(e.getKey(), Fmt.round4(w));
      mean += w * s.value();
      usedText.add(e.getKey() + " " + s.value() + " (weight " + Fmt.fixed(w, 2) + ")");
    }
    int penalty = present * 2 < parts.size() ? INCOMPLETE_PENALTY : 0;
    int value = toScore(mean - penalty);

    StringBuilder text =
        new StringBuilder("Overall ")
            .append(value)
            .append("/10 is the weighted mean ")
            .append(Fmt.fixed(mean, 2))
            .append(" of ")
            .append(Fmt.joinAnd(usedText));
    if (!leftOut.isEmpty()) {
      text.append(", leaving out ").append(Fmt.joinAnd(leftOut)).append(" (not scored)");
    }
    if (penalty > 0) {
      text.append(", minus ")
          .append(penalty)
          .append(" because only ")
          .append(present)
          .append(" of ")
          .append(parts.size())
          .append(" sub-scores could be computed");
    }
    text.append('.');
    return new Overall(new SubScore(value, text.toString()), Fmt.round4(mean), penalty, used);
  }
}
