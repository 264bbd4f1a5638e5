package com.athletebatch.scoring.nutrition;

import static com.athletebatch.scoring.ScoringAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.ScoringOutcome;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NutritionScorerTest {

  private static final List<String> PARTS =
      List.of("macroBalance", "quality", "adherence", "hydration");
  private final NutritionScorer scorer = new NutritionScorer();

  /** A training day, worked through by hand in {@link #workedExample()}. */
  static NutritionFactsBuilder day() {
    return new NutritionFactsBuilder()
        .id("n1")
        .userId("u1")
        .date(LocalDate.of(2024, 5, 1))
        .calories(2400)
        .protein(150.0)
        .carbs(300.0)
        .fat(70.0)
        .fiber(35.0)
        .sugar(50.0)
        .breakfastJson("[{\"name\":\"Oats\",\"calories\":350},{\"name\":\"Banana\"}]")
        .lunchJson("{\"name\":\"Chicken wrap\"}") // an object where a list is expected
        .dinnerJson("[\"Salmon\",\"Rice\",\"Broccoli\"]") // bare strings in a list
        .snacksJson("[{\"name\":\"banana\"}]") // same food as breakfast
        .caloriesGoal(2500)
        .proteinGoal(150.0)
        .carbsGoal(320.0)
        .fatGoal(80.0)
        .waterMl(2800)
        .userWeightKg(75.0)
        .userSex("M")
        .trainingSecondsThatDay(3600);
  }

  static ScoreCard scored(ScoringOutcome o) {
    assertThat(o).isInstanceOf(ScoringOutcome.Scored.class);
    ScoreCard card = ((ScoringOutcome.Scored) o).card();
    assertWellFormed(card, PARTS);
    return card;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> intermediate(ScoreCard card) {
    return (Map<String, Object>) card.analysis().get("intermediate");
  }

  static int part(ScoringOutcome o, String name) {
    return scored(o).parts().get(name).value();
  }

  @Test
  void workedExample() {
    ScoreCard card = scored(scorer.score(day().build()));
    Map<String, Object> im = intermediate(card);
    // macro energy = 150×4 + 300×4 + 70×9 = 600 + 1200 + 630 = 2430 kcal
    assertThat(im).containsEntry("macroKcal", 2430.0);
    // shares: protein 600/2430 = 24.69 %, carbs 1200/2430 = 49.38 %, fat 630/2430 = 25.93 %: all in
    // range → 10
    assertThat((Double) im.get("proteinSharePct")).isCloseTo(24.6914, within(1e-4));
    assertThat((Double) im.get("carbsSharePct")).isCloseTo(49.3827, within(1e-4));
    assertThat((Double) im.get("fatSharePct")).isCloseTo(25.9259, within(1e-4));
    // protein 150 g / 75 kg = 2.0 g/kg (1.6–2.2) → 10; macro balance mean(10, 10) = 10
    assertThat(im).containsEntry("proteinGPerKg", 2.0);
    assertThat(card.parts().get("macroBalance").value()).isEqualTo(10);
    assertThat(card.parts().get("macroBalance").explanation())
        .contains("energy shares protein 24.7 %, carbs 49.4 %, fat 25.9 % of 2430 kcal")
        .contains("protein 2.00 g/kg (150 g / 75 kg");
    // quality: fibre 35 / 2400 × 1000 = 14.58 g/1000 kcal (≥ 14) → 10; sugar 50×4 / 2400 = 8.33 %
    // (≤ 10) → 10;
    // foods: oats, banana, chicken wrap, salmon, rice, broccoli = 6 → 6 + (1/3) × 2 = 6.67; mean
    // 8.89 → 9
    assertThat((Double) im.get("fibrePer1000Kcal")).isCloseTo(14.5833, within(1e-4));
    assertThat((Double) im.get("sugarSharePct")).isCloseTo(8.3333, within(1e-4));
    assertThat(im).containsEntry("distinctFoods", 6);
    assertThat(card.parts().get("quality").value()).isEqualTo(9);
    assertThat(card.parts().get("quality").explanation())
        .contains("6 distinct foods logged across 4 meals");
    // adherence: |2400 − 2500| / 2500 = 4 % → 10;
    // macros: protein 0 % → 10, carbs 20/320 = 6.25 % → 10 − 1.25 × 0.4 = 9.5, fat 10/80 = 12.5 % →
    // 8 − 2.5 × 0.4 = 7;
    // macro mean 8.83, 2 of 3 met (≤ 10 %); adherence mean(10, 8.83) = 9.42 → 9
    assertThat(im).containsEntry("calorieDeviationPct", 4.0).containsEntry("macroGoalsMet", 2);
    assertThat(card.parts().get("adherence").value()).isEqualTo(9);
    assertThat(card.parts().get("adherence").explanation())
        .contains("2400 kcal vs goal 2500 kcal is 4.0 % off")
        .contains("2 of 3 macro goals met");
    // hydration: target 2500 (men) + 500 × 1 h = 3000 ml; 2800 / 3000 = 93.3 % → 9 + 3.33 × 0.1 =
    // 9.33 → 9
    assertThat(im).containsEntry("waterTargetMl", 3000.0);
    assertThat(card.parts().get("hydration").value()).isEqualTo(9);
    assertThat(card.parts().get("hydration").explanation())
        .isEqualTo(
            "Hydration 9/10: 2.80 L of water is 93 % of a 3.00 L target "
                + "(2.5 L EFSA for men + 0.50 L for 1.00 h of training).");
    // overall: 0.3×10 + 0.25×9 + 0.25×9 + 0.2×9 = 3 + 2.25 + 2.25 + 1.8 = 9.3 → 9
    assertThat(card.analysis().get("weightedMean")).isEqualTo(9.3);
    assertThat(card.overall().value()).isEqualTo(9);
    assertThat(card.summaryMarkdown()).startsWith("### Nutrition on 2024-05-01: 9/10\n");
    assertThat(card.analysis().get("warnings"))
        .isEqualTo(List.of("lunch: an object where a list is expected"));
  }

  @ParameterizedTest(name = "protein {0} g / 80 kg → {1}")
  @CsvSource({
    "128, 10", // 1.6 g/kg: range start
    "176, 10", // 2.2 g/kg: range end
    "96,  6", // 1.2 g/kg
    "64,  3", // 0.8 g/kg (RDA)
    "40,  1", // 0.5 g/kg
    "112, 8", // 1.4 g/kg: 6 + (0.2/0.4) × 4 = 8
    "240, 7", // 3.0 g/kg
    "320, 4"
  }) // 4.0 g/kg
  void proteinPerKgRule(double protein, int score) {
    // protein and weight only: the g/kg component alone makes macro balance
    assertThat(
            part(
                scorer.score(
                    new NutritionFactsBuilder().protein(protein).userWeightKg(80.0).build()),
                "macroBalance"))
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "P {0} g / C {1} g / F {2} g → {3}")
  @CsvSource({
    // kcal = P×4 + C×4 + F×9; shares vs 20–30 / 45–65 / 20–30 %; points outside → 0→10, 5→7, 10→4,
    // 15→2, 20→1
    // 400 + 1000 + 400 = 1800 → 22.2 / 55.6 / 22.2 %: all inside → 10
    "100, 250, 44.444444, 10",
    // 600 + 1200 + 630 = 2430 → 24.7 / 49.4 / 25.9 %: all inside → 10
    "150, 300, 70,        10",
    // 800 + 800 + 400 = 2000 → 40 / 40 / 20 %: protein 10 pp over → 4, carbs 5 pp under → 7, fat →
    // 10; mean 7
    "200, 200, 44.444444, 7",
    // 200 + 1600 + 180 = 1980 → 10.10 / 80.81 / 9.09 %: protein 9.90 pp under → 7 − 4.90 × 0.6 =
    // 4.06,
    // carbs 15.81 pp over → 2 − 0.81 × 0.2 = 1.84, fat 10.91 pp under → 4 − 0.91 × 0.4 = 3.64; mean
    // 3.18 → 3
    "50,  400, 20,        3",
    // 400 + 400 + 900 = 1700 → 23.5 / 23.5 / 52.9 %: protein → 10, carbs 21.5 pp under → 1, fat
    // 22.9 pp over → 1;
    // mean 4
    "100, 100, 100,       4"
  })
  void energyShareRule(double p, double c, double f, int score) {
    assertThat(
            part(
                scorer.score(new NutritionFactsBuilder().protein(p).carbs(c).fat(f).build()),
                "macroBalance"))
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "{0} kcal vs goal 2000 → {1}")
  @CsvSource({
    "2000, 10",
    "2100, 10", // 5 %: exceptional
    "2200, 8", // 10 %: strong
    "2300, 6", // 15 %
    "2400, 5", // 20 %
    "1400, 3", // 30 %
    "1700, 6", // 15 % under
    "1000, 1", // 50 %
    "4500, 1"
  }) // 125 %
  void calorieAdherenceRule(int calories, int score) {
    assertThat(
            part(
                scorer.score(
                    new NutritionFactsBuilder().calories(calories).caloriesGoal(2000).build()),
                "adherence"))
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "fibre {0} g, sugar {1} g on 2000 kcal → {2}")
  @CsvSource({
    "28, , 10", // 14 g/1000 kcal → 10
    "14, , 5", // 7 g/1000 kcal → 5
    "0, , 1", // none → 1
    "21, , 8", // 10.5 g/1000 kcal → 5 + (3.5/7) × 5 = 7.5 → 8
    ", 50, 10", // 200/2000 = 10 % → 10
    ", 75, 7", // 15 % → 7
    ", 100, 5", // 20 % → 5
    ", 175, 1", // 35 % → 1
    "28, 100, 8"
  }) // mean(10, 5) = 7.5 → 8
  void qualityRules(Double fiber, Double sugar, int score) {
    assertThat(
            part(
                scorer.score(
                    new NutritionFactsBuilder().calories(2000).fiber(fiber).sugar(sugar).build()),
                "quality"))
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "sex {0}, {1} s training, {2} ml → target {3} ml → {4}")
  @CsvSource({
    "F,       0,    2000, 2000, 10", // 100 %
    "female,  0,    1500, 2000, 7", // 75 %
    "M,       0,    2000, 2500, 8", // 80 % → 7 + 5 × (2/15) = 7.67 → 8
    "Male,    7200, 1750, 3500, 4", // 2500 + 2 h × 500 = 3500; 50 % → 4
    ",        0,    2000, 2500, 8", // unknown sex → men's 2500 ml
    "x,       0,    2000, 2500, 8",
    "F,       1800, 4500, 2250, 8", // 2000 + 0.5 h × 500 = 2250; 200 % → 8
    "F,       0,    500,  2000, 2"
  }) // 25 % → 2
  void hydrationRule(String sex, int trainingSec, int water, double target, int score) {
    ScoreCard card =
        scored(
            scorer.score(
                new NutritionFactsBuilder()
                    .userSex(sex)
                    .trainingSecondsThatDay(trainingSec)
                    .waterMl(water)
                    .build()));
    assertThat(intermediate(card)).containsEntry("waterTargetMl", target);
    assertThat(card.parts().get("hydration").value()).isEqualTo(score);
    // only hydration: 1 of 4 < half → overall score − 1
    assertThat(card.overall().value()).isEqualTo(Math.max(1, score - 1));
  }

  /**
   * A day's training outside 0..24 h (many workouts imported for one day) is a workout-side
   * problem: the nutrition day is still scored, its training time counts as unknown (nothing added
   * to the water target) and the hydration explanation and the warnings say why.
   */
  @ParameterizedTest(name = "{0} s training, {1} ml water, M → target {2} ml, hydration {3}")
  @CsvSource({
    "86400,      2500, 14500, 2, ''", // exactly 24 h is still a possible day: 2500 + 24 × 500
    "86401,      2500, 2500, 10, 'training time unknown: the day''s workouts add up to 24.0 h'",
    "90000,      2000, 2500, 8, 'training time unknown: the day''s workouts add up to 25.0 h'",
    "2147483647, 2500, 2500, 10, 'training time unknown: the day''s workouts add up to 596523.2 h'",
    "-60,        2500, 2500, 10, 'training time unknown: the day''s workouts add up to a negative duration'"
  })
  void trainingTimeAboveADayIsUnknownNotInvalid(
      int trainingSec, int water, double target, int hydration, String caveat) {
    ScoreCard card =
        scored(
            scorer.score(
                new NutritionFactsBuilder()
                    .calories(2000)
                    .userSex("M")
                    .trainingSecondsThatDay(trainingSec)
                    .waterMl(water)
                    .build()));
    assertThat(intermediate(card)).containsEntry("waterTargetMl", target);
    assertThat(card.parts().get("hydration").value()).isEqualTo(hydration);
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) card.analysis().get("warnings");
    if (caveat.isEmpty()) {
      assertThat(warnings).isEmpty();
      assertThat(intermediate(card)).containsEntry("trainingHours", 24.0);
      assertThat(card.parts().get("hydration").explanation()).contains("24.00 h of training");
    } else {
      assertThat(warnings).containsExactly(caveat);
      assertThat(intermediate(card)).containsEntry("trainingHours", null);
      assertThat(card.parts().get("hydration").explanation())
          .contains("(2.5 L EFSA for men; " + caveat + ", none added)");
    }
  }

  @Test
  void energyFromMacrosWhenCaloriesAreMissing() {
    // no calories: energy = 150×4 + 300×4 + 70×9 = 2430 kcal; vs goal 2500 → 2.8 % → 10
    ScoreCard card = scored(scorer.score(day().calories(null).build()));
    assertThat(intermediate(card))
        .containsEntry("energyKcal", 2430.0)
        .containsEntry("energySource", "macros");
    assertThat(card.parts().get("adherence").explanation())
        .contains("2430 kcal (from macros) vs goal 2500 kcal");
  }

  @Test
  void missingSubScoresAreLeftOutAndSaySo() {
    // calories and water only: macro balance, quality and adherence missing
    ScoreCard card =
        scored(scorer.score(new NutritionFactsBuilder().calories(2000).waterMl(2500).build()));
    assertThat(card.parts().get("macroBalance").explanation())
        .isEqualTo("Macro balance not scored: no protein, carbs or fat logged.");
    assertThat(card.parts().get("quality").explanation())
        .isEqualTo(
            "Quality not scored: no fibre or sugar with the day's energy, and no named meal items.");
    assertThat(card.parts().get("adherence").explanation())
        .isEqualTo("Adherence not scored: no calorie or macro goals set.");
    assertThat(card.analysis().get("missing"))
        .isEqualTo(List.of("macroBalance", "quality", "adherence"));
    // hydration 2500/2500 = 100 % → 10; 1 of 4 → 10 − 1 = 9
    assertThat(card.overall().value()).isEqualTo(9);
    // a goal without the matching intake
    assertThat(
            scored(
                    scorer.score(
                        new NutritionFactsBuilder().waterMl(2500).proteinGoal(150.0).build()))
                .parts()
                .get("adherence")
                .explanation())
        .isEqualTo("Adherence not scored: goals are set but the matching intake was not logged.");
  }

  // ---- odd meal JSON through the scorer ----

  static Stream<Arguments> oddMeals() {
    return Stream.of(
        Arguments.of("bare string", "\"porridge\"", 1, "breakfast: a bare string"),
        Arguments.of(
            "object instead of list", "{\"name\":\"porridge\"}", 1, "breakfast: an object"),
        Arguments.of("number", "350", 0, "breakfast: a bare number"),
        Arguments.of(
            "truncated JSON", "[{\"name\":\"porr", 0, "breakfast: unreadable JSON ignored"),
        Arguments.of("null", null, 0, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddMeals")
  void oddMealJsonIsReadNotFatal(String name, String json, int foods, String warning) {
    ScoreCard card =
        scored(
            scorer.score(
                new NutritionFactsBuilder()
                    .calories(2000)
                    .caloriesGoal(2000)
                    .breakfastJson(json)
                    .build()));
    assertThat(intermediate(card)).containsEntry("distinctFoods", foods);
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) card.analysis().get("warnings");
    if (warning == null) {
      assertThat(warnings).isEmpty();
    } else {
      assertThat(warnings).singleElement().asString().startsWith(warning);
    }
  }

  // ---- empty ----

  static Stream<Arguments> emptyDays() {
    return Stream.of(
        Arguments.of(
            "nothing",
            new NutritionFactsBuilder().build(),
            "no calories, macros, water, meals or notes logged"),
        Arguments.of(
            "zeros and empty lists",
            new NutritionFactsBuilder()
                .calories(0)
                .waterMl(0)
                .breakfastJson("[]")
                .lunchJson("null")
                .notes("  ")
                .build(),
            "no calories, macros, water, meals or notes logged"),
        Arguments.of(
            "only an unreadable meal",
            new NutritionFactsBuilder().dinnerJson("{oops").build(),
            "no calories, macros, water, meals or notes logged (dinner: unreadable JSON ignored"),
        Arguments.of(
            "notes only: nothing to score",
            new NutritionFactsBuilder().notes("felt great").build(),
            "no sub-score could be computed: Macro balance not scored"),
        Arguments.of(
            "goals only",
            new NutritionFactsBuilder().caloriesGoal(2500).userWeightKg(70.0).build(),
            "no calories, macros, water, meals or notes logged"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyDays")
  void emptyDays(String name, NutritionFacts f, String reason) {
    assertThat(scorer.score(f))
        .isInstanceOfSatisfying(
            ScoringOutcome.Empty.class, e -> assertThat(e.reason()).startsWith(reason));
  }

  // ---- invalid ----

  static Stream<Arguments> invalidDays() {
    return Stream.of(
        inv("negative calories", b -> b.calories(-1), "\"calories\" is -1 (negative)"),
        inv(
            "calories too high",
            b -> b.calories(25_000),
            "\"calories\" is 25000 (above the plausible maximum 20000 kcal)"),
        inv(
            "protein too high",
            b -> b.protein(1200.0),
            "\"protein\" is 1200 (above the plausible maximum 1000 g)"),
        inv("protein NaN", b -> b.protein(Double.NaN), "\"protein\" is NaN (not a number)"),
        inv(
            "fibre infinite",
            b -> b.fiber(Double.POSITIVE_INFINITY),
            "\"fiber\" is Infinity (not finite)"),
        inv("negative fat goal", b -> b.fatGoal(-10.0), "\"fatGoal\" is -10 (negative)"),
        inv(
            "water too high",
            b -> b.waterMl(25_000),
            "\"waterMl\" is 25000 (above the plausible maximum 20000 ml)"),
        inv(
            "weight zero",
            b -> b.userWeightKg(0.0),
            "\"userWeightKg\" is 0 (below the plausible minimum 20 kg)"),
        inv("weight negative", b -> b.userWeightKg(-70.0), "\"userWeightKg\" is -70 (negative)"),
        inv(
            "weight too high",
            b -> b.userWeightKg(450.0),
            "\"userWeightKg\" is 450 (above the plausible maximum 400 kg)"),
        inv(
            "more sugar than carbs",
            b -> b.sugar(320.0),
            "\"sugar\" is 320 (above \"carbs\" 300)"));
  }

  private static Arguments inv(
      String name, UnaryOperator<NutritionFactsBuilder> change, String reason) {
    return Arguments.of(name, change.apply(day()).build(), reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDays")
  void invalidDays(String name, NutritionFacts f, String reason) {
    assertThat(scorer.score(f))
        .isInstanceOfSatisfying(
            ScoringOutcome.Invalid.class,
            i -> {
              assertThat(i.reason()).isEqualTo(reason);
              assertThat(i.details())
                  .containsEntry("scorer", "nutrition-scorer")
                  .containsKey("column");
            });
  }

  @Test
  void deterministic() {
    NutritionFacts f = day().build();
    assertThat(scorer.score(f)).isEqualTo(new NutritionScorer().score(f));
  }
}
