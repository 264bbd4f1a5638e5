package com.athletebatch.scoring.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.ScoringAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlausibilityTest {

  @ParameterizedTest(name = "{0} = {1} → {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "averageHr | -5        | \"averageHr\" is -5 (negative)",
        "averageHr | 12        | \"averageHr\" is 12 (below the plausible minimum 20 bpm)",
        "averageHr | 251       | \"averageHr\" is 251 (above the plausible maximum 250 bpm)",
        "decoupling| -100.5    | \"decoupling\" is -100.5 (below the plausible minimum -100 %)",
        "tss       | NaN       | \"tss\" is NaN (not a number)",
        "tss       | Infinity  | \"tss\" is Infinity (not finite)",
        "tss       | -Infinity | \"tss\" is -Infinity (not finite)",
        "waterMl   | 20001     | \"waterMl\" is 20001 (above the plausible maximum 20000 ml)"
      })
  void namesTheColumnAndTheValue(String column, double value, String reason) {
    Number n =
        value == Math.rint(value) && Double.isFinite(value) ? (Number) (int) value : (Number) value;
    ScoringOutcome.Invalid invalid = Plausibility.check("s", 1).value(column, n).result();
    assertThat(invalid.reason()).isEqualTo(reason);
    assertThat(invalid.details())
        .containsEntry("column", column)
        .containsEntry("scorer", "s")
        .containsEntry("scorerVersion", 1);
    ScoringAssertions.assertJsonSafe(invalid.details(), "details");
  }

  @Test
  void edgesAndZerosAreAccepted() {
    assertThat(
            Plausibility.check("s", 1)
                .value("averageHr", 20)
                .value("averageHr", 250) // both limits inclusive
                .value("averageHr", 0) // 0 = not recorded
                .value("decoupling", -100)
                .value("decoupling", 100)
                .value("lrBalance", 100)
                .value("averageWatts", null)
                .result())
        .isNull();
  }

  @Test
  void firstViolationWins() {
    ScoringOutcome.Invalid i =
        Plausibility.check("s", 1).value("calories", -1).value("waterMl", -2).result();
    assertThat(i.reason()).startsWith("\"calories\"");
  }
}
