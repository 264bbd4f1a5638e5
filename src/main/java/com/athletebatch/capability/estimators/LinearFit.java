package com.athletebatch.capability.estimators;

import java.util.List;

/**
 * Ordinary least squares y = slope·x + intercept, with the slope's standard error (n ≥ 3). Used for
 * the work–time (W = CP·t + W′) and distance–time (d = CS·t + D′) models.
 */
record LinearFit(double slope, double intercept, Double slopeStandardError, int n) {

  /** Null when fewer than two points or all x equal. */
  static LinearFit of(List<double[]> points) {
    int n = points.size();
    if (n < 2) {
      return null;
    }
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    double sxx = 0, sxy = 0;
    for (double[] p : points) {
      sxx += (p[0] - mx) * (p[0] - mx);
      sxy += (p[0] - mx) * (p[1] - my);
    }
    if (sxx == 0) {
      return null;
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    Double se = null;
    if (n >= 3) {
      double sse = 0;
      for (double[] p : points) {
        double r = p[1] - (slope * p[0] + intercept);
        sse += r * r;
      }
      se = Math.sqrt(sse / (n - 2) / sxx);
    }
    return new LinearFit(slope, intercept, se, n);
  }
}
