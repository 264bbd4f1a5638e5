package com.athletebatch.capability.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** e1RM per set against the RTS chart (DOMAIN.md §2 "Estimation references"), worked by hand. */
class OneRepMaxTest {

  @ParameterizedTest(name = "{0} kg × {1} @ RIR {2} → {4} kg")
  @CsvSource(
      delimiter = '|',
      value = {
        // kg | reps | rir | %1RM of the cell         | e1RM = kg × 100 / %
        "100  | 1    | 0   | 100.0  | 100.00", // cell 1
        "100  | 5    | 2   | 81.1   | 123.30", // 5 @ RPE 8 → RIR 2 → cell 7 → 100/0.811 = 123.30
        // (issue's known answer)
        "100  | 3    | 0   | 92.2   | 108.46", // cell 3 → 100/0.922
        "140  | 2    | 1   | 92.2   | 151.84", // cell 3 → 140/0.922
        "100  | 10   | 0   | 73.9   | 135.32", // cell 10, chart's last → 100/0.739
        "170  | 3    | 1.5 | 87.75  | 193.73"
      }) // RPE 8.5 → RIR 1.5 → 4.5: halfway 89.2..86.3 = 87.75 → 170/0.8775
  void rts_chart_cells(double kg, int reps, double rir, double percent, double e1rm) {
    double eff = OneRepMax.effectiveReps(reps, rir);
    assertThat(OneRepMax.percentOf1rm(eff)).isCloseTo(percent, within(1e-9));
    assertThat(OneRepMax.e1rm(kg, eff)).isCloseTo(e1rm, within(0.005));
  }

  @ParameterizedTest(name = "{0} kg × {1} @ RIR {2} (Epley) → {3} kg")
  @CsvSource(
      delimiter = '|',
      value = {
        // Beyond the chart (10 < reps + RIR ≤ 12): Epley w·(1 + r/30)
        "100 | 11 | 0   | 136.667", // 100 × (1 + 11/30)
        "100 | 8  | 4   | 140.000", // RPE 6 → RIR 4 → 12 → 100 × 1.4
        "100 | 9  | 1.5 | 135.000"
      }) // 10.5 → 100 × (1 + 10.5/30) = 135
  void epley_beyond_the_chart(double kg, int reps, double rir, double e1rm) {
    assertThat(OneRepMax.e1rm(kg, OneRepMax.effectiveReps(reps, rir)))
        .isCloseTo(e1rm, within(0.001));
  }

  @ParameterizedTest
  @CsvSource({"13, 0", "10, 3", "5, 8"})
  void more_than_12_effective_reps_is_left_out(int reps, double rir) {
    assertThat(OneRepMax.effectiveReps(reps, rir)).isNaN();
  }
}
