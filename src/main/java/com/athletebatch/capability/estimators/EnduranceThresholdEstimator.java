package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.EnduranceEffort;
import com.athletebatch.capability.events.Plausibility;
import com.athletebatch.capability.events.ThresholdReference;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * endurance_threshold, in ONE unit per output. Power (W) when any power effort or power reference
 * exists, in this order: critical power from the work–time fit W = CP·t + W′ over the best efforts
 * of 2–20 min; else 0.95 × the best ~20-min power (18–25 min); else the latest stated FTP /
 * critical power; else the {@link ThresholdFactors} table. Otherwise running speed (m/s): critical
 * speed from d = CS·t + D′ over 2–20 min efforts; else the latest stated critical speed; else the
 * factor table. Speeds of other sports (cycling without power, triathlon…) are not thresholds.
 */
public final class EnduranceThresholdEstimator {

  public static final String KEY = "endurance_threshold";
  static final double FIT_MIN_S = 120;
  static final double FIT_MAX_S = 1200;

  /** Fit durations must span at least this ratio, or noise dominates the slope. */
  static final double FIT_MIN_SPAN = 1.5;

  static final double TWENTY_MIN_FROM_S = 1080;
  static final double TWENTY_MIN_TO_S = 1500;
  static final double FTP_FACTOR = 0.95;
  static final List<String> RECOMMEND =
      List.of("maximal_efforts_of_3_and_12_minutes", "20_minute_time_trial_with_power_or_pace");

  /** Power or speed: how to read an effort and which fit results are believable. */
  private record Channel(
      String unit,
      boolean power,
      String fitName,
      String interceptName,
      double slopeMin,
      double slopeMax,
      double interceptMin,
      double interceptMax,
      Function<EnduranceEffort, Double> value) {}

  /** GoldenCheetah keeps CP 100–1000 W and W′ > 1000 J. */
  private static final Channel POWER =
      new Channel(
          "W",
          true,
          "critical_power_fit",
          "w_prime_j",
          100,
          1000,
          1000,
          100_000,
          EnduranceEffort::powerW);

  /** Runners: CS 1–7 m/s (10 k world-record pace is 6.3 m/s), D′ up to 1 km. */
  private static final Channel SPEED =
      new Channel(
          "m/s",
          false,
          "critical_speed_fit",
          "d_prime_m",
          1,
          7,
          0,
          1000,
          EnduranceEffort::speedMps);

  private record Result(String method, double value, List<Double> contributing, Double halfWidth) {}

  public CapabilityOutput estimate(
      List<EnduranceEffort> efforts, List<ThresholdReference> refs, EstimationContext ctx) {
    List<EnduranceEffort> power = efforts.stream().filter(e -> e.powerW() != null).toList();
    List<ThresholdReference> powerRefs = refs.stream().filter(ThresholdReference::isPower).toList();
    if (!power.isEmpty() || !powerRefs.isEmpty()) {
      long speedOnly = efforts.size() - power.size() + refs.size() - powerRefs.size();
      return run(POWER, power, powerRefs, ctx)
          .diagnostic("speed_observations_not_used", speedOnly)
          .build(ctx);
    }
    List<EnduranceEffort> running =
        efforts.stream().filter(e -> e.speedMps() != null && "running".equals(e.sport())).toList();
    List<ThresholdReference> speedRefs = refs.stream().filter(r -> !r.isPower()).toList();
    OutputBuilder out =
        running.isEmpty() && speedRefs.isEmpty()
            ? new OutputBuilder(KEY, null, RECOMMEND).protocol("method", "none")
            : run(SPEED, running, speedRefs, ctx);
    return out.diagnostic("efforts_of_other_sports_not_used", efforts.size() - running.size())
        .build(ctx);
  }

  private OutputBuilder run(
      Channel ch,
      List<EnduranceEffort> allEfforts,
      List<ThresholdReference> allRefs,
      EstimationContext ctx) {
    OutputBuilder out =
        new OutputBuilder(KEY, ch.unit(), RECOMMEND)
            .protocol("window_days", Rules.RECENT_WINDOW_DAYS)
            .protocol("fit_durations_s", List.of(FIT_MIN_S, FIT_MAX_S));
    Rules.Pool<EnduranceEffort> pool = Rules.recent(allEfforts, e -> e.source().at(), ctx.asOf());
    Rules.Pool<ThresholdReference> refPool =
        Rules.recent(allRefs, r -> r.source().at(), ctx.asOf());
    List<EnduranceEffort> efforts = pool.items();
    List<ThresholdReference> refs = refPool.items();
    List<OffsetDateTime> times = new ArrayList<>();
    for (EnduranceEffort e : efforts) {
      out.group(e.sport()).source(e.source());
      times.add(e.source().at());
    }
    for (ThresholdReference r : refs) {
      out.group(r.sport()).source(r.source());
      times.add(r.source().at());
    }
    if (efforts.stream().anyMatch(EnduranceEffort::powerIsNormalized)) {
      out.caveat(
          "normalized_power_used",
          Caveat.WARNING,
          Map.of("note", "only NP was imported for some efforts; NP ≥ mean power"));
    }
    Result r = fit(ch, efforts, ctx, out);
    if (r == null && ch.power()) {
      r = accept(ch, twentyMinute(efforts), ctx, out);
    }
    if (r == null) {
      r = accept(ch, latestReference(refs), ctx, out);
    }
    if (r == null) {
      r = accept(ch, factorTable(ch, efforts), ctx, out);
      if (r != null) {
        out.caveat(
            "threshold_from_duration_factor",
            Caveat.INFO,
            Map.of("note", "assumes the best effort was maximal; otherwise a lower bound"));
      }
    }
    out.protocol("method", r == null ? "none" : r.method())
        .observed(
            efforts.size() + refs.size(),
            times.stream().max(Comparator.naturalOrder()).orElse(null));
    if (r == null) {
      return out.reason("no_threshold_effort");
    }
    return out.estimate(r.value(), r.contributing())
        .halfWidth(r.halfWidth())
        .diagnostic("method", r.method());
  }

  /**
   * Best value per whole-second duration in 2–20 min, fitted as work (or distance) against time.
   */
  private Result fit(
      Channel ch, List<EnduranceEffort> efforts, EstimationContext ctx, OutputBuilder out) {
    TreeMap<Long, Double> best = new TreeMap<>();
    for (EnduranceEffort e : efforts) {
      Double v = ch.value().apply(e);
      if (v != null && e.durationS() >= FIT_MIN_S && e.durationS() <= FIT_MAX_S) {
        best.merge(Math.round(e.durationS()), v, Math::max);
      }
    }
    if (best.size() < 2 || best.lastKey() < FIT_MIN_SPAN * best.firstKey()) {
      return null;
    }
    List<double[]> points =
        best.entrySet().stream()
            .map(en -> new double[] {en.getKey(), en.getValue() * en.getKey()})
            .toList();
    LinearFit f = LinearFit.of(points);
    out.diagnostic("fit_points", best.size());
    if (f == null
        || f.slope() < ch.slopeMin()
        || f.slope() > ch.slopeMax()
        || f.intercept() <= ch.interceptMin()
        || f.intercept() > ch.interceptMax()) {
      out.caveat(
          "fit_rejected",
          Caveat.INFO,
          Map.of(
              "fit",
              ch.fitName(),
              "slope",
              f == null ? "n/a" : f.slope(),
              "intercept",
              f == null ? "n/a" : f.intercept()));
      return null;
    }
    out.diagnostic(ch.interceptName(), f.intercept());
    Double hw = f.slopeStandardError() == null ? null : Rules.Z95 * f.slopeStandardError();
    return accept(ch, new Result(ch.fitName(), f.slope(), List.of(f.slope()), hw), ctx, out);
  }

  private static Result twentyMinute(List<EnduranceEffort> efforts) {
    List<Double> values =
        efforts.stream()
            .filter(e -> e.durationS() >= TWENTY_MIN_FROM_S && e.durationS() <= TWENTY_MIN_TO_S)
            .map(e -> FTP_FACTOR * e.powerW())
            .toList();
    if (values.isEmpty()) {
      return null;
    }
    List<Double> top = Stats.top(values, Rules.TOP_N);
    return new Result("ftp_0.95x_best_20min", top.get(0), top, null);
  }

  private static Result latestReference(List<ThresholdReference> refs) {
    if (refs.isEmpty()) {
      return null;
    }
    ThresholdReference latest =
        refs.stream().max(Comparator.comparingInt(r -> r.source().event().seq())).orElseThrow();
    return new Result(
        "stated_reference_" + latest.referenceType(),
        latest.value(),
        refs.stream().map(ThresholdReference::value).toList(),
        null);
  }

  private static Result factorTable(Channel ch, List<EnduranceEffort> efforts) {
    List<Double> values = new ArrayList<>();
    for (EnduranceEffort e : efforts) {
      double factor = ThresholdFactors.factor(ch.power(), e.durationS());
      Double v = ch.value().apply(e);
      if (v != null && !Double.isNaN(factor)) {
        values.add(factor * v);
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    List<Double> top = Stats.top(values, Rules.TOP_N);
    return new Result("duration_factor_table", Stats.median(top), top, null);
  }

  /** Rejects a power threshold above 7 W/kg when the body weight is known. */
  private static Result accept(Channel ch, Result r, EstimationContext ctx, OutputBuilder out) {
    if (r == null || !ch.power() || ctx.bodyWeightKg() == null) {
      return r;
    }
    double wPerKg = r.value() / ctx.bodyWeightKg();
    if (wPerKg > Plausibility.MAX_CP_W_PER_KG) {
      out.caveat(
          "implausible_threshold_rejected",
          Caveat.WARNING,
          Map.of(
              "method",
              r.method(),
              "w_per_kg",
              wPerKg,
              "limit_w_per_kg",
              Plausibility.MAX_CP_W_PER_KG));
      return null;
    }
    return r;
  }
}
