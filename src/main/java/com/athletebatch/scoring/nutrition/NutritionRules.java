package com.athletebatch.scoring.nutrition;

import com.athletebatch.scoring.core.Curve;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nutrition scorer's rule tables: measured value → 1..10, piecewise-linear between the points
 * (x→score), flat outside them. Bands: 9–10 exceptional, 7–8 strong, 5–6 adequate, 3–4 needs work,
 * 1–2 poor.
 */
final class NutritionRules {

  private NutritionRules() {}

  /** Overall weights (renormalised over the sub-scores present). */
  static final Map<String, Double> WEIGHTS;

  static {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("macroBalance", 0.30);
    w.put("quality", 0.25);
    w.put("adherence", 0.25);
    w.put("hydration", 0.20);
    WEIGHTS = java.util.Collections.unmodifiableMap(w);
  }

  static final double KCAL_PER_G_PROTEIN = 4;
  static final double KCAL_PER_G_CARBS = 4;
  static final double KCAL_PER_G_FAT = 9;

  // ---- macro balance ----

  /** Energy share ranges in % (DOMAIN.md): protein 20–30, carbs 45–65, fat 20–30. */
  static final double PROTEIN_SHARE_MIN = 20, PROTEIN_SHARE_MAX = 30;

  static final double CARBS_SHARE_MIN = 45, CARBS_SHARE_MAX = 65;
  static final double FAT_SHARE_MIN = 20, FAT_SHARE_MAX = 30;

  /** Percentage points outside a share range: inside 10, 5 pp out 7, 10 pp out 4, 20 pp out 1. */
  static final Curve SHARE_POINTS_OUTSIDE = Curve.of(0, 10, 5, 7, 10, 4, 15, 2, 20, 1);

  /** Protein g per kg body weight: 1.6–2.2 is the athlete range; 0.8 is the sedentary RDA. */
  static final Curve PROTEIN_G_PER_KG =
      Curve.of(0.5, 1, 0.8, 3, 1.2, 6, 1.6, 10, 2.2, 10, 3.0, 7, 4.0, 4, 5.0, 2);

  // ---- quality ----

  /** Fibre g per 1000 kcal: 14 is the reference density (≈ 28 g on 2000 kcal). */
  static final Curve FIBRE_PER_1000_KCAL = Curve.of(0, 1, 7, 5, 14, 10);

  /** Sugar share of energy in %: ≤ 10 % meets the guideline. */
  static final Curve SUGAR_SHARE = Curve.of(10, 10, 15, 7, 20, 5, 25, 3, 35, 1);

  /** Distinct foods logged across the day's meals. */
  static final Curve DISTINCT_FOODS = Curve.of(1, 2, 3, 4, 5, 6, 8, 8, 12, 10);

  // ---- adherence ----

  /** |intake − goal| / goal in %: within 5 % exceptional, 10 % strong, 20 % adequate, 50 % poor. */
  static final Curve GOAL_DEVIATION = Curve.of(5, 10, 10, 8, 15, 6, 20, 5, 30, 3, 50, 1);

  /** A macro goal counts as met within this deviation, %. */
  static final double MACRO_GOAL_MET_PCT = 10;

  // ---- hydration ----

  /** EFSA adequate intake of total water a day, ml; unknown sex takes the higher (men's) value. */
  static final int WATER_WOMEN_ML = 2000;

  static final int WATER_MEN_ML = 2500;
  static final int WATER_UNKNOWN_SEX_ML = WATER_MEN_ML;

  /** Added per hour of logged training (sweat losses of roughly 0.5–1 L/h, the low end). */
  static final int WATER_PER_TRAINING_HOUR_ML = 500;

  /**
   * A day's logged training above this (or below zero) is a workout-side data problem (overlapping
   * imports, a bad duration): the training time counts as unknown, not the nutrition day as
   * invalid.
   */
  static final int MAX_TRAINING_SECONDS_A_DAY = 24 * 3600;

  /** Water logged as % of the target: 100–150 % ideal, 75 % strong, 50 % needs work. */
  static final Curve WATER_PCT_OF_TARGET =
      Curve.of(0, 1, 25, 2, 50, 4, 75, 7, 90, 9, 100, 10, 150, 10, 200, 8, 300, 5);

  /** Calories and macro energy disagreeing by more than this % is worth a warning. */
  static final double ENERGY_MISMATCH_WARN_PCT = 25;
}
