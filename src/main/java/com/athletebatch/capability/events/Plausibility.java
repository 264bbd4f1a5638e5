package com.athletebatch.capability.events;

import java.util.Locale;

/**
 * The one table of plausibility limits (DOMAIN.md §2 "Plausibility"). A value outside these limits
 * leaves its event (or block) out of the estimates.
 */
public final class Plausibility {

  /** Running speed above this is a timing or GPS error (world-class max ≈ 12.4 m/s). */
  public static final double MAX_SPEED_MPS = 12.5;

  /** Jump flight time bounds; outside them the mat or sensor misfired. */
  public static final double MIN_FLIGHT_TIME_S = 0.10;

  public static final double MAX_FLIGHT_TIME_S = 0.90;

  /** Measured jump height cap; g·0.9²/8 ≈ 99 cm, plus room for box/standing records. */
  public static final double MAX_JUMP_HEIGHT_CM = 150;

  public static final double MIN_HEART_RATE = 25;
  public static final double MAX_HEART_RATE = 225;

  /** Peak power ever recorded is ~2600 W (track sprinters). */
  public static final double MAX_POWER_W = 2600;

  /** Critical power per kg body weight above this is beyond elite (checked when weight known). */
  public static final double MAX_CP_W_PER_KG = 7.0;

  /** All-time raw/equipped world records, rounded. */
  public static final double MAX_DEADLIFT_KG = 501;

  public static final double MAX_SQUAT_KG = 490;
  public static final double MAX_BENCH_KG = 355;

  /** Any other exercise (leg press, sled…): a generous absolute cap. */
  public static final double MAX_OTHER_LOAD_KG = 1000;

  public static final double MIN_RPE = 0;
  public static final double MAX_RPE = 10;
  public static final double MIN_RIR = 0;
  public static final double MAX_RIR = 10;

  /** A set of more reps than this is a data-entry error, not an endurance set. */
  public static final int MAX_REPS = 1000;

  /** Repeats per session block; bounds the expansion so a typo cannot blow up memory. */
  public static final int MAX_REPEATS = 500;

  /** One effort longer than a day is an import error. */
  public static final double MAX_DURATION_S = 86_400;

  /** Longest plausible single effort distance (ultra events), metres. */
  public static final double MAX_DISTANCE_M = 1_000_000;

  public static final double MAX_BODY_WEIGHT_KG = 400;

  private Plausibility() {}

  /** World-record cap for the exercise, matched on its key/name (English and German names). */
  public static double maxLoadKg(String exerciseKey) {
    String k = exerciseKey == null ? "" : exerciseKey.toLowerCase(Locale.ROOT);
    if (k.contains("deadlift") || k.contains("kreuzheben")) {
      return MAX_DEADLIFT_KG;
    }
    if (k.contains("squat") || k.contains("kniebeuge")) {
      return MAX_SQUAT_KG;
    }
    if (k.contains("bench") || k.contains("bankdr")) {
      return MAX_BENCH_KG;
    }
    return MAX_OTHER_LOAD_KG;
  }
}
