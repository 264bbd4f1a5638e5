package com.athletebatch.capability.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.events.SprintEffort.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The coarse-then-fine search of {@link MonoExponentialFit} against the plain search it replaced:
 * every one of the 2,701 grid points of τ, the first smallest residual winning.
 */
class MonoExponentialFitTest {

  /** The exhaustive grid search, as the fit did it before the coarse pass. */
  static MonoExponentialFit.Result exhaustive(List<Split> splits) {
    if (splits.size() < 2) {
      return null;
    }
    int n = splits.size();
    double bestSse = Double.POSITIVE_INFINITY;
    double bestMss = Double.NaN;
    double bestTau = Double.NaN;
    int steps =
        (int)
            Math.round(
                (MonoExponentialFit.TAU_MAX - MonoExponentialFit.TAU_MIN)
                    / MonoExponentialFit.TAU_STEP);
    for (int i = 0; i <= steps; i++) {
      double tau = MonoExponentialFit.TAU_MIN + i * MonoExponentialFit.TAU_STEP;
      double sxf = 0, sff = 0;
      for (Split s : splits) {
        double f = MonoExponentialFit.shape(s.timeS(), tau);
        sxf += s.distanceM() * f;
        sff += f * f;
      }
      double mss = sxf / sff;
      double sse = 0;
      for (Split s : splits) {
        double r = s.distanceM() - mss * MonoExponentialFit.shape(s.timeS(), tau);
        sse += r * r;
      }
      if (sse < bestSse) {
        bestSse = sse;
        bestMss = mss;
        bestTau = tau;
      }
    }
    if (Double.isNaN(bestTau)) {
      return null;
    }
    boolean onEdge =
        bestTau <= MonoExponentialFit.TAU_MIN + MonoExponentialFit.TAU_STEP / 2
            || bestTau >= MonoExponentialFit.TAU_MAX - MonoExponentialFit.TAU_STEP / 2;
    return onEdge || !Double.isFinite(bestMss)
        ? null
        : new MonoExponentialFit.Result(bestMss, bestTau, Math.sqrt(bestSse / n));
  }

  @Test
  void recovers_the_parameters_of_exact_splits() {
    // MSS 9.5 m/s, τ 1.2 s: the times at which the model passes 10, 20, 30 and 40 m.
    List<Split> splits = new ArrayList<>();
    for (double d : new double[] {10, 20, 30, 40}) {
      splits.add(new Split(d, timeAt(d, 9.5, 1.2)));
    }
    MonoExponentialFit.Result fit = MonoExponentialFit.fit(splits);
    assertThat(fit.mss()).isCloseTo(9.5, within(1e-3));
    assertThat(fit.tau()).isCloseTo(1.2, within(1e-9));
    assertThat(fit.rmseM()).isLessThan(1e-3);
  }

  @Test
  void same_grid_point_as_the_exhaustive_search_on_random_efforts() {
    Random random = new Random(20261121);
    int fitted = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      List<Split> splits = randomEffort(random, trial);
      MonoExponentialFit.Result expected = exhaustive(splits);
      assertThat(MonoExponentialFit.fit(splits)).as("effort %s", splits).isEqualTo(expected);
      if (expected != null) {
        fitted++;
      }
    }
    // Most efforts have a real optimum, so the comparison is not only of nulls.
    assertThat(fitted).isGreaterThan(10_000);
  }

  @Test
  void edges_and_degenerate_input_as_the_exhaustive_search() {
    List<List<Split>> cases =
        List.of(
            List.of(new Split(10, 1.9)), // one split: null
            List.of(new Split(10, 1.0), new Split(20, 1.0)), // same time twice
            List.of(
                new Split(10, 2.0), new Split(20, 1.5), new Split(30, 5.0)), // times out of order
            List.of(
                new Split(10, 0.5),
                new Split(20, 1.0),
                new Split(30, 1.5)), // constant 20 m/s: τ at the lower edge
            List.of(
                new Split(10, 4.0),
                new Split(20, 6.0),
                new Split(30, 7.5)), // very slow start: upper edge
            List.of(new Split(0, 0), new Split(0, 0)), // no distance at all
            List.of(new Split(10, Double.NaN), new Split(20, 3.0))); // a NaN time
    for (List<Split> splits : cases) {
      assertThat(MonoExponentialFit.fit(splits))
          .as("effort %s", splits)
          .isEqualTo(exhaustive(splits));
    }
  }

  /**
   * Splits of a random athlete with timing noise; now and then shuffled or coarse (whole tenths).
   */
  private static List<Split> randomEffort(Random random, int trial) {
    double mss = 4 + random.nextDouble() * 8;
    double tau = 0.2 + random.nextDouble() * 3.2; // beyond the grid on both sides too
    double noise = trial % 4 == 0 ? 0 : random.nextDouble() * 0.15;
    int n = 2 + random.nextInt(7);
    double step = 5 + random.nextInt(4) * 5;
    List<Split> splits = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      double d = j * step;
      double t = timeAt(d, mss, tau) + random.nextGaussian() * noise;
      if (trial % 7 == 0) {
        t = Math.round(t * 10) / 10.0;
      }
      splits.add(new Split(d, Math.max(0.01, t)));
    }
    if (trial % 11 == 0) {
      java.util.Collections.shuffle(splits, random);
    }
    return splits;
  }

  /** The time at which x(t) = MSS·(t − τ·(1 − e^(−t/τ))) reaches d, by bisection. */
  private static double timeAt(double d, double mss, double tau) {
    double lo = 0, hi = 100;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (MonoExponentialFit.position(mid, mss, tau) < d) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
