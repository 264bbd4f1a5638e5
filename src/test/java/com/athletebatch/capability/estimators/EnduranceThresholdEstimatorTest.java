package com.athletebatch.capability.estimators;

import static com.athletebatch.capability.estimators.Obs.CTX;
import static com.athletebatch.capability.estimators.Obs.noRefs;
import static com.athletebatch.capability.estimators.Obs.power;
import static com.athletebatch.capability.estimators.Obs.ref;
import static com.athletebatch.capability.estimators.Obs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.TestEvents;
import com.athletebatch.capability.events.EnduranceEffort;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnduranceThresholdEstimatorTest {

  private final EnduranceThresholdEstimator estimator = new EnduranceThresholdEstimator();

  @Test
  void critical_power_fit_recovers_cp_and_w_prime() {
    // P(t) = CP + W′/t with CP 250 W, W′ 20000 J:
    // 180 s → 361.11 W, 420 s → 297.62 W, 720 s → 277.78 W, 1200 s → 266.67 W.
    // Work W = P·t = 250·t + 20000 exactly, so the line W = CP·t + W′ returns 250 and 20000.
    List<EnduranceEffort> efforts =
        List.of(
            power(180, 250 + 20000.0 / 180),
            power(420, 250 + 20000.0 / 420),
            power(720, 250 + 20000.0 / 720),
            power(1200, 250 + 20000.0 / 1200));
    CapabilityOutput o = estimator.estimate(efforts, noRefs(), CTX);
    assertThat(o.mean()).isCloseTo(250, within(1e-6));
    assertThat((Double) o.diagnostics().get("w_prime_j")).isCloseTo(20000, within(1e-3));
    assertThat(o.unit()).isEqualTo("W");
    assertThat(o.diagnostics())
        .containsEntry("unit", "W")
        .containsEntry("method", "critical_power_fit");
    assertThat(o.intervalLow()).isCloseTo(250, within(1e-6)); // exact fit: standard error 0
  }

  @Test
  void cp_fit_outside_goldencheetah_bounds_falls_back() {
    // 300 W for 180 s (54000 J) and 299 W for 600 s (179400 J): slope (179400 − 54000)/420 = 298.57
    // W,
    // W′ = 54000 − 298.57 × 180 = 257 J < 1000 J → rejected.
    // Falls through (no 20-min effort, no reference) to the factor table: 600 s → 0.88 × 299 =
    // 263.1,
    // 180 s → 0.72 × 300 = 216 → top 3 median of (263.12, 216) = 239.56.
    CapabilityOutput o =
        estimator.estimate(List.of(power(180, 300), power(600, 299)), noRefs(), CTX);
    assertThat(o.caveats())
        .extracting(Caveat::code)
        .contains("fit_rejected", "threshold_from_duration_factor");
    assertThat(o.mean()).isCloseTo((0.88 * 299 + 0.72 * 300) / 2, within(1e-9));
  }

  @Test
  void ftp_is_0_95_times_the_best_20_minute_power() {
    // 0.95 × 280 W = 266 W (the 260 W effort is not the best)
    CapabilityOutput o =
        estimator.estimate(List.of(power(1200, 280), power(1200, 260)), noRefs(), CTX);
    assertThat(o.mean()).isCloseTo(266, within(1e-9));
    assertThat(o.diagnostics()).containsEntry("method", "ftp_0.95x_best_20min");
  }

  @Test
  void factor_table_for_other_durations() {
    // 5-min effort at 350 W → 0.80 × 350 = 280 W; a 60-s effort is too short to use.
    CapabilityOutput o =
        estimator.estimate(List.of(power(300, 350), power(60, 600)), noRefs(), CTX);
    assertThat(o.mean()).isCloseTo(280, within(1e-9));
    assertThat(o.diagnostics()).containsEntry("method", "duration_factor_table");
  }

  @Test
  void stated_ftp_is_used_before_the_factor_table() {
    CapabilityOutput o = estimator.estimate(List.of(power(60, 600)), List.of(ref("ftp", 290)), CTX);
    assertThat(o.mean()).isEqualTo(290);
    assertThat(o.unit()).isEqualTo("W");
  }

  @Test
  void more_than_7_w_per_kg_is_rejected_when_body_weight_is_known() {
    // 0.95 × 400 W = 380 W; at 50 kg that is 7.6 W/kg > 7 → rejected; nothing else left.
    EstimationContext light = new EstimationContext(TestEvents.AS_OF, 50.0);
    CapabilityOutput o = estimator.estimate(List.of(power(1200, 400)), noRefs(), light);
    assertThat(o.mean()).isNull();
    assertThat(o.caveats()).extracting(Caveat::code).contains("implausible_threshold_rejected");
    // At 70 kg the same is 5.4 W/kg: accepted.
    assertThat(
            estimator
                .estimate(
                    List.of(power(1200, 400)),
                    noRefs(),
                    new EstimationContext(TestEvents.AS_OF, 70.0))
                .mean())
        .isCloseTo(380, within(1e-9));
  }

  @Test
  void critical_speed_fit_for_runners() {
    // d = CS·t + D′ with CS 4.0 m/s, D′ 200 m: 180 s → 920 m, 360 s → 1640 m, 720 s → 3080 m.
    CapabilityOutput o =
        estimator.estimate(List.of(run(180, 920), run(360, 1640), run(720, 3080)), noRefs(), CTX);
    assertThat(o.mean()).isCloseTo(4.0, within(1e-9));
    assertThat((Double) o.diagnostics().get("d_prime_m")).isCloseTo(200, within(1e-6));
    assertThat(o.unit()).isEqualTo("m/s");
    assertThat(o.diagnostics()).containsEntry("method", "critical_speed_fit");
  }

  @Test
  void stated_critical_speed_when_no_fit_is_possible() {
    // 8 × 120 s at 4.0 min/km: one duration, no fit → the stated critical speed 4.3 m/s.
    List<EnduranceEffort> reps = java.util.Collections.nCopies(8, run(120, 500));
    CapabilityOutput o = estimator.estimate(reps, List.of(ref("critical_speed", 4.3)), CTX);
    assertThat(o.mean()).isEqualTo(4.3);
    assertThat(o.observedObservations()).isEqualTo(9);
  }

  @Test
  void running_factor_table() {
    // 30-min run, 5000 m → 2.778 m/s × 0.97 (20–40 min row) = 2.694 m/s
    CapabilityOutput o = estimator.estimate(List.of(run(1800, 5000)), noRefs(), CTX);
    assertThat(o.mean()).isCloseTo(5000 / 1800.0 * 0.97, within(1e-9));
  }

  @Test
  void power_wins_and_units_are_never_mixed() {
    CapabilityOutput o =
        estimator.estimate(
            List.of(power(1200, 300), run(180, 920), run(720, 3080)),
            List.of(ref("critical_speed", 4.3)),
            CTX);
    assertThat(o.unit()).isEqualTo("W");
    assertThat(o.mean()).isCloseTo(285, within(1e-9)); // 0.95 × 300
    assertThat(o.observedObservations()).isEqualTo(1);
    assertThat(o.diagnostics()).containsEntry("speed_observations_not_used", 3L);
  }

  @Test
  void cycling_speed_without_power_is_not_a_threshold() {
    EnduranceEffort ride =
        new EnduranceEffort(Obs.now(), "cycling", 3600, 32000.0, 8.9, null, false);
    CapabilityOutput o = estimator.estimate(List.of(ride), noRefs(), CTX);
    assertThat(o.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    assertThat(o.mean()).isNull();
    assertThat(o.unit()).isNull();
  }
}
