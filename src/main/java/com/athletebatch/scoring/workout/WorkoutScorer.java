package com.athletebatch.scoring.workout;

import static com.athletebatch.scoring.core.Fmt.fixed;
import static com.athletebatch.scoring.core.Fmt.round4;
import static com.athletebatch.scoring.workout.WorkoutMetrics.pos;
import static com.athletebatch.scoring.workout.WorkoutRules.*;

import com.athletebatch.scoring.core.Components;
import com.athletebatch.scoring.core.Fmt;
import com.athletebatch.scoring.core.Plausibility;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.Scores;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores one workout 1..10 on technical execution, effort, pacing and execution against the plan,
 * with the field's formulas (DOMAIN.md §1) and the rule tables in {@link WorkoutRules}. Pure and
 * deterministic: no clock, no randomness, no I/O.
 */
public final class WorkoutScorer {

  public static final String NAME = "workout-scorer";
  public static final int VERSION = 1;

  public ScoringOutcome score(WorkoutFacts f) {
    ScoringOutcome.Invalid invalid = validate(f);
    if (invalid != null) {
      return invalid;
    }
    if (!hasData(f)) {
      return new ScoringOutcome.Empty(
          "no duration, distance, power, heart rate or strength sets recorded");
    }
    WorkoutMetrics m = WorkoutMetrics.derive(f);
    Map<String, Components> components = new LinkedHashMap<>();
    Map<String, SubScore> parts = new LinkedHashMap<>();
    Map<String, Object> compliance = new LinkedHashMap<>();
    parts.put("technical", technical(f, m, components));
    parts.put("effort", effort(f, m, components));
    parts.put("pacing", pacing(f, m, components));
    parts.put("execution", execution(f, m, components, compliance));

    Scores.Overall overall = Scores.overall(parts, WEIGHTS);
    if (overall == null) {
      return Scores.nothingComputable(parts);
    }
    return new ScoringOutcome.Scored(
        new ScoreCard(
            NAME,
            VERSION,
            overall.score(),
            parts,
            summary(f, overall.score(), parts),
            analysis(f, m, components, compliance, parts, overall)));
  }

  // ---- validation ----

  static ScoringOutcome.Invalid validate(WorkoutFacts f) {
    Plausibility.Check c =
        Plausibility.check(NAME, VERSION)
            .value("durationSec", f.durationSec())
            .value("elapsedTimeSec", f.elapsedTimeSec())
            .value("distanceMeters", f.distanceMeters())
            .value("elevationGain", f.elevationGain())
            .value("averageWatts", f.averageWatts())
            .value("maxWatts", f.maxWatts())
            .value("normalizedPower", f.normalizedPower())
            .value("weightedAvgWatts", f.weightedAvgWatts())
            .value("ftp", f.ftp())
            .value("intensity", f.intensity())
            .value("tss", f.tss())
            .value("variabilityIndex", f.variabilityIndex())
            .value("efficiencyFactor", f.efficiencyFactor())
            .value("lrBalance", f.lrBalance())
            .value("kilojoules", f.kilojoules())
            .value("averageHr", f.averageHr())
            .value("maxHr", f.maxHr())
            .value("trimp", f.trimp())
            .value("decoupling", f.decoupling())
            .value("averageCadence", f.averageCadence())
            .value("maxCadence", f.maxCadence())
            .value("averageSpeed", f.averageSpeed())
            .value("rpe", f.rpe())
            .value("sessionRpe", f.sessionRpe())
            .value("feel", f.feel())
            .value("userFtp", f.userFtp())
            .value("userMaxHr", f.userMaxHr())
            .value("userRestingHr", f.userRestingHr())
            .value("userLthr", f.userLthr())
            .value("plannedDurationSec", f.plannedDurationSec())
            .value("plannedTss", f.plannedTss())
            .value("plannedWorkIntensity", f.plannedWorkIntensity())
            .value("plannedDistanceMeters", f.plannedDistanceMeters())
            .value("exerciseCount", f.exerciseCount())
            .value("setCount", f.setCount())
            .value("setsWithReps", f.setsWithReps())
            .value("averageSetRpe", f.averageSetRpe());
    Integer avgHr = pos(f.averageHr());
    Integer maxHr = pos(f.maxHr());
    c.consistent(
        avgHr == null || maxHr == null || maxHr >= avgHr,
        "maxHr",
        f.maxHr(),
        () -> "below \"averageHr\" " + f.averageHr());
    Integer avgW = pos(f.averageWatts());
    Integer maxW = pos(f.maxWatts());
    c.consistent(
        avgW == null || maxW == null || maxW >= avgW,
        "maxWatts",
        f.maxWatts(),
        () -> "below \"averageWatts\" " + f.averageWatts());
    c.consistent(
        f.setsWithReps() <= f.setCount(),
        "setsWithReps",
        f.setsWithReps(),
        () -> "above \"setCount\" " + f.setCount());
    if (c.result() != null) {
      return c.result();
    }
    // derived ratios must be possible too (an NP of 900 W on an FTP of 200 W is a unit mix-up)
    WorkoutMetrics m = WorkoutMetrics.derive(f);
    Plausibility.Limit viLimit = Plausibility.LIMITS.get("variabilityIndex");
    c.consistent(
        !"computed".equals(m.viSource()) || (m.vi() >= viLimit.min() && m.vi() <= viLimit.max()),
        m.npSource() == null ? "normalizedPower" : m.npSource(),
        m.np(),
        () ->
            "NP / average power "
                + (m.vi() == null ? "" : fixed(m.vi(), 2))
                + " is outside "
                + Fmt.num(viLimit.min())
                + "–"
                + Fmt.num(viLimit.max()));
    double maxIf = Plausibility.LIMITS.get("intensity").max();
    c.consistent(
        !"computed".equals(m.ifSource()) || m.intensity() <= maxIf,
        m.npSource() == null ? "normalizedPower" : m.npSource(),
        m.np(),
        () ->
            "NP / FTP "
                + (m.intensity() == null ? "" : fixed(m.intensity(), 2))
                + " with FTP "
                + m.ftp()
                + " W ("
                + m.ftpSource()
                + ") is above "
                + Fmt.num(maxIf));
    return c.result();
  }

  /** DOMAIN.md "no data": no duration, distance, power, heart rate or exercises. */
  static boolean hasData(WorkoutFacts f) {
    return f.durationSec() > 0
        || pos(f.distanceMeters()) != null
        || pos(f.averageWatts()) != null
        || pos(f.normalizedPower()) != null
        || pos(f.weightedAvgWatts()) != null
        || pos(f.averageHr()) != null
        || f.exerciseCount() > 0
        || f.setCount() > 0;
  }

  // ---- sub-scores ----

  private static SubScore technical(WorkoutFacts f, WorkoutMetrics m, Map<String, Components> all) {
    Components c = new Components("Technical");
    all.put("technical", c);
    addVariability(c, m);
    Integer cad = m.cadence();
    if (cad != null && m.sport() == WorkoutMetrics.Sport.RIDE) {
      c.add(
          "cadence",
          RIDE_CADENCE.at(cad),
          "cadence "
              + cad
              + " rpm is "
              + (cad >= 85 && cad <= 95 ? "within" : "outside")
              + " the 85–95 rpm optimum");
    } else if (m.cadenceSteps() != null) {
      int spm = m.cadenceSteps();
      String perLeg = spm != cad ? " (" + cad + " per leg, doubled)" : "";
      c.add(
          "cadence",
          RUN_CADENCE.at(spm),
          "cadence "
              + spm
              + " steps/min"
              + perLeg
              + " is "
              + (spm >= 175 && spm <= 190 ? "within" : "outside")
              + " the 175–190 optimum");
    }
    if (m.lrBalance() != null) {
      double left = m.lrBalance();
      double off = Math.abs(left - 50);
      c.add(
          "lrBalance",
          LR_IMBALANCE.at(off),
          "L/R balance "
              + fixed(left, 1)
              + "/"
              + fixed(100 - left, 1)
              + " % is "
              + (off <= 2 ? "within" : "outside")
              + " 48–52 %");
    }
    if (f.setCount() > 0) {
      double pct = 100.0 * f.setsWithReps() / f.setCount();
      c.add(
          "repsLogged",
          SETS_WITH_REPS_PCT.at(pct),
          "reps logged for "
              + f.setsWithReps()
              + " of "
              + f.setCount()
              + " sets ("
              + fixed(pct, 0)
              + " %)");
      if (f.exerciseCount() > 0) {
        double perExercise = (double) f.setCount() / f.exerciseCount();
        c.add(
            "setsPerExercise",
            SETS_PER_EXERCISE.at(perExercise),
            f.setCount()
                + " sets over "
                + f.exerciseCount()
                + " exercises ("
                + fixed(perExercise, 1)
                + " per exercise, 3–5 ideal)");
      }
    }
    return c.toSubScore(
        "no variability index (NP and average power), "
            + (m.sport() == WorkoutMetrics.Sport.OTHER ? "" : "cadence, ")
            + "L/R balance or strength sets recorded");
  }

  private static SubScore effort(WorkoutFacts f, WorkoutMetrics m, Map<String, Components> all) {
    Components c = new Components("Effort");
    all.put("effort", c);
    Double intensity = m.intensityUsed();
    String ifText = intensity == null ? null : intensityText(m);
    Double planned = pos(f.plannedWorkIntensity());
    if (intensity != null && planned != null) {
      double dev = Math.abs(intensity / planned - 1) * 100;
      c.add(
          "intensityVsPlan",
          IF_VS_PLAN_DEVIATION.at(dev),
          ifText + " vs planned " + fixed(planned, 2) + " is " + fixed(dev, 1) + " % off");
    }
    if (intensity != null && m.rpe() != null) {
      double expected = EXPECTED_RPE_FOR_IF.at(intensity);
      double gap = Math.abs(m.rpe() - expected);
      c.add(
          "rpeVsIntensity",
          RPE_GAP.at(gap),
          (c.hasScores() ? "" : ifText + " with ")
              + rpeName(m)
              + " "
              + m.rpe()
              + " vs about "
              + fixed(expected, 1)
              + " expected ("
              + fixed(gap, 1)
              + " apart)");
    }
    if (m.averageSetRpe() != null) {
      double setRpe = m.averageSetRpe();
      c.add(
          "setRpe",
          SET_RPE.at(setRpe),
          "average set RPE "
              + fixed(setRpe, 1)
              + " is "
              + (setRpe >= 7 && setRpe <= 9 ? "in" : "outside")
              + " the productive 7–9 zone");
      if (m.rpe() != null) {
        double gap = Math.abs(m.rpe() - setRpe);
        c.add(
            "sessionVsSetRpe",
            RPE_GAP.at(gap),
            rpeName(m)
                + " "
                + m.rpe()
                + " vs set RPE "
                + fixed(setRpe, 1)
                + " ("
                + fixed(gap, 1)
                + " apart)");
      }
    }
    if (m.tss() != null) {
      c.note(
          "TSS "
              + fixed(m.tss(), 0)
              + ("computed".equals(m.tssSource())
                  ? " (" + fixed(m.hours(), 2) + " h × " + fixed(m.intensity(), 2) + "² × 100)"
                  : ""));
    }
    if (m.trimp() != null) {
      c.note(
          "TRIMP "
              + fixed(m.trimp(), 0)
              + (m.hrReserveFraction() != null && !"stored".equals(m.trimpSource())
                  ? " (HR reserve " + fixed(m.hrReserveFraction(), 2) + ")"
                  : ""));
    }
    String why =
        intensity == null
            ? "no intensity factor (needs NP with an FTP, or average HR with an LTHR) and no set RPE"
            : ifText + " but no planned intensity or RPE to compare it with";
    return c.toSubScore(why);
  }

  private static SubScore pacing(WorkoutFacts f, WorkoutMetrics m, Map<String, Components> all) {
    Components c = new Components("Pacing");
    all.put("pacing", c);
    addVariability(c, m);
    if (m.decoupling() != null) {
      double d = m.decoupling();
      c.add(
          "decoupling",
          DECOUPLING.at(Math.abs(d)),
          "aerobic decoupling "
              + fixed(d, 1)
              + " % is "
              + (Math.abs(d) <= 5 ? "coupled (within ±5 %)" : "drifted (beyond ±5 %)"));
    }
    if (f.setCount() > 0 && f.durationSec() > 0) {
      double minutes = f.durationSec() / 60.0;
      double perSet = minutes / f.setCount();
      c.add(
          "minutesPerSet",
          MINUTES_PER_SET.at(perSet),
          fixed(minutes, 0)
              + " min for "
              + f.setCount()
              + " sets is "
              + fixed(perSet, 1)
              + " min per set (2.5–4 ideal)");
    }
    return c.toSubScore("no variability index, aerobic decoupling or timed strength sets recorded");
  }

  private static SubScore execution(
      WorkoutFacts f,
      WorkoutMetrics m,
      Map<String, Components> all,
      Map<String, Object> compliance) {
    Components c = new Components("Execution");
    all.put("execution", c);
    String basis;
    double actual;
    double planned;
    String text;
    if (m.tss() != null && pos(f.plannedTss()) != null) {
      basis = "tss";
      actual = m.tss();
      planned = f.plannedTss();
      text = "TSS " + fixed(actual, 0) + " vs planned " + fixed(planned, 0);
    } else if (f.durationSec() > 0 && pos(f.plannedDurationSec()) != null) {
      basis = "duration";
      actual = f.durationSec();
      planned = f.plannedDurationSec();
      text =
          "duration "
              + fixed(actual / 60, 0)
              + " min vs planned "
              + fixed(planned / 60, 0)
              + " min";
    } else if (pos(f.distanceMeters()) != null && pos(f.plannedDistanceMeters()) != null) {
      basis = "distance";
      actual = f.distanceMeters();
      planned = f.plannedDistanceMeters();
      text =
          "distance "
              + fixed(actual / 1000, 1)
              + " km vs planned "
              + fixed(planned / 1000, 1)
              + " km";
    } else {
      boolean anyPlan =
          f.plannedDurationSec() != null
              || f.plannedTss() != null
              || f.plannedDistanceMeters() != null
              || f.plannedWorkIntensity() != null
              || f.plannedType() != null;
      return c.toSubScore(
          anyPlan
              ? "the planned workout and this one share no TSS, duration or distance to compare"
              : "no planned workout linked");
    }
    double pct = 100 * actual / planned;
    String band = complianceBand(pct);
    compliance.put("basis", basis);
    compliance.put("actual", round4(actual));
    compliance.put("planned", round4(planned));
    compliance.put("percent", round4(pct));
    compliance.put("band", band);
    c.add(
        "compliance",
        complianceScore(pct),
        text
            + " is "
            + fixed(pct, 0)
            + " % of plan ("
            + band
            + " band; green 80–120 %, yellow 50–79 % or 121–150 %, red beyond)");
    if (f.plannedType() != null
        && f.type() != null
        && !f.plannedType().equalsIgnoreCase(f.type())) {
      c.note("planned as " + f.plannedType() + ", done as " + f.type());
    }
    return c.toSubScore("");
  }

  private static void addVariability(Components c, WorkoutMetrics m) {
    if (m.vi() == null) {
      return;
    }
    String source =
        "computed".equals(m.viSource())
            ? " (NP " + m.np() + " W / avg " + m.averageWatts() + " W)"
            : " (stored)";
    c.add(
        "variabilityIndex",
        VARIABILITY_INDEX.at(m.vi()),
        "variability index "
            + fixed(m.vi(), 2)
            + source
            + " is "
            + (m.vi() <= 1.05 ? "steady (≤ 1.05)" : "variable (> 1.05)"));
  }

  private static String intensityText(WorkoutMetrics m) {
    if (m.intensity() == null) {
      return "HR intensity " + fixed(m.hrIntensity(), 2) + " (avg HR " + m.averageHr() + " / LTHR)";
    }
    if ("stored".equals(m.ifSource())) {
      return "IF " + fixed(m.intensity(), 2) + " (stored)";
    }
    return "IF "
        + fixed(m.intensity(), 2)
        + " (NP "
        + m.np()
        + " W / FTP "
        + m.ftp()
        + " W"
        + ("user".equals(m.ftpSource()) ? " from the athlete" : "")
        + ")";
  }

  private static String rpeName(WorkoutMetrics m) {
    return "sessionRpe".equals(m.rpeSource()) ? "session RPE" : "RPE";
  }

  // ---- outputs ----

  private static String summary(WorkoutFacts f, SubScore overall, Map<String, SubScore> parts) {
    StringBuilder md = new StringBuilder("### ").append(f.type() == null ? "Workout" : f.type());
    if (f.date() != null) {
      md.append(" on ").append(f.date().toLocalDate());
    }
    md.append(": ").append(overall.value()).append("/10\n\n");
    md.append("- ").append(overall.explanation()).append('\n');
    parts.values().forEach(s -> md.append("- ").append(s.explanation()).append('\n'));
    return md.toString();
  }

  private static Map<String, Object> analysis(
      WorkoutFacts f,
      WorkoutMetrics m,
      Map<String, Components> components,
      Map<String, Object> compliance,
      Map<String, SubScore> parts,
      Scores.Overall overall) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("scorer", NAME);
    a.put("scorerVersion", VERSION);
    a.put("inputs", inputs(f));
    Map<String, Object> intermediate = m.toMap();
    intermediate.put("compliance", compliance.isEmpty() ? null : compliance);
    a.put("intermediate", intermediate);
    Map<String, Object> comp = new LinkedHashMap<>();
    components.forEach((k, v) -> comp.put(k, v.scoresByName()));
    a.put("components", comp);
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("overall", overall.score().value());
    parts.forEach((k, v) -> scores.put(k, v.value()));
    a.put("scores", scores);
    a.put("weights", new LinkedHashMap<>(WEIGHTS));
    a.put("weightsUsed", overall.weightsUsed());
    a.put("weightedMean", overall.weightedMean());
    a.put("incompletePenalty", overall.penalty());
    a.put(
        "missing",
        parts.entrySet().stream()
            .filter(e -> !e.getValue().present())
            .map(Map.Entry::getKey)
            .toList());
    return a;
  }

  private static Map<String, Object> inputs(WorkoutFacts f) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("id", f.id());
    in.put("userId", f.userId());
    in.put("date", f.date() == null ? null : f.date().toString());
    in.put("type", f.type());
    in.put("durationSec", f.durationSec());
    in.put("elapsedTimeSec", f.elapsedTimeSec());
    in.put("distanceMeters", f.distanceMeters());
    in.put("elevationGain", f.elevationGain());
    in.put("averageWatts", f.averageWatts());
    in.put("maxWatts", f.maxWatts());
    in.put("normalizedPower", f.normalizedPower());
    in.put("weightedAvgWatts", f.weightedAvgWatts());
    in.put("ftp", f.ftp());
    in.put("intensity", f.intensity());
    in.put("tss", f.tss());
    in.put("variabilityIndex", f.variabilityIndex());
    in.put("efficiencyFactor", f.efficiencyFactor());
    in.put("lrBalance", f.lrBalance());
    in.put("kilojoules", f.kilojoules());
    in.put("averageHr", f.averageHr());
    in.put("maxHr", f.maxHr());
    in.put("trimp", f.trimp());
    in.put("decoupling", f.decoupling());
    in.put("averageCadence", f.averageCadence());
    in.put("maxCadence", f.maxCadence());
    in.put("averageSpeed", f.averageSpeed());
    in.put("rpe", f.rpe());
    in.put("sessionRpe", f.sessionRpe());
    in.put("feel", f.feel());
    in.put("userFtp", f.userFtp());
    in.put("userMaxHr", f.userMaxHr());
    in.put("userRestingHr", f.userRestingHr());
    in.put("userLthr", f.userLthr());
    in.put("userSex", f.userSex());
    in.put("plannedDurationSec", f.plannedDurationSec());
    in.put("plannedTss", f.plannedTss());
    in.put("plannedWorkIntensity", f.plannedWorkIntensity());
    in.put("plannedDistanceMeters", f.plannedDistanceMeters());
    in.put("plannedType", f.plannedType());
    in.put("exerciseCount", f.exerciseCount());
    in.put("setCount", f.setCount());
    in.put("setsWithReps", f.setsWithReps());
    in.put("averageSetRpe", f.averageSetRpe());
    return in;
  }
}
