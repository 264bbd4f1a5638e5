package com.athletebatch.demo;

/**
 * How much demo data to generate. Counts are totals over all athletes: {@code users} athletes (each
 * both a Coach Watts {@code "User"} and a kura {@code users} row with the same UUID), {@code
 * workouts} {@code "Workout"} rows, {@code nutritionDays} {@code "Nutrition"} rows and {@code
 * events} kura {@code events}. The same options (and anchor date) give the same rows.
 */
public record DemoOptions(int users, int workouts, int nutritionDays, int events, long seed) {

  public static final int DEFAULT_USERS = 50;
  public static final int DEFAULT_WORKOUTS = 2000;
  public static final int DEFAULT_NUTRITION_DAYS = 1000;
  public static final int DEFAULT_EVENTS = 5000;
  public static final long DEFAULT_SEED = 42L;

  public DemoOptions {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1");
    }
    if (workouts < 0 || nutritionDays < 0 || events < 0) {
      throw new IllegalArgumentException("workouts, nutritionDays and events must not be negative");
    }
  }

  /** 50 users, 2000 workouts, 1000 nutrition days, 5000 events, seed 42. */
  public static DemoOptions defaults() {
    return new DemoOptions(
        DEFAULT_USERS, DEFAULT_WORKOUTS, DEFAULT_NUTRITION_DAYS, DEFAULT_EVENTS, DEFAULT_SEED);
  }
}
