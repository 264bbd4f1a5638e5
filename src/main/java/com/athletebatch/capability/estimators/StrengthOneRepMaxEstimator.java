package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.StrengthSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * strength_1rm (kg), per exercise: the robust recent best, i.e. the median of the top 3 set e1RMs
 * within the 90 days before asOf (all sets if none). Light and warm-up sets never reach the top 3,
 * so they cannot drag the estimate down as upstream's mean of all sets did. The headline is the
 * exercise with the highest estimate.
 */
public final class StrengthOneRepMaxEstimator {

  public static final String KEY = "strength_1rm";
  static final List<String> RECOMMEND =
      List.of("log_top_sets_of_1_to_5_reps_with_rpe_or_rir", "log_load_and_reps_for_main_lifts");

  /** One usable set with its e1RM. */
  private record Scored(StrengthSet set, double effectiveReps, double e1rm, boolean rirAssumed) {}

  /** An exercise's estimate over its pool of sets. */
  private record PerExercise(
      String exercise, double estimate, List<Double> top, List<Scored> pool, boolean fellBack) {}

  public CapabilityOutput estimate(List<StrengthSet> sets, EstimationContext ctx) {
    OutputBuilder out =
        new OutputBuilder(KEY, "kg", RECOMMEND)
            .protocol("method", "rts_chart_e1rm_median_top3_recent")
            .protocol("window_days", Rules.RECENT_WINDOW_DAYS)
            .protocol("beyond_chart", "epley_up_to_12_effective_reps");
    int noLoad = 0, warmups = 0, tooManyReps = 0;
    Map<String, List<Scored>> byExercise = new LinkedHashMap<>();
    for (StrengthSet s : sets) {
      if (s.weightKg() == null || s.weightKg() <= 0 || s.reps() == null) {
        noLoad++;
      } else if (isWarmup(s.setType())) {
        warmups++;
      } else {
        boolean assumed = s.rir() == null && s.rpe() == null;
        double rir = s.rir() != null ? s.rir() : s.rpe() != null ? 10 - s.rpe() : 0;
        double eff = OneRepMax.effectiveReps(s.reps(), rir);
        if (Double.isNaN(eff)) {
          tooManyReps++;
        } else {
          byExercise
              .computeIfAbsent(s.exerciseKey(), k -> new ArrayList<>())
              .add(new Scored(s, eff, OneRepMax.e1rm(s.weightKg(), eff), assumed));
        }
      }
    }
    out.diagnostic("sets_seen", sets.size())
        .diagnostic("sets_without_load_or_reps", noLoad)
        .diagnostic("warmup_sets_excluded", warmups)
        .diagnostic("sets_over_12_effective_reps_excluded", tooManyReps);
    if (tooManyReps > 0) {
      out.caveat("sets_over_12_effective_reps_excluded", Caveat.INFO, Map.of("count", tooManyReps));
    }
    List<PerExercise> estimates =
        byExercise.entrySet().stream()
            .map(e -> perExercise(e.getKey(), e.getValue(), ctx))
            .sorted(Comparator.comparingDouble(PerExercise::estimate).reversed())
            .toList();
    Map<String, Object> perExercise = new LinkedHashMap<>();
    for (PerExercise p : estimates) {
      perExercise.put(
          p.exercise(),
          Map.of(
              "estimate_kg",
              p.estimate(),
              "top_e1rms_kg",
              p.top(),
              "sets_used",
              p.pool().size(),
              "used_all_history",
              p.fellBack()));
      p.pool().forEach(sc -> out.source(sc.set().source()));
    }
    out.diagnostic("per_exercise", perExercise);
    if (estimates.isEmpty()) {
      out.diagnostic("headline_exercise", null);
      return out.build(ctx);
    }
    PerExercise head = estimates.get(0);
    List<Scored> pool = head.pool();
    pool.forEach(sc -> out.group(sc.set().comparabilityGroup()));
    long assumed = pool.stream().filter(Scored::rirAssumed).count();
    if (assumed > 0) {
      out.reason("rir_assumed")
          .caveat(
              "rir_assumed_zero",
              Caveat.WARNING,
              Map.of(
                  "sets",
                  assumed,
                  "note",
                  "no RPE or RIR logged: assumed taken to failure (RIR 0), which can underestimate"));
    }
    if (pool.stream().anyMatch(sc -> sc.effectiveReps() > 10)) {
      out.caveat(
          "beyond_rts_chart_epley",
          Caveat.INFO,
          Map.of("note", "sets of 11-12 effective reps use Epley"));
    }
    if (head.fellBack()) {
      out.reason("no_recent_observations")
          .caveat(
              "outside_recent_window",
              Caveat.WARNING,
              Map.of("window_days", Rules.RECENT_WINDOW_DAYS));
    }
    return out.diagnostic("headline_exercise", head.exercise())
        .estimate(head.estimate(), head.top())
        .observed(pool.size(), OutputBuilder.newest(pool, sc -> sc.set().source().at()))
        .build(ctx);
  }

  private static PerExercise perExercise(
      String exercise, List<Scored> scored, EstimationContext ctx) {
    Rules.Pool<Scored> pool = Rules.recent(scored, sc -> sc.set().source().at(), ctx.asOf());
    List<Double> top = Stats.top(pool.items().stream().map(Scored::e1rm).toList(), Rules.TOP_N);
    return new PerExercise(exercise, Stats.median(top), top, pool.items(), pool.fellBack());
  }

  private static final java.util.regex.Pattern NOT_LETTER =
      java.util.regex.Pattern.compile("[^a-z]");

  static boolean isWarmup(String setType) {
    if (setType == null) {
      return false;
    }
    String t = NOT_LETTER.matcher(setType.toLowerCase(Locale.ROOT)).replaceAll("");
    return t.equals("warmup") || t.equals("warmupset") || t.equals("ramp") || t.equals("rampup");
  }
}
