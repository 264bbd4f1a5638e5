package com.athletebatch.scoring.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plausibility limits of every numeric input, in one table, and the check that turns the first
 * violation into {@link ScoringOutcome.Invalid}. Values outside a limit are impossible or corrupt
 * (a sensor glitch, a unit mix-up), so the row is not scored at all.
 */
public final class Plausibility {

  /**
   * @param min lowest plausible value (inclusive)
   * @param max highest plausible value (inclusive)
   * @param zeroMeansAbsent 0 is how sources store "not recorded" (no HR strap, FTP never set): it
   *     is not checked against {@code min} and the scorer treats it as null
   */
  public record Limit(double min, double max, String unit, boolean zeroMeansAbsent) {}

  private static final double WEEK_SEC = 7 * 24 * 3600;

  /**
   * Column (record component) name → limit. Negative values are invalid everywhere except
   * decoupling.
   */
  public static final Map<String, Limit> LIMITS;

  static {
    Map<String, Limit> m = new LinkedHashMap<>();
    // workout: time and distance
    m.put("durationSec", new Limit(0, WEEK_SEC, "s", true));
    m.put("elapsedTimeSec", new Limit(0, WEEK_SEC, "s", true));
    m.put("distanceMeters", new Limit(0, 2_000_000, "m", true));
    m.put("elevationGain", new Limit(0, 50_000, "m", true));
    m.put("averageSpeed", new Limit(0, 40, "m/s", true));
    // workout: power (DOMAIN.md: power > 2600 W is rejected)
    m.put("averageWatts", new Limit(1, 2600, "W", true));
    m.put("maxWatts", new Limit(1, 2600, "W", true));
    m.put("normalizedPower", new Limit(1, 2600, "W", true));
    m.put("weightedAvgWatts", new Limit(1, 2600, "W", true));
    m.put("ftp", new Limit(30, 700, "W", true));
    m.put("intensity", new Limit(0, 2, "", true));
    m.put("tss", new Limit(0, 3000, "", true));
    m.put("variabilityIndex", new Limit(0.8, 5, "", true));
    m.put("efficiencyFactor", new Limit(0, 10, "", true));
    m.put("lrBalance", new Limit(0, 100, "%", true));
    m.put("kilojoules", new Limit(0, 50_000, "kJ", true));
    // workout: heart rate
    m.put("averageHr", new Limit(20, 250, "bpm", true));
    m.put("maxHr", new Limit(20, 250, "bpm", true));
    m.put("trimp", new Limit(0, 3000, "", true));
    m.put("decoupling", new Limit(-100, 100, "%", false));
    // workout: other
    m.put("averageCadence", new Limit(1, 250, "rpm", true));
    m.put("maxCadence", new Limit(1, 300, "rpm", true));
    m.put("rpe", new Limit(1, 10, "", true));
    m.put("sessionRpe", new Limit(1, 10, "", true));
    m.put("feel", new Limit(1, 10, "", true));
    // the athlete
    m.put("userFtp", new Limit(30, 700, "W", true));
    m.put("userMaxHr", new Limit(20, 250, "bpm", true));
    m.put("userRestingHr", new Limit(20, 250, "bpm", true));
    m.put("userLthr", new Limit(20, 250, "bpm", true));
    m.put("userWeightKg", new Limit(20, 400, "kg", false));
    // the planned workout (work intensity is planned IF)
    m.put("plannedDurationSec", new Limit(0, WEEK_SEC, "s", true));
    m.put("plannedTss", new Limit(0, 3000, "", true));
    m.put("plannedWorkIntensity", new Limit(0, 2, "", true));
    m.put("plannedDistanceMeters", new Limit(0, 2_000_000, "m", true));
    // strength
    m.put("exerciseCount", new Limit(0, 500, "", false));
    m.put("setCount", new Limit(0, 5000, "", false));
    m.put("setsWithReps", new Limit(0, 5000, "", false));
    m.put("averageSetRpe", new Limit(1, 10, "", true));
    // nutrition (grams unless noted)
    m.put("calories", new Limit(0, 20_000, "kcal", false));
    m.put("protein", new Limit(0, 1000, "g", false));
    m.put("carbs", new Limit(0, 2000, "g", false));
    m.put("fat", new Limit(0, 1000, "g", false));
    m.put("fiber", new Limit(0, 300, "g", false));
    m.put("sugar", new Limit(0, 2000, "g", false));
    m.put("caloriesGoal", new Limit(0, 20_000, "kcal", false));
    m.put("proteinGoal", new Limit(0, 1000, "g", false));
    m.put("carbsGoal", new Limit(0, 2000, "g", false));
    m.put("fatGoal", new Limit(0, 1000, "g", false));
    m.put("waterMl", new Limit(0, 20_000, "ml", false));
    LIMITS = java.util.Collections.unmodifiableMap(m);
  }

  private Plausibility() {}

  /** Starts a check for one row; the first violation found wins. */
  public static Check check(String scorer, int version) {
    return new Check(scorer, version);
  }

  public static final class Check {
    private final String scorer;
    private final int version;
    private ScoringOutcome.Invalid first;

    private Check(String scorer, int version) {
      this.scorer = scorer;
      this.version = version;
    }

    /** Checks {@code value} (null is fine) against {@code LIMITS.get(column)}. */
    public Check value(String column, Number value) {
      if (first != null || value == null) {
        return this;
      }
      Limit limit = LIMITS.get(column);
      if (limit == null) {
        throw new IllegalArgumentException("no plausibility limit for " + column);
      }
      double d = value.doubleValue();
      String problem = null;
      if (Double.isNaN(d)) {
        problem = "not a number";
      } else if (Double.isInfinite(d)) {
        problem = "not finite";
      } else if (d < 0 && limit.min() >= 0) {
        problem = "negative";
      } else if (d == 0 && limit.zeroMeansAbsent()) {
        return this;
      } else if (d < limit.min()) {
        problem = "below the plausible minimum " + Fmt.num(limit.min()) + unit(limit);
      } else if (d > limit.max()) {
        problem = "above the plausible maximum " + Fmt.num(limit.max()) + unit(limit);
      }
      if (problem != null) {
        fail(column, value, problem, limit);
      }
      return this;
    }

    /** A value that is plausible alone but impossible next to another (max HR below average HR). */
    public Check consistent(boolean ok, String column, Number value, String problem) {
      if (first == null && !ok) {
        fail(column, value, problem, null);
      }
      return this;
    }

    /** As above, the problem's text built only when the check fails (most rows pass). */
    public Check consistent(
        boolean ok, String column, Number value, java.util.function.Supplier<String> problem) {
      if (first == null && !ok) {
        fail(column, value, problem.get(), null);
      }
      return this;
    }

    public ScoringOutcome.Invalid result() {
      return first;
    }

    private void fail(String column, Number value, String problem, Limit limit) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("scorer", scorer);
      details.put("scorerVersion", version);
      details.put("column", column);
      double d = value.doubleValue();
      details.put("value", Double.isFinite(d) ? value : Fmt.num(value));
      details.put("problem", problem);
      if (limit != null) {
        details.put("min", limit.min());
        details.put("max", limit.max());
        details.put("unit", limit.unit());
      }
      String reason = "\"" + column + "\" is " + Fmt.num(value) + " (" + problem + ")";
      details.put("reason", reason);
      first = new ScoringOutcome.Invalid(reason, details);
    }

    private static String unit(Limit limit) {
      return limit.unit().isEmpty() ? "" : (limit.unit().equals("%") ? " %" : " " + limit.unit());
    }
  }
}
