package com.athletebatch.capability.estimators;

import static com.athletebatch.capability.estimators.Obs.CTX;
import static com.athletebatch.capability.estimators.Obs.jump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.TestEvents;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JumpHeightEstimatorTest {

  private final JumpHeightEstimator estimator = new JumpHeightEstimator();
  private static final OffsetDateTime T = TestEvents.AS_OF;

  @ParameterizedTest(name = "flight {0} s → {1} cm")
  @CsvSource({
    "0.50, 30.66", // 9.81 × 0.25 / 8 = 0.30656 m (the 30.7 cm)
    "0.60, 44.15", // 9.81 × 0.36 / 8 = 0.44145 m
    "0.40, 19.62"
  }) // 9.81 × 0.16 / 8 = 0.19620 m
  void flight_time(double seconds, double cm) {
    assertThat(JumpHeightEstimator.fromFlightTime(seconds)).isCloseTo(cm, within(0.005));
    CapabilityOutput o = estimator.estimate(List.of(jump("s1", T, null, seconds, null)), CTX);
    assertThat(o.mean()).isCloseTo(cm, within(0.005));
    assertThat(o.unit()).isEqualTo("cm");
  }

  @ParameterizedTest(name = "take-off {0} m/s → {1} cm")
  @CsvSource({
    "2.5, 31.86", // 6.25 / 19.62 = 0.31855 m
    "3.0, 45.87"
  }) // 9 / 19.62 = 0.45872 m
  void takeoff_velocity(double v, double cm) {
    assertThat(JumpHeightEstimator.fromTakeoffVelocity(v)).isCloseTo(cm, within(0.005));
  }

  @Test
  void measured_height_wins_over_flight_time_and_velocity() {
    CapabilityOutput o = estimator.estimate(List.of(jump("s1", T, 42.0, 0.5, 2.5)), CTX);
    assertThat(o.mean()).isEqualTo(42.0);
    assertThat(o.comparabilityGroups()).containsExactly("measured_height");
  }

  @Test
  void best_per_session_then_mean_of_the_last_3_sessions() {
    // Session bests, oldest first: S1 40 (ignored: not among the last 3), S2 35, S3 38, S4 42.
    // Estimate = (35 + 38 + 42) / 3 = 38.33; SD of (35, 38, 42) = 3.512 → ± 6.88.
    CapabilityOutput o =
        estimator.estimate(
            List.of(
                jump("S1", T.minusDays(40), 40.0, null, null),
                jump("S2", T.minusDays(30), 35.0, null, null),
                jump("S2", T.minusDays(30), 30.0, null, null),
                jump("S3", T.minusDays(20), 38.0, null, null),
                jump("S3", T.minusDays(20), 33.0, null, null),
                jump("S4", T.minusDays(10), 42.0, null, null)),
            CTX);
    assertThat(o.mean()).isCloseTo(38.333, within(0.001));
    assertThat(o.intervalHigh() - o.mean()).isCloseTo(1.96 * 3.5119, within(0.001));
    assertThat(o.observedObservations()).isEqualTo(5); // jumps of the 3 sessions used
    assertThat(o.status()).isEqualTo(Status.OK);
  }
}
