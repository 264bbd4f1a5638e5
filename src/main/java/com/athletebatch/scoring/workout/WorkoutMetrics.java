package com.athletebatch.scoring.workout;

import static com.athletebatch.scoring.core.Fmt.round4;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Values derived from one validated workout with the field's formulas (DOMAIN.md §1). A stored
 * upstream value wins over a computed one; each {@code *Source} says which was used. Zeros have
 * already been read as "not recorded".
 */
record WorkoutMetrics(
    Sport sport,
    double hours,
    Integer averageWatts,
    Integer np,
    String npSource, // normalizedPower, else weightedAvgWatts
    Double vi,
    String viSource, // VI = NP / average power
    Integer ftp,
    String ftpSource, // workout, else user
    Double intensity,
    String ifSource, // IF = NP / FTP
    Double hrIntensity, // average HR / LTHR, when there is no power IF
    Double tss,
    String tssSource, // TSS = hours × IF² × 100
    Integer averageHr,
    Integer maxHr,
    String maxHrSource, // workout, else user
    Integer restingHr, // user
    Double hrReserveFraction, // x = (avg − rest) / (max − rest)
    Double trimp,
    String trimpSource, // minutes × x × a × e^(b·x)
    Integer cadence, // as stored
    Integer cadenceSteps, // runs: steps/min (per-leg values doubled)
    Double lrBalance,
    Double decoupling,
    Integer rpe,
    String rpeSource, // rpe, else sessionRpe (both 1–10 ratings)
    Double averageSetRpe) {

  enum Sport {
    RIDE,
    RUN,
    STRENGTH,
    OTHER;

    static Sport of(String type) {
      String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
      if (t.contains("ride") || t.contains("bike") || t.contains("cycl")) {
        return RIDE;
      }
      if (t.contains("run")) {
        return RUN;
      }
      if (t.contains("weight") || t.contains("strength") || t.contains("crossfit")) {
        return STRENGTH;
      }
      return OTHER;
    }
  }

  static WorkoutMetrics derive(WorkoutFacts f) {
    Sport sport = Sport.of(f.type());
    double hours = f.durationSec() / 3600.0;
    Integer avg = pos(f.averageWatts());

    Integer np = pos(f.normalizedPower());
    String npSource = np != null ? "normalizedPower" : null;
    if (np == null && pos(f.weightedAvgWatts()) != null) {
      np = f.weightedAvgWatts();
      npSource = "weightedAvgWatts";
    }

    Double vi = pos(f.variabilityIndex());
    String viSource = vi != null ? "stored" : null;
    if (vi == null && np != null && avg != null) {
      vi = (double) np / avg;
      viSource = "computed";
    }

    Integer ftp = pos(f.ftp());
    String ftpSource = ftp != null ? "workout" : null;
    if (ftp == null && pos(f.userFtp()) != null) {
      ftp = f.userFtp();
      ftpSource = "user";
    }

    Double intensity = pos(f.intensity());
    String ifSource = intensity != null ? "stored" : null;
    if (intensity == null && np != null && ftp != null) {
      intensity = (double) np / ftp;
      ifSource = "computed";
    }

    Integer averageHr = pos(f.averageHr());
    Integer lthr = pos(f.userLthr());
    Double hrIntensity =
        intensity == null && averageHr != null && lthr != null ? (double) averageHr / lthr : null;

    Double tss = pos(f.tss());
    String tssSource = tss != null ? "stored" : null;
    if (tss == null && intensity != null && hours > 0) {
      tss = hours * intensity * intensity * 100;
      tssSource = "computed";
    }

    Integer maxHr = pos(f.maxHr());
    String maxHrSource = maxHr != null ? "workout" : null;
    if (maxHr == null && pos(f.userMaxHr()) != null) {
      maxHr = f.userMaxHr();
      maxHrSource = "user";
    }
    Integer restingHr = pos(f.userRestingHr());
    Double x = null;
    if (averageHr != null
        && maxHr != null
        && restingHr != null
        && maxHr > restingHr
        && averageHr > restingHr
        && averageHr <= maxHr) {
      x = (double) (averageHr - restingHr) / (maxHr - restingHr);
    }
    Double trimp = pos(f.trimp()) != null ? Double.valueOf(f.trimp()) : null;
    String trimpSource = trimp != null ? "stored" : null;
    if (trimp == null && x != null && f.durationSec() > 0) {
      boolean female = isFemale(f.userSex());
      double a = female ? WorkoutRules.TRIMP_A_FEMALE : WorkoutRules.TRIMP_A;
      double b = female ? WorkoutRules.TRIMP_B_FEMALE : WorkoutRules.TRIMP_B;
      trimp = f.durationSec() / 60.0 * x * a * Math.exp(b * x);
      trimpSource = female ? "computed (female constants)" : "computed";
    }

    Integer cadence = pos(f.averageCadence());
    Integer steps = null;
    if (sport == Sport.RUN && cadence != null) {
      steps = cadence < WorkoutRules.RUN_CADENCE_PER_LEG_BELOW ? cadence * 2 : cadence;
    }

    Integer rpe = pos(f.rpe());
    String rpeSource = rpe != null ? "rpe" : null;
    if (rpe == null && pos(f.sessionRpe()) != null) {
      rpe = f.sessionRpe();
      rpeSource = "sessionRpe";
    }

    return new WorkoutMetrics(
        sport,
        hours,
        avg,
        np,
        npSource,
        vi,
        viSource,
        ftp,
        ftpSource,
        intensity,
        ifSource,
        hrIntensity,
        tss,
        tssSource,
        averageHr,
        maxHr,
        maxHrSource,
        restingHr,
        x,
        trimp,
        trimpSource,
        cadence,
        steps,
        pos(f.lrBalance()),
        f.decoupling(),
        rpe,
        rpeSource,
        pos(f.averageSetRpe()));
  }

  /** Power IF when there is one, else the heart-rate proxy. */
  Double intensityUsed() {
    return intensity != null ? intensity : hrIntensity;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sport", sport.name());
    m.put("hours", round4(hours));
    m.put("normalizedPower", np);
    m.put("normalizedPowerSource", npSource);
    m.put("variabilityIndex", r(vi));
    m.put("variabilityIndexSource", viSource);
    m.put("ftp", ftp);
    m.put("ftpSource", ftpSource);
    m.put("intensityFactor", r(intensity));
    m.put("intensityFactorSource", ifSource);
    m.put("hrIntensity", r(hrIntensity));
    m.put("tss", r(tss));
    m.put("tssSource", tssSource);
    m.put("maxHr", maxHr);
    m.put("maxHrSource", maxHrSource);
    m.put("restingHr", restingHr);
    m.put("hrReserveFraction", r(hrReserveFraction));
    m.put("trimp", r(trimp));
    m.put("trimpSource", trimpSource);
    m.put("runCadenceSpm", cadenceSteps);
    m.put("rpe", rpe);
    m.put("rpeSource", rpeSource);
    return m;
  }

  static boolean isFemale(String sex) {
    String s = sex == null ? "" : sex.trim().toLowerCase(Locale.ROOT);
    return s.startsWith("f") || s.startsWith("w");
  }

  private static Double r(Double v) {
    return v == null ? null : round4(v);
  }

  /** Null for null or 0: sources store 0 for "not recorded". */
  static Integer pos(Integer v) {
    return v == null || v == 0 ? null : v;
  }

  static Double pos(Double v) {
    return v == null || v == 0 ? null : v;
  }
}
