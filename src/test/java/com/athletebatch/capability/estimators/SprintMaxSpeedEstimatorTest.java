package com.athletebatch.capability.estimators;

import static com.athletebatch.capability.estimators.Obs.CTX;
import static com.athletebatch.capability.estimators.Obs.sprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.events.SprintEffort;
import com.athletebatch.capability.events.SprintEffort.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SprintMaxSpeedEstimatorTest {

  private final SprintMaxSpeedEstimator estimator = new SprintMaxSpeedEstimator();

  @Test
  void distance_over_time() {
    // 30 m in 4.2 s = 7.1429 m/s
    CapabilityOutput o = estimator.estimate(List.of(sprint(30, 4.2)), CTX);
    assertThat(o.mean()).isCloseTo(7.1429, within(1e-4));
    assertThat(o.unit()).isEqualTo("m/s");
  }

  @Test
  void robust_best_is_the_median_of_the_top_3() {
    // 60/10 = 6.0, 35/5 = 7.0, 30/4 = 7.5, 40/5 = 8.0 → top 3 (8.0, 7.5, 7.0) → median 7.5
    CapabilityOutput o =
        estimator.estimate(
            List.of(sprint(60, 10), sprint(35, 5), sprint(30, 4), sprint(40, 5)), CTX);
    assertThat(o.mean()).isCloseTo(7.5, within(1e-9));
    assertThat(o.observedObservations()).isEqualTo(4);
  }

  @Test
  void faster_than_12_5_m_s_is_rejected() {
    // 100 m in 7.5 s = 13.33 m/s > 12.5 → rejected; 30 m in 4 s = 7.5 stays.
    CapabilityOutput o = estimator.estimate(List.of(sprint(100, 7.5), sprint(30, 4)), CTX);
    assertThat(o.mean()).isEqualTo(7.5);
    assertThat(o.observedObservations()).isEqualTo(1);
    assertThat(o.caveats()).extracting(Caveat::code).contains("implausible_speed_rejected");
  }

  @Test
  void mono_exponential_fit_recovers_mss_from_synthetic_splits() {
    // x(t) = MSS·(t − τ(1 − e^(−t/τ))) with MSS 9.0 m/s, τ 1.2 s, sampled at t = 1..6 s:
    // t=1: 9·(1 − 1.2·(1 − e^(−0.833))) = 9·(1 − 1.2·0.5654) = 2.893 m; t=2: 9·(2 − 1.2·0.8111) =
    // 9.240 m; …
    double mss = 9.0, tau = 1.2;
    List<Split> splits = new ArrayList<>();
    for (int t = 1; t <= 6; t++) {
      splits.add(new Split(mss * (t - tau * (1 - Math.exp(-t / tau))), t));
    }
    assertThat(splits.get(0).distanceM()).isCloseTo(2.893, within(0.001));
    assertThat(splits.get(1).distanceM()).isCloseTo(9.240, within(0.001));

    MonoExponentialFit.Result fit = MonoExponentialFit.fit(splits);
    assertThat(fit.mss()).isCloseTo(9.0, within(0.01));
    assertThat(fit.tau()).isCloseTo(1.2, within(0.002));

    CapabilityOutput o =
        estimator.estimate(List.of(new SprintEffort(Obs.now(), null, null, splits, null)), CTX);
    assertThat(o.mean()).isCloseTo(9.0, within(0.01));
    assertThat(o.comparabilityGroups()).containsExactly("split_fit");
  }

  @Test
  void mono_exponential_fit_tolerates_timing_noise() {
    // Same curve, splits at 10/20/30/40 m with hand-timing noise of ±0.02 s.
    double[] times = {1.9 + 0.02, 3.07 - 0.02, 4.17 + 0.01, 5.25 - 0.01};
    double[] distances = {10, 20, 30, 40};
    List<Split> splits = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      splits.add(new Split(distances[i], times[i]));
    }
    assertThat(MonoExponentialFit.fit(splits).mss()).isBetween(8.5, 10.0);
  }

  @Test
  void gps_stream_uses_the_max_of_a_3_sample_moving_average() {
    // Windows: (3 + 7.5 + 8)/3 = 6.17, (7.5 + 8 + 8.5)/3 = 8.0, (8 + 8.5 + 4)/3 = 6.83 → 8.0; the
    // raw peak 8.5 is smoothed away.
    SprintEffort gps =
        new SprintEffort(Obs.now(), null, null, null, List.of(3.0, 7.5, 8.0, 8.5, 4.0));
    CapabilityOutput o = estimator.estimate(List.of(gps), CTX);
    assertThat(o.mean()).isCloseTo(8.0, within(1e-9));
    assertThat(o.caveats()).extracting(Caveat::code).contains("gps_speed_lower_bound");
  }

  @Test
  void mixing_timing_methods_degrades_comparability() {
    SprintEffort gps = new SprintEffort(Obs.now(), null, null, null, List.of(8.0, 8.0, 8.0));
    CapabilityOutput o = estimator.estimate(List.of(sprint(30, 4), sprint(30, 4), gps), CTX);
    assertThat(o.status()).isEqualTo(Status.DEGRADED_COMPARABILITY);
    assertThat(o.comparabilityGroups()).containsExactlyInAnyOrder("distance_time", "gps_stream");
  }
}
