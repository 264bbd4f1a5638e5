package com.athletebatch.capability.estimators;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

/**
 * The common rules every estimator follows (upstream v1, DOMAIN.md §2) and the choices this project
 * made where upstream leaves room.
 */
public final class Rules {

  /** Upstream v1: observations needed for full confidence. */
  public static final int REQUIRED_OBSERVATIONS = 6;

  /** Upstream v1: fewer than this → insufficient_data. */
  public static final int MIN_OBSERVATIONS = 3;

  /** Upstream v1: confidence factor when observations span more than one comparability group. */
  public static final double DEGRADED_CONFIDENCE_FACTOR = 0.65;

  /** Our choice: confidence halves when the newest contributing observation is 30 days old. */
  public static final double HALF_LIFE_DAYS = 30;

  /** Our choice: "recent" = the 90 days before asOf (a training macrocycle); all data if none. */
  public static final int RECENT_WINDOW_DAYS = 90;

  /** Our choice: the robust best is the median of the top 3 values. */
  public static final int TOP_N = 3;

  public static final double Z95 = 1.96;
  public static final String MODEL_VERSION = "athlete-batch.capability.v1";

  private Rules() {}

  /** Observations of the recent window, or all of them (fellBack) when the window is empty. */
  public record Pool<T>(List<T> items, boolean fellBack) {}

  static <T> Pool<T> recent(List<T> xs, Function<T, OffsetDateTime> at, OffsetDateTime asOf) {
    OffsetDateTime from = asOf.minusDays(RECENT_WINDOW_DAYS);
    List<T> in = xs.stream().filter(x -> !at.apply(x).isBefore(from)).toList();
    return in.isEmpty() ? new Pool<>(xs, !xs.isEmpty()) : new Pool<>(in, false);
  }

  /** 1/(1 + freshness/half-life); observations after asOf count as fresh (0 days). */
  static double freshnessFactor(double freshnessDays) {
    return 1 / (1 + Math.max(0, freshnessDays) / HALF_LIFE_DAYS);
  }
}
