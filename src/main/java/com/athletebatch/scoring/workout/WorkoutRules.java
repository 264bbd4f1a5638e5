package com.athletebatch.scoring.workout;

import com.athletebatch.scoring.core.Curve;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workout scorer's rule tables: measured value → 1..10, piecewise-linear between the points
 * (x→score), flat outside them. Bands: 9–10 exceptional, 7–8 strong, 5–6 adequate, 3–4 needs work,
 * 1–2 poor.
 */
final class WorkoutRules {

  private WorkoutRules() {}

  /** Overall weights (renormalised over the sub-scores present). */
  static final Map<String, Double> WEIGHTS;

  static {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("technical", 0.20);
    w.put("effort", 0.30);
    w.put("pacing", 0.20);
    w.put("execution", 0.30);
    WEIGHTS = java.util.Collections.unmodifiableMap(w);
  }

  // ---- technical / pacing ----

  /**
   * Variability index NP/avg: ≤ 1.02 perfectly steady, 1.05 still steady (DOMAIN: ≤ 1.05), 1.15
   * surgy.
   */
  static final Curve VARIABILITY_INDEX =
      Curve.of(1.02, 10, 1.05, 8, 1.10, 6, 1.15, 4, 1.25, 2, 1.35, 1);

  /** Cycling cadence in rpm: 85–95 optimal. */
  static final Curve RIDE_CADENCE =
      Curve.of(40, 1, 60, 3, 70, 5, 80, 8, 85, 10, 95, 10, 100, 9, 110, 6, 120, 3, 130, 1);

  /** Running cadence in steps/min: 175–190 optimal. */
  static final Curve RUN_CADENCE =
      Curve.of(130, 1, 140, 2, 150, 4, 160, 6, 170, 8, 175, 10, 190, 10, 200, 8, 220, 4, 240, 1);

  /** Strava stores run cadence per leg (~85 rpm); below this value it is doubled to steps/min. */
  static final int RUN_CADENCE_PER_LEG_BELOW = 120;

  /** L/R balance: distance of the left share from 50 % in points; 48–52 % (≤ 2) is balanced. */
  static final Curve LR_IMBALANCE = Curve.of(2, 10, 3, 8, 5, 5, 8, 2, 10, 1);

  /** Aerobic decoupling, |%|: ≤ 3 % coupled, 5 % the drift threshold (DOMAIN: > 5 % drifted). */
  static final Curve DECOUPLING = Curve.of(3, 10, 5, 8, 7.5, 6, 10, 4, 15, 2, 20, 1);

  // ---- effort ----

  /** |IF / planned IF − 1| in %: within 5 % on target, 20 % adequate, 50 % poor. */
  static final Curve IF_VS_PLAN_DEVIATION = Curve.of(5, 10, 10, 8, 15, 6, 20, 5, 30, 3, 50, 1);

  /**
   * The RPE (1–10) an intensity factor usually feels like: 0.75 endurance ≈ 4, threshold 1.00 ≈
   * 8.5.
   */
  static final Curve EXPECTED_RPE_FOR_IF =
      Curve.of(0.50, 2, 0.65, 3, 0.75, 4, 0.85, 6, 0.95, 8, 1.05, 9, 1.15, 10);

  /** |reported RPE − expected RPE|: 0 consistent, 2 adequate, 5 contradicts. */
  static final Curve RPE_GAP = Curve.of(0, 10, 1, 9, 2, 7, 3, 5, 4, 3, 5, 1);

  /** Average set RPE in strength work: 7–9 (1–3 reps in reserve) is the productive zone. */
  static final Curve SET_RPE = Curve.of(1, 1, 3, 3, 5, 6, 6, 8, 7, 10, 9, 10, 10, 8);

  // ---- strength structure ----

  /** Share of sets with reps logged, %. */
  static final Curve SETS_WITH_REPS_PCT = Curve.of(0, 1, 50, 4, 80, 7, 100, 10);

  /** Sets per exercise: 3–5 working sets is the usual structure. */
  static final Curve SETS_PER_EXERCISE = Curve.of(1, 4, 2, 7, 3, 10, 5, 10, 8, 7, 12, 4, 20, 1);

  /** Minutes per set (work + rest): 2.5–4 min is a steady strength session. */
  static final Curve MINUTES_PER_SET =
      Curve.of(0.5, 2, 1, 4, 2, 8, 2.5, 10, 4, 10, 6, 7, 10, 3, 15, 1);

  // ---- execution: TrainingPeaks compliance bands on completed/planned in % ----

  static final double GREEN_LOW = 80;
  static final double GREEN_HIGH = 120;
  static final double YELLOW_LOW = 50;
  static final double YELLOW_HIGH = 150;

  /** Green (80–120 %): 10 at 95–105 %, 7 at the edges. */
  static final Curve COMPLIANCE_GREEN = Curve.of(80, 7, 90, 9, 95, 10, 105, 10, 110, 9, 120, 7);

  /** Yellow below (50–79 %): 4 at 50 %, 6 near 80 %. */
  static final Curve COMPLIANCE_YELLOW_LOW = Curve.of(50, 4, 80, 6);

  /** Yellow above (121–150 %): 6 near 120 %, 4 at 150 %. */
  static final Curve COMPLIANCE_YELLOW_HIGH = Curve.of(120, 6, 150, 4);

  /** Red below (< 50 %): 1 at 0 %, 3 near 50 %. */
  static final Curve COMPLIANCE_RED_LOW = Curve.of(0, 1, 50, 3);

  /** Red above (> 150 %): 3 near 150 %, 1 from 200 %. */
  static final Curve COMPLIANCE_RED_HIGH = Curve.of(150, 3, 200, 1);

  /** Band name for a compliance percentage. */
  static String complianceBand(double pct) {
    if (pct >= GREEN_LOW && pct <= GREEN_HIGH) {
      return "green";
    }
    if (pct >= YELLOW_LOW && pct <= YELLOW_HIGH) {
      return "yellow";
    }
    return "red";
  }

  static double complianceScore(double pct) {
    if (pct >= GREEN_LOW && pct <= GREEN_HIGH) {
      return COMPLIANCE_GREEN.at(pct);
    }
    if (pct >= YELLOW_LOW && pct < GREEN_LOW) {
      return COMPLIANCE_YELLOW_LOW.at(pct);
    }
    if (pct > GREEN_HIGH && pct <= YELLOW_HIGH) {
      return COMPLIANCE_YELLOW_HIGH.at(pct);
    }
    return pct < YELLOW_LOW ? COMPLIANCE_RED_LOW.at(pct) : COMPLIANCE_RED_HIGH.at(pct);
  }

  // ---- formulas ----

  /**
   * Banister TRIMP weighting y = a·e^(b·x): DOMAIN.md's constants, used unless the athlete is
   * female.
   */
  static final double TRIMP_A = 0.64;

  static final double TRIMP_B = 1.92;

  /** Banister's constants for women. */
  static final double TRIMP_A_FEMALE = 0.86;

  static final double TRIMP_B_FEMALE = 1.67;
}
