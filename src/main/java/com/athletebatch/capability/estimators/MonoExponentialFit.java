package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.SprintEffort.Split;
import java.util.List;

/**
 * Fits v(t) = MSS·(1 − e^(−t/τ)) to cumulative splits. Integrated, the position is x(t) = MSS·(t −
 * τ·(1 − e^(−t/τ))), linear in MSS for a fixed τ; so a grid over τ (0.30…3.00 s, step 0.001) with
 * the closed-form least-squares MSS = Σx·f / Σf² finds the least-squares pair. Start = first
 * movement (no reaction time correction).
 */
public final class MonoExponentialFit {

  static final double TAU_MIN = 0.30;
  static final double TAU_MAX = 3.00;
  static final double TAU_STEP = 0.001;

  /** The fitted parameters and root-mean-square residual in metres. */
  public record Result(double mss, double tau, double rmseM) {}

  private MonoExponentialFit() {}

  /**
   * Every {@value #COARSE}th grid point is tried first; the full grid is then searched within
   * {@value #COARSE} steps either side of each coarse local minimum. The residual is a smooth
   * function of τ whose valleys are far wider than {@value #COARSE} steps, so this finds the same
   * grid point as trying all 2,701 (MonoExponentialFitTest checks that on random efforts) at about
   * a tenth of the exp() calls: the fit was a third of the estimation job's CPU.
   */
  static final int COARSE = 10;

  /** Null when fewer than two splits or when the best τ sits on the grid edge (no real optimum). */
  public static Result fit(List<Split> splits) {
    if (splits.size() < 2) {
      return null;
    }
    Grid grid = new Grid(splits);
    int steps = (int) Math.round((TAU_MAX - TAU_MIN) / TAU_STEP);
    int coarseCount = steps / COARSE + 1;
    double[] coarse = new double[coarseCount];
    for (int k = 0; k < coarseCount; k++) {
      coarse[k] = grid.sse(k * COARSE);
    }
    for (int k = 0; k < coarseCount; k++) {
      boolean localMinimum =
          (k == 0 || !(coarse[k - 1] < coarse[k]))
              && (k == coarseCount - 1 || !(coarse[k + 1] < coarse[k]));
      if (localMinimum) {
        int from = Math.max(0, k * COARSE - COARSE + 1);
        int to = Math.min(steps, k * COARSE + COARSE - 1);
        for (int i = from; i <= to; i++) {
          grid.sse(i);
        }
      }
    }
    return grid.best(steps);
  }

  /** The least-squares MSS and residual at grid points of τ; keeps the best point tried. */
  static final class Grid {
    private final int n;
    private final double[] times;
    private final double[] distances;
    private final double[] f;
    private double bestSse = Double.POSITIVE_INFINITY;
    private double bestMss = Double.NaN;
    private int bestIndex = -1;

    Grid(List<Split> splits) {
      n = splits.size();
      times = new double[n];
      distances = new double[n];
      f = new double[n];
      for (int j = 0; j < n; j++) {
        times[j] = splits.get(j).timeS();
        distances[j] = splits.get(j).distanceM();
      }
    }

    /**
     * The residual sum of squares at grid point i. The best is the smallest, the lowest index on a
     * tie, so the order in which points are tried does not matter.
     */
    double sse(int i) {
      double tau = TAU_MIN + i * TAU_STEP;
      double sxf = 0, sff = 0;
      for (int j = 0; j < n; j++) {
        f[j] = shape(times[j], tau);
        sxf += distances[j] * f[j];
        sff += f[j] * f[j];
      }
      double mss = sxf / sff;
      double sse = 0;
      for (int j = 0; j < n; j++) {
        double r = distances[j] - mss * f[j];
        sse += r * r;
      }
      if (sse < bestSse || (sse == bestSse && i < bestIndex)) {
        bestSse = sse;
        bestMss = mss;
        bestIndex = i;
      }
      return sse;
    }

    Result best(int steps) {
      if (bestIndex < 0) {
        return null; // no finite residual at any τ
      }
      Result best = new Result(bestMss, TAU_MIN + bestIndex * TAU_STEP, Math.sqrt(bestSse / n));
      boolean onEdge = bestIndex == 0 || bestIndex == steps;
      return onEdge || !Double.isFinite(best.mss()) ? null : best;
    }
  }

  /** x(t)/MSS for a given τ. */
  static double shape(double t, double tau) {
    return t - tau * (1 - Math.exp(-t / tau));
  }

  /** Position at time t for given MSS and τ (used by tests to build synthetic splits). */
  public static double position(double t, double mss, double tau) {
    return mss * shape(t, tau);
  }
}
