package com.athletebatch.scoring.workout;

import static com.athletebatch.scoring.ScoringAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkoutScorerTest {

  private static final List<String> PARTS = List.of("technical", "effort", "pacing", "execution");
  private final WorkoutScorer scorer = new WorkoutScorer();

  /** A 90-minute ride, worked through by hand in {@link #rideWorkedExample()}. */
  static WorkoutFactsBuilder ride() {
    return new WorkoutFactsBuilder()
        .id("w1")
        .userId("u1")
        .date(LocalDateTime.of(2024, 5, 1, 7, 30))
        .type("Ride")
        .durationSec(5400)
        .averageWatts(200)
        .normalizedPower(210)
        .ftp(250)
        .lrBalance(49.5)
        .averageCadence(88)
        .averageHr(150)
        .userMaxHr(190)
        .userRestingHr(50)
        .decoupling(6.5)
        .rpe(8)
        .plannedTss(130.0)
        .plannedWorkIntensity(0.80)
        .plannedDurationSec(5400);
  }

  static ScoreCard scored(ScoringOutcome o) {
    assertThat(o).isInstanceOf(ScoringOutcome.Scored.class);
    ScoreCard card = ((ScoringOutcome.Scored) o).card();
    assertWellFormed(card, PARTS);
    return card;
  }

  static Map<String, Object> intermediate(ScoreCard card) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) card.analysis().get("intermediate");
    return m;
  }

  @Test
  void rideWorkedExample() {
    ScoreCard card = scored(scorer.score(ride().build()));
    Map<String, Object> im = intermediate(card);

    // VI = NP / avg = 210 / 200 = 1.05 → VI rule 1.05→8
    assertThat((Double) im.get("variabilityIndex")).isCloseTo(1.05, within(1e-4));
    // IF = NP / FTP = 210 / 250 = 0.84
    assertThat((Double) im.get("intensityFactor")).isCloseTo(0.84, within(1e-4));
    // TSS = 1.5 h × 0.84² × 100 = 1.5 × 0.7056 × 100 = 105.84
    assertThat((Double) im.get("tss")).isCloseTo(105.84, within(1e-4));
    // TRIMP: max HR from the user (190); x = (150 − 50) / (190 − 50) = 0.7143;
    // 90 min × x × 0.64 × e^(1.92x)
    double x = 100.0 / 140;
    assertThat((Double) im.get("hrReserveFraction")).isCloseTo(x, within(1e-4));
    assertThat((Double) im.get("trimp"))
        .isCloseTo(90 * x * 0.64 * Math.exp(1.92 * x), within(1e-3));
    assertThat(im).containsEntry("maxHrSource", "user").containsEntry("ftpSource", "workout");

    // technical: VI 1.05 → 8; cadence 88 (85–95) → 10; L/R |49.5 − 50| = 0.5 ≤ 2 → 10; mean 9.33 →
    // 9
    assertThat(card.parts().get("technical").value()).isEqualTo(9);
    assertThat(card.parts().get("technical").explanation())
        .contains("variability index 1.05 (NP 210 W / avg 200 W) is steady")
        .contains("cadence 88 rpm")
        .contains("L/R balance 49.5/50.5 %");
    // effort: |0.84/0.80 − 1| = 5 % → 10; expected RPE for IF 0.84 = 4 + (0.09/0.10) × 2 = 5.8,
    // |8 − 5.8| = 2.2 → 7 − 0.2 × 2 = 6.6; mean (10 + 6.6)/2 = 8.3 → 8
    assertThat(card.parts().get("effort").value()).isEqualTo(8);
    assertThat(card.parts().get("effort").explanation())
        .contains("IF 0.84 (NP 210 W / FTP 250 W) vs planned 0.80 is 5.0 % off")
        .contains("RPE 8 vs about 5.8 expected")
        .contains("TSS 106 (1.50 h × 0.84² × 100)");
    // pacing: VI → 8; decoupling 6.5 % → 8 − (1.5/2.5) × 2 = 6.8; mean 7.4 → 7
    assertThat(card.parts().get("pacing").value()).isEqualTo(7);
    assertThat(card.parts().get("pacing").explanation())
        .contains("aerobic decoupling 6.5 % is drifted");
    // execution on TSS (both sides have it): 105.84 / 130 = 81.4 % → green, 7 + 1.4 × 0.2 = 7.28 →
    // 7
    assertThat(card.parts().get("execution").value()).isEqualTo(7);
    assertThat(card.parts().get("execution").explanation())
        .contains("TSS 106 vs planned 130 is 81 % of plan (green band");
    // overall: 0.2×9 + 0.3×8 + 0.2×7 + 0.3×7 = 1.8 + 2.4 + 1.4 + 2.1 = 7.7 → 8
    assertThat(card.overall().value()).isEqualTo(8);
    assertThat(card.analysis().get("weightedMean")).isEqualTo(7.7);
    assertThat(card.overall().explanation())
        .startsWith("Overall 8/10 is the weighted mean 7.70 of technical 9");
    assertThat(card.summaryMarkdown()).startsWith("### Ride on 2024-05-01: 8/10\n");
    assertThat(card.scorer()).isEqualTo("workout-scorer");
    assertThat(card.version()).isEqualTo(1);
  }

  @Test
  void storedValuesWinOverComputedOnes() {
    // stored VI 1.10 → 6, stored IF 0.90, stored TSS 120, stored TRIMP 140
    ScoreCard card =
        scored(
            scorer.score(
                ride().variabilityIndex(1.10).intensity(0.90).tss(120.0).trimp(140).build()));
    Map<String, Object> im = intermediate(card);
    assertThat(im)
        .containsEntry("variabilityIndex", 1.1)
        .containsEntry("variabilityIndexSource", "stored")
        .containsEntry("intensityFactor", 0.9)
        .containsEntry("tss", 120.0)
        .containsEntry("trimp", 140.0);
    // execution: 120 / 130 = 92.3 % → green, between 90→9 and 95→10: 9 + 2.31 × 0.2 = 9.46 → 9
    assertThat(card.parts().get("execution").value()).isEqualTo(9);
  }

  @Test
  void ftpFallsBackToTheAthlete() {
    // no workout FTP: user FTP 250 → IF = 210 / 250 = 0.84, as in the worked example
    ScoreCard card = scored(scorer.score(ride().ftp(null).userFtp(250).build()));
    assertThat(intermediate(card))
        .containsEntry("ftp", 250)
        .containsEntry("ftpSource", "user")
        .containsEntry("intensityFactor", 0.84);
    assertThat(card.parts().get("effort").explanation()).contains("FTP 250 W from the athlete");
    // FTP 0 on the workout means "not set", too
    assertThat(intermediate(scored(scorer.score(ride().ftp(0).userFtp(300).build()))))
        .containsEntry("intensityFactor", 0.7); // 210 / 300
  }

  @Test
  void maxHrFromTheWorkoutWinsOverTheAthletes() {
    // workout max HR 170: x = (150 − 50) / (170 − 50) = 0.8333
    ScoreCard card = scored(scorer.score(ride().maxHr(170).build()));
    assertThat(intermediate(card))
        .containsEntry("maxHrSource", "workout")
        .containsEntry("hrReserveFraction", 0.8333);
  }

  @Test
  void trimpUsesBanistersFemaleConstantsForWomen() {
    // 60 min run, avg 160, max 195, rest 45: x = 115/150 = 0.7667; 60 × x × 0.86 × e^(1.67x)
    WorkoutFacts f =
        new WorkoutFactsBuilder()
            .type("Run")
            .durationSec(3600)
            .averageHr(160)
            .userMaxHr(195)
            .userRestingHr(45)
            .userLthr(170)
            .rpe(7)
            .userSex("F")
            .build();
    ScoreCard card = scored(scorer.score(f));
    double x = 115.0 / 150;
    assertThat((Double) intermediate(card).get("trimp"))
        .isCloseTo(60 * x * 0.86 * Math.exp(1.67 * x), within(1e-3));
  }

  @Test
  void heartRateOnlyRunUsesHrIntensityAndRunCadence() {
    // HR intensity = 160 / LTHR 170 = 0.9412; expected RPE = 6 + ((0.9412 − 0.85) / 0.10) × 2 =
    // 7.824;
    // |7 − 7.824| = 0.824 → 10 − 0.824 = 9.18 → 9
    // cadence 86 per leg < 120 → 172 steps/min → 8 + (2/5) × 2 = 8.8 → 9
    WorkoutFacts f =
        new WorkoutFactsBuilder()
            .type("Run")
            .durationSec(3600)
            .averageHr(160)
            .userLthr(170)
            .averageCadence(86)
            .rpe(7)
            .build();
    ScoreCard card = scored(scorer.score(f));
    assertThat(card.parts().get("effort").value()).isEqualTo(9);
    assertThat(card.parts().get("effort").explanation())
        .contains("HR intensity 0.94 (avg HR 160 / LTHR)");
    assertThat(card.parts().get("technical").value()).isEqualTo(9);
    assertThat(card.parts().get("technical").explanation())
        .contains("cadence 172 steps/min (86 per leg, doubled)");
    assertThat(card.parts().get("pacing").present()).isFalse();
    assertThat(card.parts().get("execution").explanation())
        .isEqualTo("Execution not scored: no planned workout linked.");
    // 2 of 4 present (half): no penalty; (0.2×9 + 0.3×9) / 0.5 = 9
    assertThat(card.overall().value()).isEqualTo(9);
    assertThat(card.analysis().get("missing")).isEqualTo(List.of("pacing", "execution"));
    assertThat(card.analysis().get("weightsUsed"))
        .isEqualTo(Map.of("technical", 0.4, "effort", 0.6));
  }

  @Test
  void strengthSessionIsScoredFromSetsAndRpe() {
    WorkoutFacts f =
        new WorkoutFactsBuilder()
            .type("WeightTraining")
            .durationSec(2700)
            .exerciseCount(4)
            .setCount(14)
            .setsWithReps(12)
            .averageSetRpe(8.0)
            .sessionRpe(9)
            .plannedDurationSec(3600)
            .build();
    ScoreCard card = scored(scorer.score(f));
    // technical: reps logged 12/14 = 85.7 % → 7 + 5.71 × 0.15 = 7.86; 14/4 = 3.5 sets/exercise →
    // 10;
    //            mean 8.93 → 9
    assertThat(card.parts().get("technical").value()).isEqualTo(9);
    // effort: set RPE 8 (7–9) → 10; session RPE 9 vs 8 → gap 1 → 9; mean 9.5 → 10
    assertThat(card.parts().get("effort").value()).isEqualTo(10);
    assertThat(card.parts().get("effort").explanation()).contains("session RPE 9 vs set RPE 8.0");
    // pacing: 45 min / 14 sets = 3.21 min per set (2.5–4) → 10
    assertThat(card.parts().get("pacing").value()).isEqualTo(10);
    // execution on duration: 2700 / 3600 = 75 % → yellow, 4 + (25/30) × 2 = 5.67 → 6
    assertThat(card.parts().get("execution").value()).isEqualTo(6);
    assertThat(card.parts().get("execution").explanation())
        .contains("duration 45 min vs planned 60 min is 75 % of plan (yellow");
    // overall: 0.2×9 + 0.3×10 + 0.2×10 + 0.3×6 = 1.8 + 3 + 2 + 1.8 = 8.6 → 9
    assertThat(card.overall().value()).isEqualTo(9);
  }

  // ---- band edges ----

  @ParameterizedTest(name = "compliance {0} % → {1}, {2}")
  @CsvSource({
    // pct,  band,   score: arithmetic on the COMPLIANCE_* curves
    "100,  green,  10", // 95–105 → 10
    "95,   green,  10",
    "90,   green,  9",
    "80,   green,  7", // green edge
    "120,  green,  7", // green edge
    "79,   yellow, 6", // 4 + (29/30) × 2 = 5.93 → 6
    "65,   yellow, 5", // 4 + (15/30) × 2 = 5
    "50,   yellow, 4", // yellow edge
    "121,  yellow, 6", // 6 − (1/30) × 2 = 5.93 → 6
    "150,  yellow, 4", // yellow edge
    "49,   red,    3", // 1 + (49/50) × 2 = 2.96 → 3
    "20,   red,    2", // 1 + (20/50) × 2 = 1.8 → 2
    "151,  red,    3", // 3 − (1/50) × 2 = 2.96 → 3
    "175,  red,    2", // 3 − (25/50) × 2 = 2
    "250,  red,    1"
  }) // beyond 200 → 1
  void complianceBands(int pct, String band, int score) {
    // duration basis: planned 3600 s, done pct × 36 s
    WorkoutFacts f =
        new WorkoutFactsBuilder()
            .type("Ride")
            .durationSec(pct * 36)
            .plannedDurationSec(3600)
            .build();
    ScoreCard card = scored(scorer.score(f));
    assertThat(card.parts().get("execution").value()).isEqualTo(score);
    assertThat(card.parts().get("execution").explanation()).contains("(" + band + " band");
    // only execution present: 1 of 4 < half → overall = score − 1, at least 1
    assertThat(card.overall().value()).isEqualTo(Math.max(1, score - 1));
  }

  @Test
  void complianceFallsBackFromTssToDurationToDistance() {
    // no planned TSS → duration: 5400 / 6000 = 90 % → 9
    ScoreCard byDuration =
        scored(scorer.score(ride().plannedTss(null).plannedDurationSec(6000).build()));
    assertThat(byDuration.parts().get("execution").explanation())
        .contains("duration 90 min vs planned 100 min is 90 %");
    // no planned TSS or duration → distance: 40 km / 50 km = 80 % → 7
    ScoreCard byDistance =
        scored(
            scorer.score(
                ride()
                    .plannedTss(null)
                    .plannedDurationSec(null)
                    .distanceMeters(40_000.0)
                    .plannedDistanceMeters(50_000.0)
                    .build()));
    assertThat(byDistance.parts().get("execution").value()).isEqualTo(7);
    assertThat(byDistance.parts().get("execution").explanation())
        .contains("distance 40.0 km vs planned 50.0 km is 80 %");
  }

  @ParameterizedTest(name = "VI {0} → {1}")
  @CsvSource({
    "0.98, 10",
    "1.02, 10",
    "1.035, 9",
    "1.05, 8",
    "1.10, 6",
    "1.15, 4",
    "1.25, 2",
    "1.40, 1"
  })
  void variabilityIndexRule(double vi, int score) {
    // 1.035: 10 − (0.015/0.03) × 2 = 9
    assertThat(
            scored(
                    scorer.score(
                        new WorkoutFactsBuilder()
                            .type("Swim")
                            .durationSec(3600)
                            .variabilityIndex(vi)
                            .build()))
                .parts()
                .get("pacing")
                .value())
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "L/R {0} % → {1}")
  @CsvSource({"50, 10", "48, 10", "52, 10", "47, 8", "53, 8", "45, 5", "46, 7", "42, 2", "35, 1"})
  void lrBalanceRule(double left, int score) {
    // 46 → off 4: 8 − (1/2) × 3 = 6.5 → 7
    assertThat(
            scored(
                    scorer.score(
                        new WorkoutFactsBuilder()
                            .type("Ride")
                            .durationSec(3600)
                            .lrBalance(left)
                            .build()))
                .parts()
                .get("technical")
                .value())
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "decoupling {0} % → {1}")
  @CsvSource({"0, 10", "3, 10", "-3, 10", "5, 8", "5.5, 8", "7.5, 6", "-10, 4", "12.5, 3", "30, 1"})
  void decouplingRule(double d, int score) {
    // 5.5: 8 − (0.5/2.5) × 2 = 7.6 → 8; 12.5: 4 − (2.5/5) × 2 = 3
    ScoreCard card =
        scored(
            scorer.score(
                new WorkoutFactsBuilder().type("Ride").durationSec(3600).decoupling(d).build()));
    assertThat(card.parts().get("pacing").value()).isEqualTo(score);
    assertThat(card.parts().get("pacing").explanation())
        .contains(Math.abs(d) <= 5 ? "coupled" : "drifted");
  }

  @ParameterizedTest(name = "ride cadence {0} → {1}")
  @CsvSource({
    "90, 10", "85, 10", "95, 10", "80, 8", "75, 7", "100, 9", "110, 6", "60, 3", "140, 1"
  })
  void rideCadenceRule(int rpm, int score) {
    // 75: 5 + (5/10) × 3 = 6.5 → 7
    assertThat(
            scored(
                    scorer.score(
                        new WorkoutFactsBuilder()
                            .type("VirtualRide")
                            .durationSec(3600)
                            .averageCadence(rpm)
                            .build()))
                .parts()
                .get("technical")
                .value())
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "IF {0} vs planned 0.80 → {1}")
  @CsvSource({"0.80, 10", "0.84, 10", "0.88, 8", "0.92, 6", "0.64, 5", "1.20, 1"})
  void intensityVersusPlanRule(double intensity, int score) {
    // 0.88: 10 % off → 8; 0.92: 15 % → 6; 0.64: 20 % → 5; 1.20: 50 % → 1
    assertThat(
            scored(
                    scorer.score(
                        new WorkoutFactsBuilder()
                            .type("Ride")
                            .durationSec(3600)
                            .intensity(intensity)
                            .plannedWorkIntensity(0.80)
                            .build()))
                .parts()
                .get("effort")
                .value())
        .isEqualTo(score);
  }

  // ---- missing and empty ----

  @Test
  void missingSubScoresSayWhatWasMissing() {
    // VI only: technical and pacing 8; effort and execution missing
    ScoreCard card =
        scored(
            scorer.score(
                new WorkoutFactsBuilder()
                    .type("Ride")
                    .durationSec(3600)
                    .averageWatts(200)
                    .normalizedPower(210)
                    .build()));
    SubScore effort = card.parts().get("effort");
    assertThat(effort.present()).isFalse();
    assertThat(effort.explanation())
        .isEqualTo(
            "Effort not scored: no intensity factor (needs NP with an FTP, "
                + "or average HR with an LTHR) and no set RPE.");
    assertThat(card.analysis().get("scores"))
        .isEqualTo(
            java.util.stream.Stream.of(
                    new Object[][] {
                      {"overall", 8},
                      {"technical", 8},
                      {"effort", null},
                      {"pacing", 8},
                      {"execution", null}
                    })
                .collect(java.util.LinkedHashMap::new, (m, e) -> m.put(e[0], e[1]), Map::putAll));
    // IF without anything to compare it with
    ScoreCard withFtp =
        scored(
            scorer.score(
                new WorkoutFactsBuilder()
                    .type("Ride")
                    .durationSec(3600)
                    .averageWatts(200)
                    .normalizedPower(210)
                    .userFtp(250)
                    .build()));
    assertThat(withFtp.parts().get("effort").explanation())
        .isEqualTo(
            "Effort not scored: IF 0.84 (NP 210 W / FTP 250 W from the athlete) but no planned intensity or RPE to compare it with.");
  }

  static Stream<Arguments> emptyWorkouts() {
    return Stream.of(
        Arguments.of(
            "nothing at all",
            new WorkoutFactsBuilder().type("Ride").build(),
            "no duration, distance, power, heart rate or strength sets recorded"),
        Arguments.of(
            "zeros mean not recorded",
            new WorkoutFactsBuilder()
                .type("Ride")
                .durationSec(0)
                .distanceMeters(0.0)
                .averageWatts(0)
                .averageHr(0)
                .build(),
            "no duration, distance, power, heart rate or strength sets recorded"),
        Arguments.of(
            "duration only: no sub-score",
            new WorkoutFactsBuilder().type("Ride").durationSec(3600).build(),
            "no sub-score could be computed: Technical not scored"),
        Arguments.of(
            "HR without LTHR, rest or plan",
            new WorkoutFactsBuilder().type("Walk").durationSec(1800).averageHr(110).build(),
            "no sub-score could be computed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyWorkouts")
  void emptyWorkouts(String name, WorkoutFacts f, String reason) {
    assertThat(scorer.score(f))
        .isInstanceOfSatisfying(
            ScoringOutcome.Empty.class, e -> assertThat(e.reason()).startsWith(reason));
  }

  // ---- invalid ----

  static Stream<Arguments> invalidWorkouts() {
    return Stream.of(
        inv("negative HR", b -> b.averageHr(-5), "\"averageHr\" is -5 (negative)"),
        inv("negative duration", b -> b.durationSec(-60), "\"durationSec\" is -60 (negative)"),
        inv(
            "HR too high",
            b -> b.averageHr(300),
            "\"averageHr\" is 300 (above the plausible maximum 250 bpm)"),
        inv(
            "HR too low",
            b -> b.averageHr(12),
            "\"averageHr\" is 12 (below the plausible minimum 20 bpm)"),
        inv(
            "power too high",
            b -> b.averageWatts(3000),
            "\"averageWatts\" is 3000 (above the plausible maximum 2600 W)"),
        inv(
            "IF above 2",
            b -> b.intensity(2.5),
            "\"intensity\" is 2.5 (above the plausible maximum 2)"),
        inv(
            "decoupling beyond 100",
            b -> b.decoupling(-150.0),
            "\"decoupling\" is -150 (below the plausible minimum -100 %)"),
        inv(
            "L/R outside 0–100",
            b -> b.lrBalance(120.0),
            "\"lrBalance\" is 120 (above the plausible maximum 100 %)"),
        inv("NaN", b -> b.decoupling(Double.NaN), "\"decoupling\" is NaN (not a number)"),
        inv("infinity", b -> b.tss(Double.POSITIVE_INFINITY), "\"tss\" is Infinity (not finite)"),
        inv(
            "negative infinity",
            b -> b.distanceMeters(Double.NEGATIVE_INFINITY),
            "\"distanceMeters\" is -Infinity (not finite)"),
        inv(
            "user max HR",
            b -> b.userMaxHr(300),
            "\"userMaxHr\" is 300 (above the plausible maximum 250 bpm)"),
        inv(
            "max HR below average",
            b -> b.maxHr(140),
            "\"maxHr\" is 140 (below \"averageHr\" 150)"),
        inv(
            "max power below average",
            b -> b.maxWatts(150),
            "\"maxWatts\" is 150 (below \"averageWatts\" 200)"),
        inv(
            "more sets with reps than sets",
            b -> b.setCount(3).setsWithReps(5),
            "\"setsWithReps\" is 5 (above \"setCount\" 3)"),
        // NP 600 W on FTP 250 W: IF = 2.4 > 2
        inv(
            "computed IF above 2",
            b -> b.normalizedPower(600).maxWatts(900),
            "\"normalizedPower\" is 600 (NP / FTP 2.40 with FTP 250 W (workout) is above 2)"),
        // NP 100 W on average 200 W: VI = 0.5 < 0.8
        inv(
            "computed VI impossible",
            b -> b.normalizedPower(100),
            "\"normalizedPower\" is 100 (NP / average power 0.50 is outside 0.8–5)"));
  }

  private static Arguments inv(
      String name, UnaryOperator<WorkoutFactsBuilder> change, String reason) {
    return Arguments.of(name, change.apply(ride()).build(), reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidWorkouts")
  void invalidWorkouts(String name, WorkoutFacts f, String reason) {
    assertThat(scorer.score(f))
        .isInstanceOfSatisfying(
            ScoringOutcome.Invalid.class,
            i -> {
              assertThat(i.reason()).isEqualTo(reason);
              assertThat(i.details())
                  .containsEntry("scorer", "workout-scorer")
                  .containsKey("column");
            });
  }

  @Test
  void deterministic() {
    WorkoutFacts f = ride().build();
    assertThat(scorer.score(f)).isEqualTo(scorer.score(f));
    assertThat(new WorkoutScorer().score(f)).isEqualTo(scorer.score(f));
  }
}
