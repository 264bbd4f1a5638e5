package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.Plausibility;
import com.athletebatch.capability.events.SprintEffort;
import com.athletebatch.capability.events.SprintEffort.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * sprint_max_speed (m/s). Per effort: MSS of the mono-exponential fit when splits are present, else
 * the maximum of a 3-sample moving average for a GPS speed stream, else distance/time. Anything
 * above 12.5 m/s is rejected. The estimate is the robust recent best (median of the top 3 efforts
 * of the last 90 days); the reading method is the comparability group, since timing gates, GPS and
 * hand timing do not agree.
 */
public final class SprintMaxSpeedEstimator {

  public static final String KEY = "sprint_max_speed";
  static final int SMOOTHING_SAMPLES = 3;
  static final List<String> RECOMMEND =
      List.of("timed_maximal_sprint_30_to_40m_with_splits", "repeat_the_same_timing_method");

  private record Reading(SprintEffort effort, double speed, String method) {}

  public CapabilityOutput estimate(List<SprintEffort> efforts, EstimationContext ctx) {
    OutputBuilder out =
        new OutputBuilder(KEY, "m/s", RECOMMEND)
            .protocol("method", "robust_best_median_top3_recent")
            .protocol("window_days", Rules.RECENT_WINDOW_DAYS)
            .protocol("splits_model", "mono_exponential_v(t)=MSS(1-exp(-t/tau))")
            .protocol("gps_smoothing_samples", SMOOTHING_SAMPLES);
    List<Reading> readings = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (SprintEffort e : efforts) {
      Reading r = read(e);
      if (r == null) {
        continue;
      }
      if (r.speed() > Plausibility.MAX_SPEED_MPS || r.speed() <= 0) {
        rejected.add(e.source().event().id().toString());
      } else {
        readings.add(r);
      }
    }
    if (!rejected.isEmpty()) {
      out.caveat(
          "implausible_speed_rejected",
          Caveat.WARNING,
          Map.of("limit_mps", Plausibility.MAX_SPEED_MPS, "event_ids", rejected));
    }
    out.diagnostic("efforts_seen", efforts.size()).diagnostic("efforts_rejected", rejected.size());
    if (readings.isEmpty()) {
      return out.build(ctx);
    }
    Rules.Pool<Reading> pool = Rules.recent(readings, r -> r.effort().source().at(), ctx.asOf());
    List<Double> top = Stats.top(pool.items().stream().map(Reading::speed).toList(), Rules.TOP_N);
    for (Reading r : pool.items()) {
      out.group(r.method()).source(r.effort().source());
    }
    if (pool.fellBack()) {
      out.reason("no_recent_observations");
    }
    if (pool.items().stream().anyMatch(r -> r.method().equals("gps_stream"))) {
      out.caveat(
          "gps_speed_lower_bound",
          Caveat.INFO,
          Map.of("note", "GPS streams of runs need not contain a maximal sprint"));
    }
    return out.estimate(Stats.median(top), top)
        .diagnostic("top_speeds_mps", top)
        .observed(
            pool.items().size(), OutputBuilder.newest(pool.items(), r -> r.effort().source().at()))
        .build(ctx);
  }

  private static Reading read(SprintEffort e) {
    List<Split> points = new ArrayList<>(e.splits());
    if (e.distanceM() != null
        && e.durationS() != null
        && (points.isEmpty() || e.distanceM() > points.get(points.size() - 1).distanceM())) {
      points.add(new Split(e.distanceM(), e.durationS()));
    }
    if (!e.splits().isEmpty()) {
      MonoExponentialFit.Result fit = MonoExponentialFit.fit(points);
      if (fit != null) {
        return new Reading(e, fit.mss(), "split_fit");
      }
    }
    if (!e.speedSamples().isEmpty()) {
      return new Reading(e, maxSmoothed(e.speedSamples()), "gps_stream");
    }
    if (e.distanceM() != null && e.durationS() != null && e.durationS() > 0) {
      return new Reading(e, e.distanceM() / e.durationS(), "distance_time");
    }
    Split last = points.isEmpty() ? null : points.get(points.size() - 1);
    return last == null ? null : new Reading(e, last.distanceM() / last.timeS(), "distance_time");
  }

  /** Max of a centred 3-sample moving average (the mean of all samples when fewer than 3). */
  static double maxSmoothed(List<Double> v) {
    int w = Math.min(SMOOTHING_SAMPLES, v.size());
    double best = 0;
    for (int i = 0; i + w <= v.size(); i++) {
      double sum = 0;
      for (int j = i; j < i + w; j++) {
        sum += v.get(j);
      }
      best = Math.max(best, sum / w);
    }
    return best;
  }
}
