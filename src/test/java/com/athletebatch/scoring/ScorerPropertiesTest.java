package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.nutrition.NutritionFacts;
import com.athletebatch.scoring.nutrition.NutritionScorer;
import com.athletebatch.scoring.workout.WorkoutFacts;
import com.athletebatch.scoring.workout.WorkoutScorer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks over many generated rows (fixed seed, so reproducible): the scorers never
 * throw, every score is within 1..10, explanations are one sentence, the analysis is JSON-safe,
 * invalid reasons name a column, and the same input always gives the same output.
 */
class ScorerPropertiesTest {

  private static final int ROWS = 5000;

  enum Kind {
    SCORED,
    EMPTY,
    INVALID
  }

  private static final List<String> MEALS =
      List.of(
          "[{\"name\":\"Oats\",\"calories\":350},{\"name\":\"Banana\"}]",
          "\"porridge\"",
          "{\"name\":\"Pasta\"}",
          "{\"items\":[{\"food\":\"Rice\"}]}",
          "42",
          "true",
          "null",
          "[]",
          "[{\"name\":\"Oat",
          "not json",
          "[null, 1, \"Apple\", [{\"food\":\"Pear\"}]]",
          "\"[\\\"Egg\\\"]\"",
          "{}",
          "[[[[[[[[[[[1]]]]]]]]]]]",
          "  ");

  private final Random random = new Random(20240501L);

  /** Decimals the generated doubles are rounded to (as stored values often are); -1: none. */
  private int decimals = -1;

  /** The sub-score parts of a table, from ScoreTable (all but the overall score). */
  private static List<String> subScores(ScoreTable table) {
    return table.columns().stream()
        .map(ScoreTable.Column::part)
        .filter(part -> !part.equals("overall"))
        .toList();
  }

  @Test
  void workoutScorerProperties() {
    WorkoutScorer scorer = new WorkoutScorer();
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    for (int i = 0; i < ROWS; i++) {
      WorkoutFacts f = randomWorkout(i);
      ScoringOutcome o = scorer.score(f);
      check(o, subScores(ScoreTable.WORKOUT), kinds);
      assertThat(scorer.score(f)).as("deterministic").isEqualTo(o);
    }
    assertThat(kinds.getOrDefault(Kind.SCORED, 0))
        .as("enough rows scored: " + kinds)
        .isGreaterThan(ROWS / 3);
    assertThat(kinds).as("all outcomes occur").containsKeys(Kind.values());
  }

  @Test
  void nutritionScorerProperties() {
    NutritionScorer scorer = new NutritionScorer();
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    for (int i = 0; i < ROWS; i++) {
      NutritionFacts f = randomDay(i);
      ScoringOutcome o = scorer.score(f);
      check(o, subScores(ScoreTable.NUTRITION), kinds);
      assertThat(scorer.score(f)).as("deterministic").isEqualTo(o);
    }
    assertThat(kinds.getOrDefault(Kind.SCORED, 0))
        .as("enough rows scored: " + kinds)
        .isGreaterThan(ROWS / 3);
    assertThat(kinds).as("all outcomes occur").containsKeys(Kind.values());
  }

  /**
   * Pins the exact bytes the job writes for 20,000 generated rows (both tables, full-precision
   * doubles and doubles of 0–3 decimals, where half-up rounding meets its ties): every score,
   * explanation, summary and "aiAnalysisJson" as {@link ScoreWriter} builds them, hashed. The
   * digest was taken before the analysis JSON got its own writer and the number formatting its fast
   * paths; a change of any output byte changes it.
   */
  @Test
  void writtenOutputIsByteForByteAsBefore() throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    WorkoutScorer workouts = new WorkoutScorer();
    NutritionScorer nutrition = new NutritionScorer();
    int scored = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < ROWS; i++) {
        decimals = pass == 0 ? -1 : i % 4;
        scored += digest(sha, ScoreTable.WORKOUT, "w" + i, workouts.score(randomWorkout(i)));
        scored += digest(sha, ScoreTable.NUTRITION, "n" + i, nutrition.score(randomDay(i)));
      }
    }
    assertThat(scored).isGreaterThan(ROWS);
    assertThat(java.util.HexFormat.of().formatHex(sha.digest())).isEqualTo(WRITTEN_OUTPUT_SHA256);
  }

  /**
   * Not a check: thread CPU time per row of scoring and building what the writer sends (scores,
   * explanations, summary, analysis JSON) for 5,000 generated workouts and 5,000 days, each round;
   * the least of K rounds is the compiled cost. Run with {@code -Dscoring.cpu.harness=true} (and,
   * to compare the JIT's tiers, a surefire {@code -DargLine=-XX:TieredStopAtLevel=1}).
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "scoring.cpu.harness",
      matches = "true")
  void cpuPerRow() {
    decimals = -1;
    List<WorkoutFacts> w = new java.util.ArrayList<>();
    List<NutritionFacts> n = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      w.add(randomWorkout(i));
      n.add(randomDay(i));
    }
    WorkoutScorer workouts = new WorkoutScorer();
    NutritionScorer nutrition = new NutritionScorer();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    int rounds = Integer.getInteger("scoring.cpu.rounds", 30);
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      long sink = 0;
      for (int i = 0; i < w.size(); i++) {
        sink += written(ScoreTable.WORKOUT, workouts.score(w.get(i)));
        sink += written(ScoreTable.NUTRITION, nutrition.score(n.get(i)));
      }
      long cpu = mx.getCurrentThreadCpuTime() - t0;
      best = Math.min(best, cpu);
      System.out.printf("round %d: %.1f us/row (%d)%n", r, cpu / 1000.0 / (2 * w.size()), sink);
    }
    System.out.printf(
        "scoring CPU per row, least of %d rounds: %.1f us%n", rounds, best / 1000.0 / 10_000);
  }

  private static long written(ScoreTable table, ScoringOutcome o) {
    if (o instanceof ScoringOutcome.Scored s) {
      ScoreWriter.ScoredUpdate u = ScoreWriter.ScoredUpdate.of(table, "id", s.card());
      return u.analysisJson().length() + u.summaryMarkdown().length();
    } else if (o instanceof ScoringOutcome.Empty e) {
      return ScoreWriter.statusJson(table, "SKIPPED_EMPTY", e.reason(), null).length();
    } else if (o instanceof ScoringOutcome.Invalid inv) {
      return ScoreWriter.statusJson(table, "FAILED", inv.reason(), inv.details()).length();
    }
    return 0;
  }

  private static final String WRITTEN_OUTPUT_SHA256 =
      "391169d2b00b57161c5103d5f235ea8ca3521c2d81ae28c7430cb2723f258af3";

  private static int digest(
      java.security.MessageDigest sha, ScoreTable table, String id, ScoringOutcome o) {
    StringBuilder text = new StringBuilder(table.name()).append('|').append(id).append('|');
    int scored = 0;
    if (o instanceof ScoringOutcome.Scored s) {
      ScoreWriter.ScoredUpdate u = ScoreWriter.ScoredUpdate.of(table, id, s.card());
      text.append(u.scores()).append('|');
      u.explanations().forEach(e -> text.append(e).append('|'));
      text.append(u.summaryMarkdown()).append('|').append(u.analysisJson());
      scored = 1;
    } else if (o instanceof ScoringOutcome.Empty e) {
      text.append(ScoreWriter.statusJson(table, "SKIPPED_EMPTY", e.reason(), null));
    } else if (o instanceof ScoringOutcome.Invalid inv) {
      text.append(ScoreWriter.statusJson(table, "FAILED", inv.reason(), inv.details()));
    }
    sha.update(text.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return scored;
  }

  private static void check(ScoringOutcome o, List<String> parts, Map<Kind, Integer> kinds) {
    if (o instanceof ScoringOutcome.Scored s) {
      ScoringAssertions.assertWellFormed(s.card(), parts);
      kinds.merge(Kind.SCORED, 1, Integer::sum);
    } else if (o instanceof ScoringOutcome.Empty e) {
      assertThat(e.reason()).isNotBlank();
      kinds.merge(Kind.EMPTY, 1, Integer::sum);
    } else if (o instanceof ScoringOutcome.Invalid inv) {
      assertThat(inv.reason()).matches("\"\\w+\" is \\S+ \\(.+\\)");
      ScoringAssertions.assertJsonSafe(inv.details(), "details");
      kinds.merge(Kind.INVALID, 1, Integer::sum);
    } else {
      throw new AssertionError("unexpected outcome " + o);
    }
  }

  // ---- generators: mostly plausible values, some nulls and zeros, rarely something impossible
  // ----

  private Integer anInt(int lo, int hi) {
    int r = random.nextInt(100);
    if (r < 20) {
      return null;
    }
    if (r < 25) {
      return 0;
    }
    if (r < 26) {
      return -1 - random.nextInt(100); // negative
    }
    if (r < 27) {
      return hi + 1 + random.nextInt(10_000); // beyond the limit
    }
    return lo + random.nextInt(hi - lo + 1);
  }

  private Double aDouble(double lo, double hi) {
    int r = random.nextInt(200);
    if (r < 40) {
      return null;
    }
    if (r < 48) {
      return 0.0;
    }
    if (r == 48) {
      return Double.NaN;
    }
    if (r == 49) {
      return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    if (r == 50) {
      return -random.nextDouble() * 100;
    }
    double d = lo + random.nextDouble() * (hi - lo);
    if (decimals < 0) {
      return d;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(d * scale) / scale;
  }

  private int aCount(int hi) {
    return random.nextInt(3) == 0 ? random.nextInt(hi + 1) : 0;
  }

  private WorkoutFacts randomWorkout(int i) {
    if (i % 25 == 0) { // a row with nothing recorded, as upstream has
      return new WorkoutFacts(
          "w" + i, "u1", null, "Ride", 0, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          250, 190, 50, 170, 70.0, "M", null, null, null, null, null, 0, 0, 0, null);
    }
    String[] types = {
      "Ride", "VirtualRide", "Run", "TrailRun", "WeightTraining", "Swim", "Walk", null
    };
    String type = types[random.nextInt(types.length)];
    int sets = aCount(30);
    Integer avgW = anInt(80, 400);
    Integer np =
        avgW == null || avgW <= 0
            ? anInt(80, 400)
            : Integer.valueOf((int) Math.round(avgW * (1 + random.nextDouble() * 0.3)));
    Integer avgHr = anInt(90, 185);
    Integer maxHr =
        avgHr == null || avgHr <= 0 ? anInt(100, 200) : Integer.valueOf(avgHr + random.nextInt(30));
    int duration = random.nextInt(10) == 0 ? 0 : 600 + random.nextInt(18_000);
    return new WorkoutFacts(
        "w" + i,
        "u" + (i % 7),
        LocalDateTime.of(2024, 1, 1, 6, 0).plusHours(i),
        type,
        duration,
        anInt(600, 20_000),
        aDouble(1000, 150_000),
        anInt(0, 3000),
        avgW,
        avgW == null ? anInt(200, 1500) : Integer.valueOf(Math.abs(avgW) + random.nextInt(900)),
        np,
        anInt(80, 400),
        anInt(150, 400),
        aDouble(0.4, 1.2),
        aDouble(10, 400),
        aDouble(1.0, 1.4),
        aDouble(0.8, 2.5),
        aDouble(40, 60),
        anInt(100, 4000),
        avgHr,
        maxHr,
        anInt(10, 400),
        aDouble(-15, 15),
        anInt(50, 190),
        anInt(80, 220),
        aDouble(1, 15),
        anInt(1, 10),
        anInt(1, 10),
        anInt(1, 5),
        anInt(150, 400),
        anInt(170, 205),
        anInt(38, 70),
        anInt(140, 180),
        aDouble(50, 100),
        random.nextBoolean() ? "M" : "F",
        anInt(1200, 14_400),
        aDouble(20, 300),
        aDouble(0.5, 1.1),
        aDouble(5000, 100_000),
        type,
        sets == 0 ? 0 : 1 + random.nextInt(8),
        sets,
        sets == 0 ? 0 : random.nextInt(sets + 1),
        aDouble(5, 10));
  }

  private NutritionFacts randomDay(int i) {
    Double carbs = aDouble(50, 600);
    Double sugar =
        carbs == null || !(carbs > 0)
            ? aDouble(0, 50)
            : Double.valueOf(carbs * random.nextDouble() * 0.5);
    return new NutritionFacts(
        "n" + i,
        "u" + (i % 7),
        LocalDate.of(2024, 1, 1).plusDays(i),
        anInt(800, 5000),
        aDouble(30, 300),
        carbs,
        aDouble(20, 200),
        aDouble(0, 80),
        sugar,
        meal(),
        meal(),
        meal(),
        meal(),
        anInt(1500, 4000),
        aDouble(80, 250),
        aDouble(150, 500),
        aDouble(40, 150),
        anInt(200, 6000),
        random.nextInt(5) == 0 ? "note" : null,
        aDouble(40, 120),
        new String[] {"M", "F", "female", null, "x"}[random.nextInt(5)],
        random.nextInt(3) == 0 ? random.nextInt(4 * 3600) : 0);
  }

  private String meal() {
    int r = random.nextInt(MEALS.size() + 4);
    return r < MEALS.size() ? MEALS.get(r) : null;
  }
}
