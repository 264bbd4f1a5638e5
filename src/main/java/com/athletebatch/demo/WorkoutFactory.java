package com.athletebatch.demo;

import static com.athletebatch.demo.DemoDataGenerator.between;
import static com.athletebatch.demo.DemoDataGenerator.clamp;
import static com.athletebatch.demo.DemoDataGenerator.pick;
import static com.athletebatch.demo.DemoDataGenerator.round;
import static com.athletebatch.demo.DemoDataGenerator.round1;
import static com.athletebatch.demo.DemoDataGenerator.round2;
import static com.athletebatch.demo.DemoDataGenerator.round3;

import com.athletebatch.demo.DemoCatalog.Exercise;
import com.athletebatch.demo.DemoCatalog.Lift;
import com.athletebatch.demo.DemoDataGenerator.Athlete;
import com.athletebatch.demo.DemoDataGenerator.Run;
import com.athletebatch.scoring.AnalysisStatus;
import com.athletebatch.scoring.ScoreTable;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code "Workout"} rows with their {@code "PlannedWorkout"}, {@code "WorkoutExercise"} and {@code
 * "WorkoutSet"} rows.
 */
final class WorkoutFactory {

  /** The earlier AI analysis' explanation per score part, for the demo's already-scored rows. */
  private static final Map<String, String> EARLIER_EXPLANATIONS =
      Map.of(
          "overall", "Solid session overall; scored by the earlier AI analysis.",
          "technical", "Steady cadence and even power delivery.",
          "effort", "Effort matched the intent of the session.",
          "pacing", "Even pacing with a slight fade late on.",
          "execution", "Completed close to plan.");

  private final Run run;
  private final BatchInserter.Table planned;
  private final BatchInserter.Table workouts;
  private final BatchInserter.Table exercises;
  private final BatchInserter.Table sets;

  WorkoutFactory(
      Run run,
      BatchInserter.Table planned,
      BatchInserter.Table workouts,
      BatchInserter.Table exercises,
      BatchInserter.Table sets) {
    this.run = run;
    this.planned = planned;
    this.workouts = workouts;
    this.exercises = exercises;
    this.sets = sets;
  }

  void generate(Athlete a, int count) throws SQLException {
    SplittableRandom r = run.rng("workout", a.index());
    for (int k = 0; k < count; k++) {
      one(a, k, r);
    }
  }

  private void one(Athlete a, int k, SplittableRandom r) throws SQLException {
    String id = run.id("workout", a.index(), k);
    boolean future = r.nextDouble() < 0.01;
    LocalDateTime date = run.dateTime(r, future);
    double typeRoll = r.nextDouble();
    String type =
        typeRoll < 0.44
            ? "Ride"
            : typeRoll < 0.74
                ? "Run"
                : typeRoll < 0.94
                    ? "WeightTraining"
                    : typeRoll < 0.96 ? "Swim" : typeRoll < 0.98 ? "Walk" : "Yoga";
    String source =
        "WeightTraining".equals(type) && r.nextDouble() < 0.7
            ? "hevy"
            : pick(r, new String[] {"intervals", "intervals", "strava", "strava", "garmin"});
    double oddRoll = r.nextDouble();
    boolean empty = oddRoll < 0.006;
    boolean malformed = !empty && oddRoll < 0.014;
    LocalDateTime created =
        future
            ? run.anchorStart.minusHours(2 + r.nextInt(20))
            : date.plusMinutes(20 + r.nextInt(600));

    workouts
        .set("id", id)
        .set("userId", a.idText())
        .set("externalId", source + "-" + run.seed + "-" + a.index() + "-" + k)
        .set("source", source)
        .set("date", date)
        .set("type", type);

    String strengthFocus = null;
    if (empty) {
      workouts
          .set("title", pick(r, new String[] {"Untitled activity", "Manual entry", type}))
          .set("durationSec", 0);
    } else {
      switch (type) {
        case "Ride" -> ride(a, k, date, r, created);
        case "Run" -> runWorkout(a, k, date, r, created);
        case "WeightTraining" -> strengthFocus = strength(a, k, date, r, created);
        default -> other(a, type, r);
      }
      if (malformed) {
        malform(r);
      }
    }
    status(r, future, date, created);
    workouts.add();
    if (strengthFocus != null) {
      // Children after the parent row: the inserter flushes tables parents-first.
      strengthDetail(a, id, k, strengthFocus, date, r, created);
    }
  }

  private void ride(Athlete a, int k, LocalDateTime date, SplittableRandom r, LocalDateTime created)
      throws SQLException {
    int minutes = 35 + (int) (190 * Math.pow(r.nextDouble(), 1.4));
    int dur = minutes * 60 + r.nextInt(60);
    double ftp = a.ftp() * between(r, 0.95, 1.05);
    boolean power = r.nextDouble() < 0.85;
    double intensity =
        clamp(0.55 + 0.45 * Math.pow(r.nextDouble(), 1.3) - (minutes > 150 ? 0.08 : 0), 0.45, 1.08);
    double vi = 1.01 + 0.22 * Math.pow(r.nextDouble(), 2);
    double np = intensity * ftp;
    double avg = np / vi;
    double hours = dur / 3600.0;
    double tss = hours * intensity * intensity * 100;
    boolean trainer = r.nextDouble() < 0.15;
    double speed = trainer ? between(r, 8, 10.5) : between(r, 6.3, 10.8);
    String title =
        intensity > 0.9
            ? pick(r, new String[] {"Threshold Intervals", "VO2max Intervals", "Race"})
            : intensity > 0.76
                ? pick(r, new String[] {"Sweet Spot", "Tempo Ride", "Group Ride"})
                : pick(
                    r,
                    new String[] {
                      "Endurance Ride",
                      "Morning Ride",
                      "Recovery Spin",
                      "Long Ride",
                      "Zwift - Watopia"
                    });
    workouts
        .set("title", title)
        .set("durationSec", dur)
        .set("elapsedTimeSec", (int) (dur * between(r, 1.0, 1.15)))
        .set("distanceMeters", round1(speed * dur))
        .set("trainer", trainer)
        .set(
            "deviceName",
            trainer
                ? "Zwift"
                : pick(
                    r, new String[] {"Garmin Edge 840", "Wahoo ELEMNT BOLT", "Garmin Edge 530"}));
    if (!trainer) {
      workouts.set("elevationGain", (int) (speed * dur / 1000 * between(r, 0, 18)));
    }
    if (power) {
      workouts
          .set("averageWatts", (int) Math.round(avg))
          .set("normalizedPower", (int) Math.round(np))
          .set("maxWatts", (int) Math.round(np * between(r, 1.8, 3.4)))
          .set("weightedAvgWatts", r.nextDouble() < 0.5 ? (int) Math.round(np) : null)
          .set("ftp", r.nextDouble() < 0.7 ? (int) Math.round(ftp) : null)
          .set("intensity", r.nextDouble() < 0.9 ? round3(intensity) : null)
          .set("tss", r.nextDouble() < 0.92 ? round1(tss) : null)
          .set("trainingLoad", round1(tss))
          .set("variabilityIndex", r.nextDouble() < 0.85 ? round2(vi) : null)
          .set("kilojoules", (int) Math.round(avg * dur / 1000))
          .set("calories", (int) Math.round(avg * dur / 1000 * 1.05))
          .set("lrBalance", r.nextDouble() < 0.55 ? round1(between(r, 45.5, 54.5)) : null)
          .set("averageCadence", 76 + r.nextInt(20))
          .set("maxCadence", 108 + r.nextInt(20));
    }
    boolean hr = r.nextDouble() < 0.9;
    if (hr) {
      double avgHr = heartRate(a, power ? intensity : between(r, 0.55, 0.85), r);
      workouts
          .set("averageHr", (int) Math.round(avgHr))
          .set("maxHr", (int) Math.round(Math.min(a.maxHr() + 2, avgHr + between(r, 12, 35))))
          .set("trimp", trimp(a, avgHr, dur))
          .set(
              "decoupling",
              r.nextDouble() < 0.7 ? round1(-2 + 12 * Math.pow(r.nextDouble(), 1.6)) : null);
      if (power) {
        workouts
            .set("efficiencyFactor", round2(np / avgHr))
            .set("powerHrRatio", round2(avg / avgHr));
      }
    }
    subjective(r, intensity);
    if (r.nextDouble() < 0.35) {
      plannedRow(a, k, date, r, created, "Ride", dur, power ? tss : null, intensity, null);
    }
  }

  private void runWorkout(
      Athlete a, int k, LocalDateTime date, SplittableRandom r, LocalDateTime created)
      throws SQLException {
    int minutes = 20 + (int) (130 * Math.pow(r.nextDouble(), 1.5));
    int dur = minutes * 60 + r.nextInt(60);
    double rel = clamp(between(r, 0.68, 1.06) - (minutes > 90 ? 0.06 : 0), 0.6, 1.1);
    double speed = a.thresholdSpeed() * rel;
    double distance = speed * dur;
    String title =
        rel > 0.95
            ? pick(r, new String[] {"Track Intervals", "Tempo Run", "Parkrun"})
            : minutes > 85
                ? "Long Run"
                : pick(r, new String[] {"Easy Run", "Recovery Run", "Morning Run", "Lunch Run"});
    workouts
        .set("title", title)
        .set("durationSec", dur)
        .set("elapsedTimeSec", (int) (dur * between(r, 1.0, 1.08)))
        .set("distanceMeters", round1(distance))
        .set("averageSpeed", round3(speed))
        .set("elevationGain", (int) (distance / 1000 * between(r, 2, 25)))
        .set("averageCadence", 158 + r.nextInt(28))
        .set("maxCadence", 176 + r.nextInt(25))
        .set(
            "deviceName",
            pick(r, new String[] {"Garmin Forerunner 265", "Apple Watch Ultra", "COROS PACE 3"}))
        .set("calories", (int) Math.round(a.weight() * distance / 1000 * 1.0));
    if (r.nextDouble() < 0.6) {
      double hours = dur / 3600.0;
      workouts
          .set("tss", round1(hours * rel * rel * 100))
          .set("trainingLoad", round1(hours * rel * rel * 100));
    }
    if (r.nextDouble() < 0.5) {
      workouts.set("intensity", round3(rel));
    }
    if (r.nextDouble() < 0.12) { // running power (Stryd)
      int watts = (int) Math.round(a.weight() * speed * 1.04);
      workouts
          .set("averageWatts", watts)
          .set("normalizedPower", (int) Math.round(watts * 1.03))
          .set("maxWatts", (int) Math.round(watts * between(r, 1.4, 2.2)));
    }
    if (r.nextDouble() < 0.93) {
      double avgHr = heartRate(a, rel, r);
      workouts
          .set("averageHr", (int) Math.round(avgHr))
          .set("maxHr", (int) Math.round(Math.min(a.maxHr() + 2, avgHr + between(r, 8, 25))))
          .set("trimp", trimp(a, avgHr, dur))
          .set(
              "decoupling",
              r.nextDouble() < 0.6 ? round1(-1.5 + 11 * Math.pow(r.nextDouble(), 1.6)) : null);
      workouts.set("efficiencyFactor", round3(speed * 60 / avgHr));
    }
    subjective(r, rel);
    if (r.nextDouble() < 0.35) {
      double hours = dur / 3600.0;
      plannedRow(
          a,
          k,
          date,
          r,
          created,
          "Run",
          dur,
          r.nextDouble() < 0.5 ? hours * rel * rel * 100 : null,
          r.nextDouble() < 0.6 ? rel : null,
          r.nextDouble() < 0.6 ? distance : null);
    }
  }

  private String strength(
      Athlete a, int k, LocalDateTime date, SplittableRandom r, LocalDateTime created)
      throws SQLException {
    String focus = pick(r, new String[] {"legs", "push", "pull", "full"});
    String title =
        switch (focus) {
          case "legs" -> "Leg Day";
          case "push" -> pick(r, new String[] {"Push", "Upper Body"});
          case "pull" -> pick(r, new String[] {"Pull", "Back & Biceps"});
          default -> "Full Body";
        };
    int dur = (35 + r.nextInt(60)) * 60 + r.nextInt(60);
    workouts
        .set("title", title)
        .set("durationSec", dur)
        .set("elapsedTimeSec", dur)
        .set("deviceName", r.nextDouble() < 0.5 ? "Hevy" : null)
        .set("calories", (int) (dur / 60.0 * between(r, 4, 7)));
    if (r.nextDouble() < 0.45) {
      double avgHr = heartRate(a, between(r, 0.5, 0.7), r);
      workouts
          .set("averageHr", (int) Math.round(avgHr))
          .set("maxHr", (int) Math.round(Math.min(a.maxHr(), avgHr + between(r, 25, 45))));
    }
    if (r.nextDouble() < 0.5) {
      workouts.set("rpe", 6 + r.nextInt(4));
    }
    if (r.nextDouble() < 0.2) {
      plannedRow(
          a,
          k,
          date,
          r,
          created,
          "WeightTraining",
          (int) (dur * between(r, 0.8, 1.2)),
          null,
          null,
          null);
    }
    return focus;
  }

  private void strengthDetail(
      Athlete a,
      String id,
      int k,
      String focus,
      LocalDateTime date,
      SplittableRandom r,
      LocalDateTime created)
      throws SQLException {
    int exerciseCount = 3 + r.nextInt(4);
    boolean kg = r.nextDouble() < 0.85;
    double progress =
        0.96
            + 0.08
                * (1 - java.time.temporal.ChronoUnit.DAYS.between(date, run.anchorStart) / 365.0);
    int first = r.nextInt(DemoCatalog.EXERCISES.length);
    for (int e = 0, picked = 0; picked < exerciseCount && e < DemoCatalog.EXERCISES.length; e++) {
      int idx = (first + e * 7) % DemoCatalog.EXERCISES.length;
      Exercise ex = DemoCatalog.EXERCISES[idx];
      if (!"full".equals(focus)
          && !ex.focus().equals(focus)
          && !"core".equals(ex.focus())
          && picked > 0) {
        continue;
      }
      String weId = run.id("workout-exercise:" + a.index(), k, picked);
      exercises
          .set("id", weId)
          .set("workoutId", id)
          .set("exerciseId", run.exerciseIds[idx])
          .set("order", picked)
          .set("createdAt", created)
          .set("updatedAt", created)
          .add();
      setsFor(a, ex, "set:" + a.index() + ":" + k + ":" + picked, weId, r, created, kg, progress);
      picked++;
    }
  }

  private void setsFor(
      Athlete a,
      Exercise ex,
      String setKind,
      String weId,
      SplittableRandom r,
      LocalDateTime created,
      boolean kg,
      double progress)
      throws SQLException {
    int setCount = 2 + r.nextInt(4);
    boolean warmup =
        ex.lift() != Lift.BODYWEIGHT && ex.lift() != Lift.DURATION && r.nextDouble() < 0.5;
    double oneRm = a.oneRepMax(ex.lift()) * ex.ratio() * progress;
    int order = 0;
    for (int s = 0; s < setCount + (warmup ? 1 : 0); s++) {
      boolean isWarmup = warmup && s == 0;
      boolean last = s == setCount + (warmup ? 1 : 0) - 1;
      String setType =
          isWarmup
              ? "WARMUP"
              : last && r.nextDouble() < 0.08
                  ? "FAILURE"
                  : last && r.nextDouble() < 0.05 ? "DROPSET" : "NORMAL";
      sets.set("id", run.id(setKind, s, 0))
          .set("workoutExerciseId", weId)
          .set("type", setType)
          .set("order", order++)
          .set("createdAt", created)
          .set("updatedAt", created);
      if (ex.lift() == Lift.DURATION) {
        sets.set("durationSec", 30 + 15 * r.nextInt(5));
      } else if (ex.lift() == Lift.BODYWEIGHT) {
        sets.set("reps", 4 + r.nextInt(12));
        if (r.nextDouble() < 0.4) {
          sets.set("rpe", (double) (7 + r.nextInt(4)));
        }
      } else {
        int reps = isWarmup ? 8 + r.nextInt(5) : 3 + r.nextInt(9);
        int rir = "FAILURE".equals(setType) ? 0 : r.nextInt(4);
        double pct =
            isWarmup
                ? between(r, 40, 55)
                : DemoCatalog.RTS_PERCENT[Math.min(reps + rir, DemoCatalog.RTS_PERCENT.length) - 1];
        double weight = Math.max(2.5, round(2.5, oneRm * pct / 100 * between(r, 0.97, 1.03)));
        sets.set("reps", reps).set("weight", weight).set("weightUnit", kg ? "kg" : "lbs");
        if (!isWarmup && r.nextDouble() < 0.65) {
          sets.set("rpe", 10.0 - rir - (r.nextDouble() < 0.25 ? 0.5 : 0));
        }
      }
      sets.add();
    }
  }

  private void other(Athlete a, String type, SplittableRandom r) {
    int dur = (20 + r.nextInt(70)) * 60;
    workouts
        .set(
            "title",
            switch (type) {
              case "Swim" -> pick(r, new String[] {"Pool Swim", "Open Water Swim"});
              case "Walk" -> "Afternoon Walk";
              default -> "Yoga Flow";
            })
        .set("durationSec", dur);
    if ("Swim".equals(type)) {
      workouts.set("distanceMeters", (double) (int) (dur * between(r, 0.6, 1.3)));
    } else if ("Walk".equals(type)) {
      double speed = between(r, 1.1, 1.6);
      workouts.set("distanceMeters", round1(dur * speed)).set("averageSpeed", round3(speed));
    }
    if (r.nextDouble() < 0.6) {
      double avgHr = heartRate(a, between(r, 0.35, 0.7), r);
      workouts
          .set("averageHr", (int) Math.round(avgHr))
          .set("maxHr", (int) Math.round(avgHr + between(r, 10, 30)));
    }
  }

  /** Puts one impossible or non-finite value into an otherwise normal row. */
  private void malform(SplittableRandom r) {
    switch (r.nextInt(7)) {
      case 0 -> workouts.set("averageHr", -1 * (40 + r.nextInt(100)));
      case 1 -> workouts.set("decoupling", Double.NaN);
      case 2 -> workouts.set("variabilityIndex", Double.POSITIVE_INFINITY);
      case 3 -> workouts.set("averageWatts", -(50 + r.nextInt(200)));
      case 4 -> workouts.set("intensity", Double.NaN);
      case 5 -> workouts.set("averageHr", 260 + r.nextInt(80));
      default -> workouts.set("distanceMeters", Double.NEGATIVE_INFINITY);
    }
  }

  private void subjective(SplittableRandom r, double intensity) {
    if (r.nextDouble() < 0.35) {
      workouts.set(
          "rpe",
          (int) clamp(Math.round(3 + 7 * (intensity - 0.5) / 0.55 + r.nextGaussian()), 1, 10));
    }
    if (r.nextDouble() < 0.2) {
      workouts.set("sessionRpe", (int) clamp(Math.round(2 + 8 * (intensity - 0.45) / 0.6), 1, 10));
    }
    if (r.nextDouble() < 0.3) {
      workouts.set("feel", 3 + r.nextInt(7));
    }
  }

  /** Upstream statuses; future-dated rows stay NOT_STARTED. A few rows are already scored. */
  private void status(
      SplittableRandom r, boolean future, LocalDateTime date, LocalDateTime created) {
    double s = r.nextDouble();
    LocalDateTime updated = created;
    if (future || s < 0.80) {
      workouts.set("aiAnalysisStatus", AnalysisStatus.NOT_STARTED.name());
    } else if (s < 0.86) {
      workouts.set("aiAnalysisStatus", AnalysisStatus.COMPLETED.name());
    } else if (s < 0.90) {
      workouts.set("aiAnalysisStatus", AnalysisStatus.FAILED.name());
      updated = created.plusMinutes(3);
    } else if (s < 0.93) {
      workouts.set("aiAnalysisStatus", AnalysisStatus.QUOTA_EXCEEDED.name());
      updated = created.plusMinutes(3);
    } else if (s < 0.96) {
      workouts.set("aiAnalysisStatus", pick(r, DemoDataGenerator.WORKOUT_STATUSES_RARE));
      updated = created.plusMinutes(1);
    } else {
      int overall = 4 + r.nextInt(6);
      LocalDateTime analyzed = created.plusMinutes(5 + r.nextInt(60));
      updated = analyzed;
      workouts
          .set("aiAnalysisStatus", AnalysisStatus.COMPLETED.name())
          .set("aiAnalyzedAt", analyzed)
          .set("overallScore", overall)
          .set("overallQualityExplanation", EARLIER_EXPLANATIONS.get("overall"));
      // The sub-scores and explanations of the earlier AI analysis, for every ScoreTable column.
      for (ScoreTable.Column column : ScoreTable.WORKOUT.columns()) {
        if (!column.part().equals("overall")) {
          workouts
              .set(column.scoreColumn(), (int) clamp(overall + r.nextInt(3) - 1, 1, 10))
              .set(
                  column.explanationColumn(),
                  EARLIER_EXPLANATIONS.getOrDefault(
                      column.part(), "Scored by the earlier AI analysis."));
        }
      }
      workouts
          .set(
              "aiAnalysis",
              "## Workout analysis\n\nA solid session. Overall score " + overall + "/10.")
          .set(
              "aiAnalysisJson",
              Json.write(
                  Json.obj(
                      "type",
                      "workout_analysis",
                      "executive_summary",
                      "A solid session.",
                      "scores",
                      Json.obj("overall", overall),
                      "model",
                      "gemini-2.5-flash")));
    }
    workouts.set("createdAt", created).set("updatedAt", updated);
  }

  private void plannedRow(
      Athlete a,
      int k,
      LocalDateTime date,
      SplittableRandom r,
      LocalDateTime created,
      String type,
      int actualDur,
      Double actualTss,
      Double intensity,
      Double distance)
      throws SQLException {
    String plannedId = run.id("planned", a.index(), k);
    double durFactor =
        r.nextDouble() < 0.1 ? pick(r, new Double[] {0.4, 0.55, 1.4, 1.7}) : between(r, 0.8, 1.2);
    boolean hasDuration = r.nextDouble() < 0.92;
    planned
        .set("id", plannedId)
        .set("userId", a.idText())
        .set("externalId", "plan-" + run.seed + "-" + a.index() + "-" + k)
        .set("date", date.toLocalDate())
        .set("title", "Planned " + type)
        .set("type", type)
        .set("category", "WORKOUT")
        .set("durationSec", hasDuration ? (int) round(300, actualDur * durFactor) : null)
        .set("tss", actualTss == null ? null : round1(actualTss * between(r, 0.75, 1.25)))
        .set("workIntensity", intensity == null ? null : round2(intensity * between(r, 0.9, 1.1)))
        .set(
            "distanceMeters",
            distance == null ? null : round(500, distance * between(r, 0.85, 1.15)))
        .set("completed", Boolean.TRUE)
        .set("completionStatus", "COMPLETED")
        .set("createdAt", created.minusDays(3 + r.nextInt(10)))
        .set("updatedAt", created)
        .add();
    workouts.set("plannedWorkoutId", plannedId);
  }

  private static double heartRate(Athlete a, double intensity, SplittableRandom r) {
    double fraction = clamp(0.35 + 0.55 * intensity, 0.3, 0.97);
    return a.restingHr() + (a.maxHr() - a.restingHr()) * fraction + 3 * r.nextGaussian();
  }

  /** Banister TRIMP: minutes × x × 0.64 × e^(1.92x), x = heart-rate-reserve fraction. */
  private static int trimp(Athlete a, double avgHr, int durationSec) {
    double x = clamp((avgHr - a.restingHr()) / (a.maxHr() - a.restingHr()), 0, 1);
    return (int) Math.round(durationSec / 60.0 * x * 0.64 * Math.exp(1.92 * x));
  }
}
