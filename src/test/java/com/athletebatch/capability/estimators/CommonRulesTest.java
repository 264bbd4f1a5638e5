package com.athletebatch.capability.estimators;

import static com.athletebatch.capability.estimators.Obs.CTX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.TestEvents;
import com.athletebatch.capability.events.StrengthSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream v1 rules, checked through the strength estimator with single-rep sets at RIR 0 (so e1RM
 * = load): required 6, < 3 → insufficient_data, > 1 group → degraded × 0.65, confidence = min(1,
 * n/6) × 1/(1 + days/30), interval = mean ± 1.96·SD.
 */
class CommonRulesTest {

  private final StrengthOneRepMaxEstimator estimator = new StrengthOneRepMaxEstimator();

  private CapabilityOutput run(int n, int daysOld, String... groups) {
    List<StrengthSet> sets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String group = groups.length == 0 ? null : groups[i % groups.length];
      sets.add(
          Obs.set(
              "squat",
              100,
              1,
              null,
              0.0,
              null,
              group,
              Obs.src(TestEvents.AS_OF.minusDays(daysOld))));
    }
    return estimator.estimate(sets, CTX);
  }

  @ParameterizedTest(name = "n={0}, {1} days old, groups={2} → {3}, confidence {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // n | days | groups | status                 | confidence
        "1   | 0    | 1      | insufficient_data      | 0.1667", // min(1, 1/6) × 1/(1+0)
        "2   | 0    | 1      | insufficient_data      | 0.3333", // 2/6
        "3   | 0    | 1      | ok                     | 0.5", // 3/6
        "6   | 0    | 1      | ok                     | 1.0", // 6/6
        "12  | 0    | 1      | ok                     | 1.0", // min(1, 12/6)
        "6   | 30   | 1      | ok                     | 0.5", // 1 × 1/(1 + 30/30)
        "6   | 60   | 1      | ok                     | 0.3333", // 1 × 1/(1 + 60/30)
        "6   | 0    | 2      | degraded_comparability | 0.65", // 1 × 1 × 0.65
        "3   | 30   | 2      | degraded_comparability | 0.1625", // 0.5 × 0.5 × 0.65
        "2   | 0    | 2      | insufficient_data      | 0.2167"
      }) // 2/6 × 0.65: < 3 wins over degraded
  void status_and_confidence(int n, int days, int groupCount, String status, double confidence) {
    String[] groups =
        groupCount == 1 ? new String[] {"free_weight"} : new String[] {"free_weight", "machine"};
    CapabilityOutput o = run(n, days, groups);
    assertThat(o.status().json()).isEqualTo(status);
    assertThat(o.confidence()).isCloseTo(confidence, within(1e-4));
    assertThat(o.comparabilityGroups()).hasSize(groupCount);
    assertThat(o.requiredObservations()).isEqualTo(6);
  }

  @Test
  void interval_is_mean_plus_minus_1_96_sd_of_the_contributing_values() {
    List<StrengthSet> sets =
        List.of(
            Obs.set("squat", 130, 1, null, 0.0),
            Obs.set("squat", 125, 1, null, 0.0),
            Obs.set("squat", 120, 1, null, 0.0),
            Obs.set("squat", 60, 1, null, 0.0));
    CapabilityOutput o = estimator.estimate(sets, CTX);
    // Top 3 = 130, 125, 120: median 125, sample SD 5 → 125 ± 9.8 = [115.2, 134.8]
    assertThat(o.mean()).isEqualTo(125);
    assertThat(o.intervalLow()).isCloseTo(115.2, within(1e-9));
    assertThat(o.intervalHigh()).isCloseTo(134.8, within(1e-9));
  }

  @Test
  void ids_used_and_the_newest_one() {
    var a = Obs.src(TestEvents.AS_OF.minusDays(3));
    var b = Obs.src(TestEvents.AS_OF.minusDays(1));
    CapabilityOutput o =
        estimator.estimate(
            List.of(
                Obs.set("squat", 100, 1, null, 0.0, null, null, b),
                Obs.set("squat", 90, 1, null, 0.0, null, null, a)),
            CTX);
    assertThat(o.eventIdsUsed()).containsExactly(a.event().id(), b.event().id());
    assertThat(o.lastEventId()).isEqualTo(b.event().id());
  }
}
