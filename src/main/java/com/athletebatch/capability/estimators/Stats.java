package com.athletebatch.capability.estimators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Small statistics helpers over lists of finite doubles. */
final class Stats {

  private Stats() {}

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** Sample standard deviation (n − 1); 0 for fewer than two values. */
  static double sd(List<Double> xs) {
    if (xs.size() < 2) {
      return 0;
    }
    double m = mean(xs);
    double ss = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
    return Math.sqrt(ss / (xs.size() - 1));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** The n largest values, largest first. */
  static List<Double> top(List<Double> xs, int n) {
    return xs.stream().sorted(Comparator.reverseOrder()).limit(n).toList();
  }
}
