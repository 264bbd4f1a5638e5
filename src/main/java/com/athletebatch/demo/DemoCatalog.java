package com.athletebatch.demo;

/** Static reference lists for the demo data: names, exercises, foods. */
final class DemoCatalog {

  private DemoCatalog() {}

  static final String[] FIRST_NAMES_M = {
    "Lukas", "Jonas", "Ben", "Noah", "Elias", "Matteo", "Liam", "Oliver", "Mateo", "Lucas", "Hugo",
    "Arthur", "Tom", "Felix", "Samuel", "David", "Marco", "Jan"
  };
  static final String[] FIRST_NAMES_F = {
    "Emma", "Mia", "Hannah", "Sofia", "Lena", "Clara", "Lea", "Marie", "Ella", "Nora", "Julia",
    "Alice", "Ida", "Laura", "Anna", "Zoe", "Maja", "Eva"
  };
  static final String[] LAST_NAMES = {
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Rossi",
    "Dubois",
    "Jansen",
    "Novak",
    "Kowalski",
    "Smith",
    "Brown",
    "García",
    "Lindqvist",
    "O'Brien",
    "Petersen"
  };
  static final String[][] TIMEZONES = {
    {"Europe/Berlin", "DE"},
    {"Europe/Berlin", "DE"},
    {"Europe/Vienna", "AT"},
    {"Europe/Zurich", "CH"},
    {"Europe/London", "GB"},
    {"Europe/Amsterdam", "NL"},
    {"America/New_York", "US"},
    {"America/Denver", "US"},
    {"Australia/Sydney", "AU"},
    {"UTC", null}
  };

  /** Reference lift a strength exercise is loaded from. */
  enum Lift {
    SQUAT,
    BENCH,
    DEADLIFT,
    PRESS,
    BODYWEIGHT,
    DURATION
  }

  /**
   * key (kura exercise_id), title, equipment type, primary muscle, reference lift, load ratio,
   * focus.
   */
  record Exercise(
      String key,
      String title,
      String type,
      String muscle,
      Lift lift,
      double ratio,
      String focus) {}

  static final Exercise[] EXERCISES = {
    new Exercise(
        "barbell_back_squat", "Squat (Barbell)", "barbell", "quadriceps", Lift.SQUAT, 1.0, "legs"),
    new Exercise(
        "barbell_bench_press",
        "Bench Press (Barbell)",
        "barbell",
        "chest",
        Lift.BENCH,
        1.0,
        "push"),
    new Exercise(
        "barbell_deadlift",
        "Deadlift (Barbell)",
        "barbell",
        "hamstrings",
        Lift.DEADLIFT,
        1.0,
        "pull"),
    new Exercise(
        "overhead_press",
        "Overhead Press (Barbell)",
        "barbell",
        "shoulders",
        Lift.PRESS,
        1.0,
        "push"),
    new Exercise(
        "barbell_row", "Bent Over Row (Barbell)", "barbell", "upper_back", Lift.BENCH, 0.8, "pull"),
    new Exercise(
        "romanian_deadlift",
        "Romanian Deadlift (Barbell)",
        "barbell",
        "hamstrings",
        Lift.DEADLIFT,
        0.6,
        "legs"),
    new Exercise(
        "front_squat", "Front Squat (Barbell)", "barbell", "quadriceps", Lift.SQUAT, 0.8, "legs"),
    new Exercise(
        "incline_dumbbell_press",
        "Incline Bench Press (Dumbbell)",
        "dumbbell",
        "chest",
        Lift.BENCH,
        0.32,
        "push"),
    new Exercise(
        "lat_pulldown", "Lat Pulldown (Cable)", "machine", "lats", Lift.BENCH, 0.75, "pull"),
    new Exercise(
        "leg_press", "Leg Press (Machine)", "machine", "quadriceps", Lift.SQUAT, 1.7, "legs"),
    new Exercise("pull_up", "Pull Up", "bodyweight", "lats", Lift.BODYWEIGHT, 0, "pull"),
    new Exercise(
        "bulgarian_split_squat",
        "Bulgarian Split Squat (Dumbbell)",
        "dumbbell",
        "quadriceps",
        Lift.SQUAT,
        0.22,
        "legs"),
    new Exercise(
        "hip_thrust", "Hip Thrust (Barbell)", "barbell", "glutes", Lift.SQUAT, 1.1, "legs"),
    new Exercise(
        "dumbbell_curl", "Bicep Curl (Dumbbell)", "dumbbell", "biceps", Lift.BENCH, 0.15, "pull"),
    new Exercise(
        "triceps_pushdown",
        "Triceps Pushdown (Cable)",
        "machine",
        "triceps",
        Lift.BENCH,
        0.3,
        "push"),
    new Exercise("plank", "Plank", "duration", "abdominals", Lift.DURATION, 0, "core"),
  };

  /** Display names kura athletes log a main lift under (aliases, German, variants). */
  static final String[][] LIFT_ALIASES = {
    {"barbell_back_squat", "Back Squat", "Kniebeuge", "Squat", "Low Bar Squat"},
    {"barbell_bench_press", "Bench Press", "Bankdrücken", "Bench"},
    {"barbell_deadlift", "Deadlift", "Kreuzheben", "Conventional Deadlift"},
    {"overhead_press", "Overhead Press", "OHP", "Military Press"},
  };

  /** RTS %1RM at RPE 10 for 1..12 reps (beyond 10 by Epley-like extension). */
  static final double[] RTS_PERCENT = {
    100, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0
  };

  /** name, kcal, protein g, carbs g, fat g, fiber g, sugar g (one serving); meal slot. */
  record Food(
      String name,
      double kcal,
      double protein,
      double carbs,
      double fat,
      double fiber,
      double sugar,
      String slot) {}

  static final Food[] FOODS = {
    new Food("Oatmeal with milk", 310, 12, 48, 7, 6, 12, "breakfast"),
    new Food("Greek yogurt", 146, 20, 8, 4, 0, 7, "breakfast"),
    new Food("Banana", 105, 1.3, 27, 0.4, 3.1, 14, "breakfast"),
    new Food("Scrambled eggs (3)", 280, 19, 3, 21, 0, 2, "breakfast"),
    new Food("Whole grain toast with butter", 190, 6, 24, 8, 4, 3, "breakfast"),
    new Food("Muesli", 290, 8, 52, 6, 7, 16, "breakfast"),
    new Food("Coffee with milk", 40, 2, 3, 2, 0, 3, "breakfast"),
    new Food("Orange juice", 112, 1.7, 26, 0.5, 0.5, 21, "breakfast"),
    new Food("Chicken breast with rice", 560, 45, 70, 9, 2, 1, "main"),
    new Food("Spaghetti bolognese", 680, 32, 85, 22, 6, 9, "main"),
    new Food("Salmon with potatoes", 610, 38, 45, 28, 5, 3, "main"),
    new Food("Lentil curry", 480, 22, 68, 12, 16, 8, "main"),
    new Food("Mixed salad with feta", 320, 12, 14, 24, 5, 7, "main"),
    new Food("Beef burger", 750, 35, 52, 42, 3, 10, "main"),
    new Food("Tofu stir fry with noodles", 540, 24, 66, 18, 6, 9, "main"),
    new Food("Pizza margherita", 820, 32, 98, 30, 5, 8, "main"),
    new Food("Turkey sandwich", 420, 28, 44, 13, 5, 6, "main"),
    new Food("Quinoa bowl", 510, 18, 70, 16, 10, 7, "main"),
    new Food("Vegetable soup", 180, 6, 28, 5, 7, 9, "main"),
    new Food("Apple", 95, 0.5, 25, 0.3, 4.4, 19, "snack"),
    new Food("Protein shake", 160, 30, 5, 2, 1, 3, "snack"),
    new Food("Almonds (30 g)", 174, 6, 6, 15, 3.5, 1.2, "snack"),
    new Food("Energy bar", 230, 10, 32, 7, 3, 18, "snack"),
    new Food("Dark chocolate (25 g)", 150, 2, 11, 11, 2.7, 6, "snack"),
    new Food("Rice cakes with honey", 140, 2, 31, 1, 1, 12, "snack"),
    new Food("Sports drink (500 ml)", 130, 0, 33, 0, 0, 31, "snack"),
    new Food("Cottage cheese", 180, 24, 6, 5, 0, 5, "snack"),
    new Food("Croissant", 270, 5, 31, 14, 1.5, 7, "snack"),
  };
}
