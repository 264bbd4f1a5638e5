package com.athletebatch.demo;

import static com.athletebatch.demo.DemoDataGenerator.between;
import static com.athletebatch.demo.DemoDataGenerator.food;
import static com.athletebatch.demo.DemoDataGenerator.pick;
import static com.athletebatch.demo.DemoDataGenerator.round;
import static com.athletebatch.demo.DemoDataGenerator.round1;

import com.athletebatch.demo.DemoCatalog.Food;
import com.athletebatch.demo.DemoDataGenerator.Athlete;
import com.athletebatch.demo.DemoDataGenerator.Run;
import com.athletebatch.scoring.AnalysisStatus;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code "Nutrition"} days: one row per athlete per day (unique ("userId", date)). An athlete's
 * past days run backwards from the day before the anchor date, skipping ~15 % of days; ~1 % of rows
 * are future-dated (1, 2, 3... days after the anchor).
 */
final class NutritionFactory {

  private static final String[] NOTES = {
    "Felt hungry after the long ride.",
    "Travel day, ate out.",
    "Carb loading for Sunday's race.",
    "Forgot to log snacks.",
    "Birthday dinner."
  };

  private final Run run;
  private final BatchInserter.Table nutrition;

  NutritionFactory(Run run, BatchInserter.Table nutrition) {
    this.run = run;
    this.nutrition = nutrition;
  }

  void generate(Athlete a, int count) throws SQLException {
    SplittableRandom r = run.rng("nutrition", a.index());
    LocalDate past = run.anchor.minusDays(1);
    LocalDate future = run.anchor;
    for (int k = 0; k < count; k++) {
      LocalDate date;
      boolean isFuture = r.nextDouble() < 0.01;
      if (isFuture) {
        future = future.plusDays(1 + r.nextInt(2));
        date = future;
      } else {
        date = past;
        past = past.minusDays(r.nextDouble() < 0.15 ? 2 : 1);
      }
      one(a, k, date, isFuture, r);
    }
  }

  private void one(Athlete a, int k, LocalDate date, boolean isFuture, SplittableRandom r)
      throws SQLException {
    LocalDateTime created =
        isFuture
            ? run.anchorStart.minusHours(1 + r.nextInt(12))
            : date.atTime(20, 0).plusMinutes(r.nextInt(240));
    nutrition
        .set("id", run.id("nutrition", a.index(), k))
        .set("userId", a.idText())
        .set("date", date)
        .set("isManualLock", Boolean.FALSE);
    double oddRoll = r.nextDouble();
    boolean empty = oddRoll < 0.006;
    boolean malformed = !empty && oddRoll < 0.012;
    boolean oddMeals = !empty && !malformed && oddRoll < 0.017;
    if (empty) {
      if (r.nextBoolean()) {
        nutrition.set("breakfast", "[]").set("lunch", "[]").set("dinner", "[]").set("snacks", "[]");
      }
    } else {
      day(a, r, oddMeals);
      if (malformed) {
        switch (r.nextInt(5)) {
          case 0 -> nutrition.set("calories", -(200 + r.nextInt(800)));
          case 1 -> nutrition.set("protein", Double.NaN);
          case 2 -> nutrition.set("fiber", Double.POSITIVE_INFINITY);
          case 3 -> nutrition.set("waterMl", -(500 + r.nextInt(1500)));
          default -> nutrition.set("fat", -12.5);
        }
      }
    }
    status(r, isFuture, created);
    nutrition.add();
  }

  /** A logged day: meals as lists of items, day totals the sum of the items. */
  private void day(Athlete a, SplittableRandom r, boolean oddMeals) {
    double target = a.weight() * between(r, 28, 44);
    boolean partial = r.nextDouble() < 0.07;
    double[] totals = new double[6]; // kcal, protein, carbs, fat, fiber, sugar
    String[] slots = {"breakfast", "lunch", "dinner", "snacks"};
    double[] shares = {0.25, 0.32, 0.33, 0.10};
    int keep = partial ? 1 + r.nextInt(2) : 4;
    for (int m = 0; m < slots.length; m++) {
      if (m >= keep || (m == 3 && r.nextDouble() < 0.3)) {
        continue;
      }
      String slot = m == 0 ? "breakfast" : m == 3 ? "snack" : "main";
      List<Object> items = meal(r, slot, target * shares[m], totals);
      nutrition.set(slots[m], Json.write(items));
    }
    if (oddMeals) {
      // Not a list: a bare JSON string, or an object wrapping the items.
      if (r.nextBoolean()) {
        nutrition.set("breakfast", Json.write("Porridge with banana and honey"));
      } else {
        List<Object> items = meal(r, "main", target * 0.3, new double[6]);
        nutrition.set("lunch", Json.write(Json.obj("items", items, "total_calories", 600)));
      }
    }
    nutrition
        .set("calories", (int) Math.round(totals[0]))
        .set("protein", round1(totals[1]))
        .set("carbs", round1(totals[2]))
        .set("fat", round1(totals[3]))
        .set("fiber", r.nextDouble() < 0.9 ? round1(totals[4]) : null)
        .set("sugar", r.nextDouble() < 0.9 ? round1(totals[5]) : null);
    if (r.nextDouble() < 0.7) {
      double goal = round(50, a.weight() * between(r, 32, 42));
      double proteinGoal = Math.round(a.weight() * between(r, 1.6, 2.2));
      double fatGoal = Math.round(goal * 0.28 / 9);
      nutrition
          .set("caloriesGoal", (int) goal)
          .set("proteinGoal", proteinGoal)
          .set("fatGoal", fatGoal)
          .set("carbsGoal", (double) Math.round((goal - proteinGoal * 4 - fatGoal * 9) / 4));
    }
    if (r.nextDouble() < 0.8) {
      nutrition.set("waterMl", (int) round(50, between(r, 1200, 4200)));
    }
    if (r.nextDouble() < 0.04) {
      nutrition.set("notes", pick(r, NOTES));
    }
    if (r.nextDouble() < 0.01) {
      nutrition.set("isManualLock", Boolean.TRUE);
    }
  }

  private static List<Object> meal(SplittableRandom r, String slot, double kcal, double[] totals) {
    List<Object> items = new ArrayList<>();
    double sum = 0;
    while (sum < kcal * 0.9 && items.size() < 5) {
      Food f = food(r, slot);
      double portion =
          Math.max(0.5, Math.min(2.0, round(0.25, (kcal - sum) / f.kcal() * between(r, 0.6, 1.1))));
      double itemKcal = Math.round(f.kcal() * portion);
      double p = round1(f.protein() * portion);
      double c = round1(f.carbs() * portion);
      double fat = round1(f.fat() * portion);
      items.add(
          Json.obj("name", f.name(), "calories", itemKcal, "protein", p, "carbs", c, "fat", fat));
      sum += itemKcal;
      totals[0] += itemKcal;
      totals[1] += p;
      totals[2] += c;
      totals[3] += fat;
      totals[4] += f.fiber() * portion;
      totals[5] += f.sugar() * portion;
    }
    return items;
  }

  private void status(SplittableRandom r, boolean future, LocalDateTime created) {
    double s = r.nextDouble();
    LocalDateTime updated = created;
    if (future || s < 0.80) {
      nutrition.set("aiAnalysisStatus", AnalysisStatus.NOT_STARTED.name());
    } else if (s < 0.86) {
      nutrition.set("aiAnalysisStatus", AnalysisStatus.COMPLETED.name());
    } else if (s < 0.90) {
      nutrition.set("aiAnalysisStatus", AnalysisStatus.FAILED.name());
    } else if (s < 0.93) {
      nutrition.set("aiAnalysisStatus", AnalysisStatus.QUOTA_EXCEEDED.name());
    } else if (s < 0.96) {
      nutrition.set("aiAnalysisStatus", pick(r, DemoDataGenerator.WORKOUT_STATUSES_RARE));
    } else {
      int overall = 4 + r.nextInt(6);
      LocalDateTime analyzed = created.plusMinutes(10 + r.nextInt(120));
      updated = analyzed;
      nutrition
          .set("aiAnalysisStatus", AnalysisStatus.COMPLETED.name())
          .set("aiAnalyzedAt", analyzed)
          .set("overallScore", overall)
          .set("macroBalanceScore", Math.max(1, Math.min(10, overall + r.nextInt(3) - 1)))
          .set("qualityScore", Math.max(1, Math.min(10, overall + r.nextInt(3) - 1)))
          .set("adherenceScore", Math.max(1, Math.min(10, overall + r.nextInt(3) - 1)))
          .set("hydrationScore", Math.max(1, Math.min(10, overall + r.nextInt(3) - 1)))
          .set("nutritionalBalanceExplanation", "Balanced day; scored by the earlier AI analysis.")
          .set("calorieAdherenceExplanation", "Close to the calorie goal.")
          .set("macroDistributionExplanation", "Macro split within typical ranges.")
          .set("hydrationStatusExplanation", "Adequate water intake.")
          .set("timingOptimizationExplanation", "Good spread of meals over the day.")
          .set(
              "aiAnalysis",
              "## Nutrition analysis\n\nA balanced day. Overall score " + overall + "/10.");
    }
    nutrition.set("createdAt", created).set("updatedAt", updated);
  }
}
