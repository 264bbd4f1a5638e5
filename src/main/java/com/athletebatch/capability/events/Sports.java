package com.athletebatch.capability.events;

import java.util.Locale;
import java.util.Map;

/** Normalises free-text sport / workout_type names so efforts of one sport compare. */
final class Sports {

  // Compiled once: String.replaceAll compiled them for every event (5 % of the estimation's CPU).
  private static final java.util.regex.Pattern NOT_ALPHANUMERIC =
      java.util.regex.Pattern.compile("[^a-z0-9]+");
  private static final java.util.regex.Pattern NOT_LETTER_OR_DIGIT =
      java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final java.util.regex.Pattern EDGE_UNDERSCORE =
      java.util.regex.Pattern.compile("^_|_$");

  static final String RUNNING = "running";
  static final String CYCLING = "cycling";

  /**
   * Names (normalised) the main lifts are logged under without an exercise_id, English and German,
   * → the exercise_id kura uses for them. Variants with ids of their own (low_bar_squat,
   * front_squat, sumo_deadlift, …) are not merged.
   */
  private static final Map<String, String> MAIN_LIFT_NAMES =
      Map.ofEntries(
          Map.entry("back_squat", "barbell_back_squat"),
          Map.entry("squat", "barbell_back_squat"),
          Map.entry("barbell_squat", "barbell_back_squat"),
          Map.entry("kniebeuge", "barbell_back_squat"),
          Map.entry("kniebeugen", "barbell_back_squat"),
          Map.entry("bench_press", "barbell_bench_press"),
          Map.entry("bench", "barbell_bench_press"),
          Map.entry("bankdrücken", "barbell_bench_press"),
          Map.entry("bankdruecken", "barbell_bench_press"),
          Map.entry("deadlift", "barbell_deadlift"),
          Map.entry("conventional_deadlift", "barbell_deadlift"),
          Map.entry("kreuzheben", "barbell_deadlift"),
          Map.entry("ohp", "overhead_press"),
          Map.entry("military_press", "overhead_press"),
          Map.entry("schulterdrücken", "overhead_press"));

  private Sports() {}

  static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.toLowerCase(Locale.ROOT).trim();
    if (s.contains("run") || s.equals("track") || s.contains("jog") || s.contains("sprint")) {
      return RUNNING;
    }
    if (s.contains("bike") || s.contains("cycl") || s.contains("ride") || s.contains("velo")) {
      return CYCLING;
    }
    if (s.contains("swim")) {
      return "swimming";
    }
    if (s.contains("row")) {
      return "rowing";
    }
    return s.isEmpty() ? null : NOT_ALPHANUMERIC.matcher(s).replaceAll("_");
  }

  /**
   * Exercise name → key: a main lift's name → its kura id ("Kniebeuge" → "barbell_back_squat"), any
   * other name normalised ("Front Squat" → "front_squat"); ids are kept as logged.
   */
  static String exerciseKey(String exerciseId, String name) {
    if (exerciseId != null) {
      return exerciseId;
    }
    if (name == null) {
      return "unspecified_exercise";
    }
    String k =
        EDGE_UNDERSCORE
            .matcher(
                NOT_LETTER_OR_DIGIT.matcher(name.toLowerCase(Locale.ROOT).trim()).replaceAll("_"))
            .replaceAll("");
    return k.isEmpty() ? "unspecified_exercise" : MAIN_LIFT_NAMES.getOrDefault(k, k);
  }
}
