package com.athletebatch.scoring.nutrition;

import java.time.LocalDate;

/**
 * One {@code "Nutrition"} day with what the scorer needs from its user and that day's training.
 * Meal columns are the raw JSON text of the jsonb columns (null when SQL NULL); they may be any
 * JSON shape, or not JSON at all.
 */
public record NutritionFacts(
    String id,
    String userId,
    LocalDate date,
    Integer calories,
    Double protein,
    Double carbs,
    Double fat,
    Double fiber,
    Double sugar,
    String breakfastJson,
    String lunchJson,
    String dinnerJson,
    String snacksJson,
    Integer caloriesGoal,
    Double proteinGoal,
    Double carbsGoal,
    Double fatGoal,
    Integer waterMl,
    String notes, // not an upstream scoring column; counts as data when present
    // the athlete
    Double userWeightKg,
    String userSex, // e.g. "M", "F", "male", "female"; may be null
    // training logged that day (sum of "Workout"."durationSec" of the workouts that are not
    // "isDuplicate"), 0 when none; outside 0..24 h it counts as unknown (a workout-side problem)
    int trainingSecondsThatDay) {}
