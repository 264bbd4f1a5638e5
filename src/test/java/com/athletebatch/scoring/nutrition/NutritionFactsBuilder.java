package com.athletebatch.scoring.nutrition;

import java.time.LocalDate;

/** Test builder: every field null/0 unless set. Generated from the record's components. */
final class NutritionFactsBuilder {

  private String id;
  private String userId;
  private LocalDate date;
  private Integer calories;
  private Double protein;
  private Double carbs;
  private Double fat;
  private Double fiber;
  private Double sugar;
  private String breakfastJson;
  private String lunchJson;
  private String dinnerJson;
  private String snacksJson;
  private Integer caloriesGoal;
  private Double proteinGoal;
  private Double carbsGoal;
  private Double fatGoal;
  private Integer waterMl;
  private String notes;
  private Double userWeightKg;
  private String userSex;
  private int trainingSecondsThatDay;

  NutritionFactsBuilder id(String v) {
    this.id = v;
    return this;
  }

  NutritionFactsBuilder userId(String v) {
    this.userId = v;
    return this;
  }

  NutritionFactsBuilder date(LocalDate v) {
    this.date = v;
    return this;
  }

  NutritionFactsBuilder calories(Integer v) {
    this.calories = v;
    return this;
  }

  NutritionFactsBuilder protein(Double v) {
    this.protein = v;
    return this;
  }

  NutritionFactsBuilder carbs(Double v) {
    this.carbs = v;
    return this;
  }

  NutritionFactsBuilder fat(Double v) {
    this.fat = v;
    return this;
  }

  NutritionFactsBuilder fiber(Double v) {
    this.fiber = v;
    return this;
  }

  NutritionFactsBuilder sugar(Double v) {
    this.sugar = v;
    return this;
  }

  NutritionFactsBuilder breakfastJson(String v) {
    this.breakfastJson = v;
    return this;
  }

  NutritionFactsBuilder lunchJson(String v) {
    this.lunchJson = v;
    return this;
  }

  NutritionFactsBuilder dinnerJson(String v) {
    this.dinnerJson = v;
    return this;
  }

  NutritionFactsBuilder snacksJson(String v) {
    this.snacksJson = v;
    return this;
  }

  NutritionFactsBuilder caloriesGoal(Integer v) {
    this.caloriesGoal = v;
    return this;
  }

  NutritionFactsBuilder proteinGoal(Double v) {
    this.proteinGoal = v;
    return this;
  }

  NutritionFactsBuilder carbsGoal(Double v) {
    this.carbsGoal = v;
    return this;
  }

  NutritionFactsBuilder fatGoal(Double v) {
    this.fatGoal = v;
    return this;
  }

  NutritionFactsBuilder waterMl(Integer v) {
    this.waterMl = v;
    return this;
  }

  NutritionFactsBuilder notes(String v) {
    this.notes = v;
    return this;
  }

  NutritionFactsBuilder userWeightKg(Double v) {
    this.userWeightKg = v;
    return this;
  }

  NutritionFactsBuilder userSex(String v) {
    this.userSex = v;
    return this;
  }

  NutritionFactsBuilder trainingSecondsThatDay(int v) {
    this.trainingSecondsThatDay = v;
    return this;
  }

  NutritionFacts build() {
    return new NutritionFacts(
        id,
        userId,
        date,
        calories,
        protein,
        carbs,
        fat,
        fiber,
        sugar,
        breakfastJson,
        lunchJson,
        dinnerJson,
        snacksJson,
        caloriesGoal,
        proteinGoal,
        carbsGoal,
        fatGoal,
        waterMl,
        notes,
        userWeightKg,
        userSex,
        trainingSecondsThatDay);
  }
}
