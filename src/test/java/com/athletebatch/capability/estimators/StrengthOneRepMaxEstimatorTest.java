package com.athletebatch.capability.estimators;

import static com.athletebatch.capability.estimators.Obs.CTX;
import static com.athletebatch.capability.estimators.Obs.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.TestEvents;
import com.athletebatch.capability.events.StrengthSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrengthOneRepMaxEstimatorTest {

  private final StrengthOneRepMaxEstimator estimator = new StrengthOneRepMaxEstimator();

  @Test
  void known_answer_100kg_x5_at_rpe8_is_123_3kg() {
    // RIR = 10 − 8 = 2 → cell 5 + 2 = 7 → 81.1 % → 100 / 0.811 = 123.30 kg
    CapabilityOutput o = estimator.estimate(List.of(set("squat", 100, 5, 8.0, null)), CTX);
    assertThat(o.mean()).isCloseTo(123.3, within(0.01));
    assertThat(o.unit()).isEqualTo("kg");
    // One set: fewer than 3 → insufficient_data, mean still reported; interval [mean, mean].
    assertThat(o.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(o.intervalLow()).isEqualTo(o.mean());
    assertThat(o.intervalHigh()).isEqualTo(o.mean());
  }

  @Test
  void warmups_and_light_sets_do_not_drag_the_estimate_down() {
    List<StrengthSet> sets =
        List.of(
            set("squat", 40, 10, null, null, "warmup", null, Obs.now()), // excluded as warm-up
            set("squat", 60, 5, null, null, "warm_up", null, Obs.now()), // excluded as warm-up
            set("squat", 80, 5, 5.0, null), // RIR 5 → cell 10 → 80/0.739 = 108.25: below the top 3
            set("squat", 100, 5, 8.0, null), // 123.30
            set("squat", 100, 5, 8.0, null), // 123.30
            set("squat", 100, 5, 8.0, null)); // 123.30
    CapabilityOutput o = estimator.estimate(sets, CTX);
    // Median of the top 3 = 123.30. Upstream's mean of all six with w(1 + (reps + RIR)/30):
    // (53.3 + 70 + 106.7 + 3 × 123.3) / 6 = 100 kg.
    assertThat(o.mean()).isCloseTo(123.3, within(0.01));
    assertThat(o.observedObservations()).isEqualTo(4);
    assertThat(o.diagnostics()).containsEntry("warmup_sets_excluded", 2);
  }

  @Test
  void headline_is_the_exercise_with_the_highest_estimate_and_all_are_in_diagnostics() {
    List<StrengthSet> sets =
        List.of(
            set("bench_press", 100, 1, null, 0.0),
            set("bench_press", 95, 1, null, 0.0),
            set("bench_press", 90, 1, null, 0.0),
            set("deadlift", 180, 1, null, 0.0),
            set("deadlift", 170, 1, null, 0.0));
    CapabilityOutput o = estimator.estimate(sets, CTX);
    // 1 rep @ RIR 0 → cell 1 → e1RM = load. Bench: median(100, 95, 90) = 95; deadlift: median(180,
    // 170) = 175.
    assertThat(o.diagnostics()).containsEntry("headline_exercise", "deadlift");
    assertThat(o.mean()).isCloseTo(175, within(1e-9));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> per =
        (Map<String, Map<String, Object>>) o.diagnostics().get("per_exercise");
    assertThat(per).containsOnlyKeys("deadlift", "bench_press");
    assertThat((Double) per.get("bench_press").get("estimate_kg")).isCloseTo(95, within(1e-9));
    assertThat(o.observedObservations()).isEqualTo(2); // the headline exercise's sets
  }

  @Test
  void without_rpe_or_rir_rir_0_is_assumed_with_a_caveat() {
    // 100 × 5, RIR 0 assumed → cell 5 → 86.3 % → 115.87 kg
    CapabilityOutput o = estimator.estimate(List.of(set("squat", 100, 5, null, null)), CTX);
    assertThat(o.mean()).isCloseTo(115.87, within(0.01));
    assertThat(o.caveats()).extracting(Caveat::code).contains("rir_assumed_zero");
    assertThat(o.uncertaintyReasonCodes()).contains("rir_assumed");
  }

  @Test
  void beyond_chart_uses_epley_and_over_12_reps_are_left_out() {
    List<StrengthSet> sets =
        List.of(
            set("squat", 100, 11, null, 0.0), // 11 → Epley 100 × (1 + 11/30) = 136.67
            set("squat", 60, 15, null, 0.0), // 15 > 12 → left out
            set("squat", 70, 10, null, 3.0)); // 13 > 12 → left out
    CapabilityOutput o = estimator.estimate(sets, CTX);
    assertThat(o.mean()).isCloseTo(136.67, within(0.01));
    assertThat(o.observedObservations()).isEqualTo(1);
    assertThat(o.diagnostics()).containsEntry("sets_over_12_effective_reps_excluded", 2);
    assertThat(o.caveats())
        .extracting(Caveat::code)
        .contains("sets_over_12_effective_reps_excluded", "beyond_rts_chart_epley");
  }

  @Test
  void recent_window_prefers_the_last_90_days_and_falls_back_to_all_history() {
    var old = Obs.src(TestEvents.AS_OF.minusDays(200));
    var recent = Obs.src(TestEvents.AS_OF.minusDays(10));
    CapabilityOutput o =
        estimator.estimate(
            List.of(
                set("squat", 150, 1, null, 0.0, null, null, old),
                set("squat", 120, 1, null, 0.0, null, null, recent)),
            CTX);
    assertThat(o.mean()).isEqualTo(120); // the 200-day-old 150 kg is outside the window

    CapabilityOutput onlyOld =
        estimator.estimate(
            List.of(
                set(
                    "squat",
                    150,
                    1,
                    null,
                    0.0,
                    null,
                    null,
                    Obs.src(TestEvents.AS_OF.minusDays(200)))),
            CTX);
    assertThat(onlyOld.mean()).isEqualTo(150);
    assertThat(onlyOld.caveats()).extracting(Caveat::code).contains("outside_recent_window");
  }

  @Test
  void no_usable_sets_gives_insufficient_data_with_null_mean() {
    CapabilityOutput o =
        estimator.estimate(
            List.of(new StrengthSet(Obs.now(), "squat", null, 5, 8.0, null, null, null)), CTX);
    assertThat(o.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(o.mean()).isNull();
    assertThat(o.intervalLow()).isNull();
    assertThat(o.confidence()).isZero();
    assertThat(o.uncertaintyReasonCodes()).contains("no_observations");
    assertThat(o.recommendedNextObservations()).isNotEmpty();
  }
}
