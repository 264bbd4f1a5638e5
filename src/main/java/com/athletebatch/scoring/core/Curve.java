package com.athletebatch.scoring.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A piecewise-linear rule from a measured value to a score: straight lines between the given (x,
 * score) points, flat before the first point and after the last. Written as a table so a reader can
 * check each rule against the bands (9–10 exceptional, 7–8 strong, 5–6 adequate, 3–4 needs work,
 * 1–2 poor).
 */
public final class Curve {

  private final double[] xs;
  private final double[] ys;

  private Curve(double[] xs, double[] ys) {
    this.xs = xs;
    this.ys = ys;
  }

  /** Points as x0, y0, x1, y1, ... with x strictly increasing. */
  public static Curve of(double... xy) {
    if (xy.length < 2 || xy.length % 2 != 0) {
      throw new IllegalArgumentException("a curve needs (x, y) pairs");
    }
    double[] xs = new double[xy.length / 2];
    double[] ys = new double[xy.length / 2];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = xy[2 * i];
      ys[i] = xy[2 * i + 1];
      if (i > 0 && xs[i] <= xs[i - 1]) {
        throw new IllegalArgumentException("x must increase: " + Arrays.toString(xy));
      }
    }
    return new Curve(xs, ys);
  }

  public double at(double x) {
    if (x <= xs[0]) {
      return ys[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return ys[i - 1] + t * (ys[i] - ys[i - 1]);
      }
    }
    return ys[ys.length - 1];
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < xs.length; i++) {
      j.add(String.format(Locale.ROOT, "%s→%s", Fmt.num(xs[i]), Fmt.num(ys[i])));
    }
    return j.toString();
  }
}
