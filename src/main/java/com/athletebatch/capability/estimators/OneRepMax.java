package com.athletebatch.capability.estimators;

/**
 * e1RM of one set. Effective reps = reps + RIR (RIR = 10 − RPE when only RPE is logged). Up to 10
 * effective reps the RTS/Tuchscherer chart (%1RM at RPE 10), linearly interpolated for half-RPE
 * values (3 reps @ 8.5 → 4.5 → between 89.2 and 86.3 = 87.75 %, as the published chart's 8.5 column
 * reads). From 10 to 12 effective reps Epley, w·(1 + r/30): upstream v1 used it, and Brzycki
 * diverges faster above 10. More than 12 effective reps is too unreliable to use.
 */
public final class OneRepMax {

  /** %1RM at RPE 10 for 1..10 reps. */
  static final double[] RTS_PERCENT = {100, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9};

  public static final double MAX_EFFECTIVE_REPS = 12;

  private OneRepMax() {}

  /** Effective reps, or NaN when the set is beyond the usable range. */
  public static double effectiveReps(int reps, double rir) {
    double eff = reps + rir;
    return eff > MAX_EFFECTIVE_REPS ? Double.NaN : eff;
  }

  /** %1RM for effective reps in [1, 10] (chart) or (10, 12] (Epley). */
  public static double percentOf1rm(double effectiveReps) {
    if (effectiveReps <= 10) {
      double x = Math.max(1, effectiveReps);
      int lo = (int) Math.floor(x);
      if (lo == 10) {
        return RTS_PERCENT[9];
      }
      double frac = x - lo;
      return RTS_PERCENT[lo - 1] + frac * (RTS_PERCENT[lo] - RTS_PERCENT[lo - 1]);
    }
    return 100 / (1 + effectiveReps / 30);
  }

  public static double e1rm(double weightKg, double effectiveReps) {
    return weightKg * 100 / percentOf1rm(effectiveReps);
  }
}
