package com.athletebatch.scoring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoresTest {

  @ParameterizedTest(name = "at({0}) = {1}")
  @CsvSource({
    // curve (0→1), (10→5), (20→10): flat outside, straight lines between
    "-5, 1", // before the first point: flat
    "0, 1",
    "5, 3", // 1 + (5/10) × 4 = 3
    "10, 5",
    "12, 6", // 5 + (2/10) × 5 = 6
    "20, 10",
    "99, 10"
  }) // after the last point: flat
  void curveInterpolatesLinearlyAndIsFlatOutside(double x, double expected) {
    Curve c = Curve.of(0, 1, 10, 5, 20, 10);
    assertThat(c.at(x)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "toScore({0}) = {1}")
  @CsvSource({
    "7.49, 7",
    "7.5, 8", // half up
    "7.499999999999, 8", // binary noise around .5 rounds as the decimal value would
    "0.2, 1",
    "-3, 1", // clamped up to 1
    "10.4, 10",
    "14, 10", // clamped down to 10
    "NaN, 1"
  })
  void toScoreRoundsHalfUpAndClamps(double raw, int expected) {
    assertThat(Scores.toScore(raw)).isEqualTo(expected);
  }

  private static final Map<String, Double> WEIGHTS = weights();

  private static Map<String, Double> weights() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("a", 0.20);
    w.put("b", 0.30);
    w.put("c", 0.20);
    w.put("d", 0.30);
    return w;
  }

  private static Map<String, SubScore> parts(Integer a, Integer b, Integer c, Integer d) {
    Map<String, SubScore> p = new LinkedHashMap<>();
    p.put("a", a == null ? SubScore.missing("a missing.") : new SubScore(a, "a."));
    p.put("b", b == null ? SubScore.missing("b missing.") : new SubScore(b, "b."));
    p.put("c", c == null ? SubScore.missing("c missing.") : new SubScore(c, "c."));
    p.put("d", d == null ? SubScore.missing("d missing.") : new SubScore(d, "d."));
    return p;
  }

  @Test
  void overallIsTheWeightedMeanOfAllParts() {
    // 0.2×9 + 0.3×8 + 0.2×7 + 0.3×7 = 1.8 + 2.4 + 1.4 + 2.1 = 7.7 → 8
    Scores.Overall o = Scores.overall(parts(9, 8, 7, 7), WEIGHTS);
    assertThat(o.weightedMean()).isCloseTo(7.7, within(1e-9));
    assertThat(o.score().value()).isEqualTo(8);
    assertThat(o.penalty()).isZero();
    assertThat(o.score().explanation())
        .isEqualTo(
            "Overall 8/10 is the weighted mean 7.70 of a 9 (weight 0.20), b 8 (weight 0.30), "
                + "c 7 (weight 0.20) and d 7 (weight 0.30).");
  }

  @Test
  void missingPartsAreLeftOutAndWeightsRenormalised() {
    // a and d present: weights 0.2/0.5 = 0.4 and 0.3/0.5 = 0.6; 0.4×9 + 0.6×7 = 3.6 + 4.2 = 7.8 → 8
    Scores.Overall o = Scores.overall(parts(9, null, null, 7), WEIGHTS);
    assertThat(o.weightsUsed()).containsExactly(Map.entry("a", 0.4), Map.entry("d", 0.6));
    assertThat(o.weightedMean()).isCloseTo(7.8, within(1e-9));
    assertThat(o.score().value()).isEqualTo(8);
    assertThat(o.penalty()).as("2 of 4 is half: no penalty").isZero();
    assertThat(o.score().explanation()).contains("leaving out b and c (not scored)");
  }

  @Test
  void fewerThanHalfPresentLowersTheOverallByOne() {
    // only b: mean 8, 1 of 4 < half → 8 − 1 = 7
    Scores.Overall o = Scores.overall(parts(null, 8, null, null), WEIGHTS);
    assertThat(o.score().value()).isEqualTo(7);
    assertThat(o.penalty()).isEqualTo(1);
    assertThat(o.score().explanation())
        .endsWith("minus 1 because only 1 of 4 sub-scores could be computed.");
  }

  @Test
  void penaltyNeverTakesTheOverallBelowOne() {
    // only b = 1: 1 − 1 = 0 → clamped to 1
    assertThat(Scores.overall(parts(null, 1, null, null), WEIGHTS).score().value()).isEqualTo(1);
  }

  @Test
  void noPartsGivesNoOverall() {
    assertThat(Scores.overall(parts(null, null, null, null), WEIGHTS)).isNull();
  }

  @Test
  void componentsExplainInOneSentenceWithTheirMean() {
    // mean(8, 10, 9.5) = 9.1667 → 9
    Components c =
        new Components("Technical")
            .add("x", 8, "x is 1")
            .add("y", 10, "y is 2")
            .add("z", 9.5, "z is 3");
    SubScore s = c.toSubScore("unused");
    assertThat(s.value()).isEqualTo(9);
    assertThat(s.explanation())
        .isEqualTo("Technical 9/10 (mean of 8.00, 10.00 and 9.50): x is 1; y is 2; z is 3.");
    assertThat(new Components("Pacing").toSubScore("no splits").explanation())
        .isEqualTo("Pacing not scored: no splits.");
  }
}
