package com.athletebatch.scoring.nutrition;

import static com.athletebatch.scoring.core.Fmt.fixed;
import static com.athletebatch.scoring.core.Fmt.round4;
import static com.athletebatch.scoring.nutrition.NutritionRules.*;

import com.athletebatch.scoring.core.Components;
import com.athletebatch.scoring.core.Fmt;
import com.athletebatch.scoring.core.Plausibility;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.Scores;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores one nutrition day 1..10 on macro balance, food quality, adherence to goals and hydration,
 * with the references in DOMAIN.md §1 and the rule tables in {@link NutritionRules}. Pure and
 * deterministic; meal JSON of any shape is read without throwing ({@link MealParser}).
 */
public final class NutritionScorer {

  public static final String NAME = "nutrition-scorer";
  public static final int VERSION = 1;

  public ScoringOutcome score(NutritionFacts f) {
    ScoringOutcome.Invalid invalid = validate(f);
    if (invalid != null) {
      return invalid;
    }
    List<MealParser.Meal> meals =
        List.of(
            MealParser.parse("breakfast", f.breakfastJson()),
            MealParser.parse("lunch", f.lunchJson()),
            MealParser.parse("dinner", f.dinnerJson()),
            MealParser.parse("snacks", f.snacksJson()));
    Day d = Day.of(f, meals);
    if (!d.hasData) {
      return new ScoringOutcome.Empty(
          "no calories, macros, water, meals or notes logged"
              + (d.warnings.isEmpty() ? "" : " (" + String.join("; ", d.warnings) + ")"));
    }
    if (!trainingTimeKnown(f)) {
      d.warnings.add(trainingTimeUnknown(f));
    }
    Map<String, Object> im = new LinkedHashMap<>();
    Map<String, Components> components = new LinkedHashMap<>();
    Map<String, SubScore> parts = new LinkedHashMap<>();
    parts.put("macroBalance", macroBalance(f, d, im, components));
    parts.put("quality", quality(f, d, im, components));
    parts.put("adherence", adherence(f, d, im, components));
    parts.put("hydration", hydration(f, im, components));

    Scores.Overall overall = Scores.overall(parts, WEIGHTS);
    if (overall == null) {
      return Scores.nothingComputable(parts);
    }
    return new ScoringOutcome.Scored(
        new ScoreCard(
            NAME,
            VERSION,
            overall.score(),
            parts,
            summary(f, overall.score(), parts),
            analysis(f, d, im, components, parts, overall)));
  }

  static ScoringOutcome.Invalid validate(NutritionFacts f) {
    Plausibility.Check c =
        Plausibility.check(NAME, VERSION)
            .value("calories", f.calories())
            .value("protein", f.protein())
            .value("carbs", f.carbs())
            .value("fat", f.fat())
            .value("fiber", f.fiber())
            .value("sugar", f.sugar())
            .value("caloriesGoal", f.caloriesGoal())
            .value("proteinGoal", f.proteinGoal())
            .value("carbsGoal", f.carbsGoal())
            .value("fatGoal", f.fatGoal())
            .value("waterMl", f.waterMl())
            .value("userWeightKg", f.userWeightKg());
    // sugars are carbohydrates: more sugar than carbs is impossible (1 g slack for app rounding)
    c.consistent(
        f.sugar() == null || f.carbs() == null || f.sugar() <= f.carbs() + 1,
        "sugar",
        f.sugar(),
        () -> "above \"carbs\" " + Fmt.num(f.carbs()));
    return c.result();
  }

  /** What the day holds, with zeros read as "not logged". */
  private static final class Day {
    boolean hasData;
    Double energy; // calories, else energy from macros
    String energySource;
    Double macroKcal; // protein × 4 + carbs × 4 + fat × 9, when all three are logged
    List<MealParser.Meal> meals;
    Set<String> foods = new LinkedHashSet<>();
    int mealItems;
    List<String> warnings = new ArrayList<>();

    static Day of(NutritionFacts f, List<MealParser.Meal> meals) {
      Day d = new Day();
      d.meals = meals;
      for (MealParser.Meal m : meals) {
        if (m.note() != null) {
          d.warnings.add(m.note());
        }
        d.mealItems += m.itemCount();
        m.itemNames().stream().filter(Objects::nonNull).forEach(d.foods::add);
      }
      if (f.protein() != null && f.carbs() != null && f.fat() != null) {
        d.macroKcal =
            f.protein() * KCAL_PER_G_PROTEIN
                + f.carbs() * KCAL_PER_G_CARBS
                + f.fat() * KCAL_PER_G_FAT;
      }
      if (f.calories() != null && f.calories() > 0) {
        d.energy = (double) f.calories();
        d.energySource = "calories";
        if (d.macroKcal != null
            && d.macroKcal > 0
            && Math.abs(d.macroKcal / d.energy - 1) * 100 > ENERGY_MISMATCH_WARN_PCT) {
          d.warnings.add(
              "calories "
                  + f.calories()
                  + " kcal and macro energy "
                  + fixed(d.macroKcal, 0)
                  + " kcal differ by more than "
                  + Fmt.num(ENERGY_MISMATCH_WARN_PCT)
                  + " %");
        }
      } else if (d.macroKcal != null && d.macroKcal > 0) {
        d.energy = d.macroKcal;
        d.energySource = "macros";
      }
      boolean anyMacro = positive(f.protein()) || positive(f.carbs()) || positive(f.fat());
      d.hasData =
          d.energy != null
              || anyMacro
              || (f.waterMl() != null && f.waterMl() > 0)
              || d.mealItems > 0
              || (f.notes() != null && !f.notes().isBlank());
      return d;
    }
  }

  // ---- sub-scores ----

  private static SubScore macroBalance(
      NutritionFacts f, Day d, Map<String, Object> im, Map<String, Components> all) {
    Components c = new Components("Macro balance");
    all.put("macroBalance", c);
    if (d.macroKcal != null && d.macroKcal > 0) {
      double p = 100 * f.protein() * KCAL_PER_G_PROTEIN / d.macroKcal;
      double cb = 100 * f.carbs() * KCAL_PER_G_CARBS / d.macroKcal;
      double ft = 100 * f.fat() * KCAL_PER_G_FAT / d.macroKcal;
      double sp = SHARE_POINTS_OUTSIDE.at(outside(p, PROTEIN_SHARE_MIN, PROTEIN_SHARE_MAX));
      double sc = SHARE_POINTS_OUTSIDE.at(outside(cb, CARBS_SHARE_MIN, CARBS_SHARE_MAX));
      double sf = SHARE_POINTS_OUTSIDE.at(outside(ft, FAT_SHARE_MIN, FAT_SHARE_MAX));
      im.put("macroKcal", round4(d.macroKcal));
      im.put("proteinSharePct", round4(p));
      im.put("carbsSharePct", round4(cb));
      im.put("fatSharePct", round4(ft));
      Map<String, Object> shareScores = new LinkedHashMap<>();
      shareScores.put("protein", round4(sp));
      shareScores.put("carbs", round4(sc));
      shareScores.put("fat", round4(sf));
      im.put("shareScores", shareScores);
      c.add(
          "energyShares",
          (sp + sc + sf) / 3,
          "energy shares protein "
              + fixed(p, 1)
              + " %, carbs "
              + fixed(cb, 1)
              + " %, fat "
              + fixed(ft, 1)
              + " % of "
              + fixed(d.macroKcal, 0)
              + " kcal from macros (targets 20–30, 45–65, 20–30 %)");
    }
    if (f.protein() != null && f.userWeightKg() != null) {
      double gkg = f.protein() / f.userWeightKg();
      im.put("proteinGPerKg", round4(gkg));
      c.add(
          "proteinPerKg",
          PROTEIN_G_PER_KG.at(gkg),
          "protein "
              + fixed(gkg, 2)
              + " g/kg ("
              + Fmt.num(f.protein())
              + " g / "
              + Fmt.num(f.userWeightKg())
              + " kg, target 1.6–2.2)");
    }
    return c.toSubScore(
        f.protein() == null && f.carbs() == null && f.fat() == null
            ? "no protein, carbs or fat logged"
            : "macros incomplete (protein, carbs and fat are needed for shares; protein and body weight for g/kg)");
  }

  private static SubScore quality(
      NutritionFacts f, Day d, Map<String, Object> im, Map<String, Components> all) {
    Components c = new Components("Quality");
    all.put("quality", c);
    if (d.energy != null && f.fiber() != null) {
      double density = f.fiber() / d.energy * 1000;
      im.put("fibrePer1000Kcal", round4(density));
      c.add(
          "fibreDensity",
          FIBRE_PER_1000_KCAL.at(density),
          "fibre "
              + Fmt.num(f.fiber())
              + " g is "
              + fixed(density, 1)
              + " g per 1000 kcal (reference 14)");
    }
    if (d.energy != null && f.sugar() != null) {
      double share = 100 * f.sugar() * KCAL_PER_G_CARBS / d.energy;
      im.put("sugarSharePct", round4(share));
      c.add(
          "sugarShare",
          SUGAR_SHARE.at(share),
          "sugar " + Fmt.num(f.sugar()) + " g is " + fixed(share, 1) + " % of energy (limit 10 %)");
    }
    im.put("distinctFoods", d.foods.size());
    if (!d.foods.isEmpty()) {
      c.add(
          "variety",
          DISTINCT_FOODS.at(d.foods.size()),
          d.foods.size()
              + " distinct foods logged across "
              + d.meals.stream().filter(m -> m.itemCount() > 0).count()
              + " meals");
    }
    return c.toSubScore("no fibre or sugar with the day's energy, and no named meal items");
  }

  private static SubScore adherence(
      NutritionFacts f, Day d, Map<String, Object> im, Map<String, Components> all) {
    Components c = new Components("Adherence");
    all.put("adherence", c);
    Integer goal = f.caloriesGoal() != null && f.caloriesGoal() > 0 ? f.caloriesGoal() : null;
    if (goal != null && d.energy != null) {
      double dev = 100 * Math.abs(d.energy - goal) / goal;
      im.put("calorieDeviationPct", round4(dev));
      c.add(
          "calories",
          GOAL_DEVIATION.at(dev),
          fixed(d.energy, 0)
              + " kcal"
              + ("macros".equals(d.energySource) ? " (from macros)" : "")
              + " vs goal "
              + goal
              + " kcal is "
              + fixed(dev, 1)
              + " % off (±5 % exceptional, ±10 % strong)");
    }
    Map<String, Object> macroDev = new LinkedHashMap<>();
    List<String> macroText = new ArrayList<>();
    double sum = 0;
    int met = 0;
    met += macroGoal("protein", f.protein(), f.proteinGoal(), macroDev, macroText);
    met += macroGoal("carbs", f.carbs(), f.carbsGoal(), macroDev, macroText);
    met += macroGoal("fat", f.fat(), f.fatGoal(), macroDev, macroText);
    for (Object v : macroDev.values()) {
      sum += GOAL_DEVIATION.at((Double) v);
    }
    if (!macroDev.isEmpty()) {
      im.put("macroGoalDeviationPct", macroDev);
      im.put("macroGoalsMet", met);
      c.add(
          "macroGoals",
          sum / macroDev.size(),
          met
              + " of "
              + macroDev.size()
              + " macro goals met within ±"
              + Fmt.num(MACRO_GOAL_MET_PCT)
              + " % ("
              + String.join(", ", macroText)
              + ")");
    }
    boolean anyGoal =
        goal != null
            || positive(f.proteinGoal())
            || positive(f.carbsGoal())
            || positive(f.fatGoal());
    return c.toSubScore(
        anyGoal
            ? "goals are set but the matching intake was not logged"
            : "no calorie or macro goals set");
  }

  /** Records one macro's deviation from its goal; returns 1 when met. */
  private static int macroGoal(
      String name, Double actual, Double goal, Map<String, Object> dev, List<String> text) {
    if (actual == null || goal == null || goal <= 0) {
      return 0;
    }
    double pct = 100 * Math.abs(actual - goal) / goal;
    dev.put(name, round4(pct));
    text.add(name + " " + Fmt.num(actual) + "/" + Fmt.num(goal) + " g");
    return pct <= MACRO_GOAL_MET_PCT ? 1 : 0;
  }

  private static SubScore hydration(
      NutritionFacts f, Map<String, Object> im, Map<String, Components> all) {
    Components c = new Components("Hydration");
    all.put("hydration", c);
    String sex = sexOf(f.userSex());
    int base =
        switch (sex) {
          case "female" -> WATER_WOMEN_ML;
          case "male" -> WATER_MEN_ML;
          default -> WATER_UNKNOWN_SEX_ML;
        };
    boolean trainingKnown = trainingTimeKnown(f);
    // unknown training time adds nothing to the target; the explanation says so
    double trainingHours = trainingKnown ? f.trainingSecondsThatDay() / 3600.0 : 0;
    double target = base + WATER_PER_TRAINING_HOUR_ML * trainingHours;
    im.put("waterTargetMl", round4(target));
    im.put("waterTargetBasis", sex);
    im.put("trainingHours", trainingKnown ? round4(trainingHours) : null);
    if (f.waterMl() != null && f.waterMl() > 0) {
      double pct = 100.0 * f.waterMl() / target;
      im.put("waterPctOfTarget", round4(pct));
      String who =
          switch (sex) {
            case "female" -> " L EFSA for women";
            case "male" -> " L EFSA for men";
            default -> " L EFSA men's value, sex unknown";
          };
      String basis =
          fixed(base / 1000.0, 1)
              + who
              + (trainingHours > 0
                  ? " + "
                      + fixed(WATER_PER_TRAINING_HOUR_ML * trainingHours / 1000, 2)
                      + " L for "
                      + fixed(trainingHours, 2)
                      + " h of training"
                  : "")
              + (trainingKnown ? "" : "; " + trainingTimeUnknown(f) + ", none added");
      c.add(
          "water",
          WATER_PCT_OF_TARGET.at(pct),
          fixed(f.waterMl() / 1000.0, 2)
              + " L of water is "
              + fixed(pct, 0)
              + " % of a "
              + fixed(target / 1000, 2)
              + " L target ("
              + basis
              + ")");
    }
    return c.toSubScore("no water logged");
  }

  // ---- helpers ----

  /** The day's non-duplicate workouts add up to a possible day: between 0 and 24 h. */
  static boolean trainingTimeKnown(NutritionFacts f) {
    return f.trainingSecondsThatDay() >= 0
        && f.trainingSecondsThatDay() <= MAX_TRAINING_SECONDS_A_DAY;
  }

  private static String trainingTimeUnknown(NutritionFacts f) {
    return "training time unknown: the day's workouts add up to "
        + (f.trainingSecondsThatDay() < 0
            ? "a negative duration"
            : fixed(f.trainingSecondsThatDay() / 3600.0, 1) + " h");
  }

  private static double outside(double value, double min, double max) {
    return value < min ? min - value : Math.max(0, value - max);
  }

  private static boolean positive(Double v) {
    return v != null && v > 0;
  }

  static String sexOf(String sex) {
    String s = sex == null ? "" : sex.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("f") || s.startsWith("w")) {
      return "female";
    }
    return s.startsWith("m") ? "male" : "unknown";
  }

  private static String summary(NutritionFacts f, SubScore overall, Map<String, SubScore> parts) {
    StringBuilder md = new StringBuilder("### Nutrition");
    if (f.date() != null) {
      md.append(" on ").append(f.date());
    }
    md.append(": ").append(overall.value()).append("/10\n\n");
    md.append("- ").append(overall.explanation()).append('\n');
    parts.values().forEach(s -> md.append("- ").append(s.explanation()).append('\n'));
    return md.toString();
  }

  private static Map<String, Object> analysis(
      NutritionFacts f,
      Day d,
      Map<String, Object> im,
      Map<String, Components> components,
      Map<String, SubScore> parts,
      Scores.Overall overall) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("scorer", NAME);
    a.put("scorerVersion", VERSION);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("id", f.id());
    in.put("userId", f.userId());
    in.put("date", f.date() == null ? null : f.date().toString());
    in.put("calories", f.calories());
    in.put("protein", f.protein());
    in.put("carbs", f.carbs());
    in.put("fat", f.fat());
    in.put("fiber", f.fiber());
    in.put("sugar", f.sugar());
    Map<String, Object> meals = new LinkedHashMap<>();
    for (MealParser.Meal m : d.meals) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", m.status().name().toLowerCase(Locale.ROOT));
      one.put("items", m.itemCount());
      one.put("names", m.itemNames());
      meals.put(m.meal(), one);
    }
    in.put("meals", meals);
    in.put("caloriesGoal", f.caloriesGoal());
    in.put("proteinGoal", f.proteinGoal());
    in.put("carbsGoal", f.carbsGoal());
    in.put("fatGoal", f.fatGoal());
    in.put("waterMl", f.waterMl());
    in.put("hasNotes", f.notes() != null && !f.notes().isBlank());
    in.put("userWeightKg", f.userWeightKg());
    in.put("userSex", f.userSex());
    in.put("trainingSecondsThatDay", f.trainingSecondsThatDay());
    a.put("inputs", in);

    Map<String, Object> intermediate = new LinkedHashMap<>();
    intermediate.put("energyKcal", d.energy == null ? null : round4(d.energy));
    intermediate.put("energySource", d.energySource);
    intermediate.put("mealItems", d.mealItems);
    intermediate.putAll(im);
    a.put("intermediate", intermediate);
    Map<String, Object> comp = new LinkedHashMap<>();
    components.forEach((k, v) -> comp.put(k, v.scoresByName()));
    a.put("components", comp);
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("overall", overall.score().value());
    parts.forEach((k, v) -> scores.put(k, v.value()));
    a.put("scores", scores);
    a.put("weights", new LinkedHashMap<>(WEIGHTS));
    a.put("weightsUsed", overall.weightsUsed());
    a.put("weightedMean", overall.weightedMean());
    a.put("incompletePenalty", overall.penalty());
    a.put(
        "missing",
        parts.entrySet().stream()
            .filter(e -> !e.getValue().present())
            .map(Map.Entry::getKey)
            .toList());
    a.put("warnings", List.copyOf(d.warnings));
    return a;
  }
}
