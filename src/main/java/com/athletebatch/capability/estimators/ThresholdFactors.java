package com.athletebatch.capability.estimators;

/**
 * Threshold ≈ factor × the mean power (or running speed) of a maximal effort of the given duration.
 * Read off the two-parameter model at each row's lower edge for a typical athlete: P(t) = CP + W′/t
 * with CP 250 W, W′ 20 kJ (3 min → 361 W = CP/0.69), and v(t) = CS + D′/t with CS 4.3 m/s, D′ 200 m
 * (3 min → 5.41 m/s = CS/0.79); rounded, and 0.95 for 20–40 min to match the FTP rule. Efforts
 * shorter than 2 min are anaerobic and not used; a non-maximal effort makes the result a lower
 * bound (reported as a caveat).
 */
public final class ThresholdFactors {

  /** Lower edge of each row, seconds. */
  static final double[] FROM_S = {120, 300, 600, 1200, 2400};

  static final double[] POWER = {0.72, 0.80, 0.88, 0.95, 1.00};
  static final double[] SPEED = {0.80, 0.87, 0.93, 0.97, 1.00};

  private ThresholdFactors() {}

  /** The factor for an effort of durationS, or NaN below 2 minutes. */
  public static double factor(boolean power, double durationS) {
    double[] f = power ? POWER : SPEED;
    double result = Double.NaN;
    for (int i = 0; i < FROM_S.length; i++) {
      if (durationS >= FROM_S[i]) {
        result = f[i];
      }
    }
    return result;
  }
}
