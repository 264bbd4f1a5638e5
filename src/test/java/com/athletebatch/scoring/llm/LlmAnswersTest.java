package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.ScoreTable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers: which model answers validate, and the reason given for those that do not. */
class LlmAnswersTest {

  private static String part(String name, String score, String explanation) {
    return "\"" + name + "\":{\"score\":" + score + ",\"explanation\":" + explanation + "}";
  }

  private static String workout(String overallScore, String technicalExplanation, String analysis) {
    return "{"
        + part("overall", overallScore, "\"Solid.\"")
        + ","
        + part("technical", "6", technicalExplanation)
        + ","
        + part("effort", "7", "\"IF 0.84 as planned.\"")
        + ","
        + part("pacing", "8", "\"VI 1.04.\"")
        + ","
        + part("execution", "9", "\"Done.\"")
        + (analysis == null ? "" : ",\"analysis\":" + analysis)
        + "}";
  }

  static Stream<Arguments> workoutAnswers() {
    String ok = "\"### Ride\\n- steady\"";
    return Stream.of(
        Arguments.of(workout("7", "\"VI 1.04.\"", ok), null),
        Arguments.of(workout("7.0", "\"VI 1.04.\"", ok), null),
        Arguments.of("```json\n" + workout("7", "\"VI 1.04.\"", ok) + "\n```", null),
        Arguments.of(
            workout("0", "\"VI 1.04.\"", ok), "\"overall.score\" must be from 1 to 10, was 0"),
        Arguments.of(
            workout("11", "\"VI 1.04.\"", ok), "\"overall.score\" must be from 1 to 10, was 11"),
        Arguments.of(
            workout("7.5", "\"VI 1.04.\"", ok),
            "\"overall.score\" must be an integer from 1 to 10, was 7.5"),
        Arguments.of(
            workout("\"7\"", "\"VI 1.04.\"", ok),
            "\"overall.score\" must be an integer from 1 to 10, was \"7\""),
        Arguments.of(workout("null", "\"VI 1.04.\"", ok), "\"overall.score\" is missing"),
        Arguments.of(workout("7", "\"  \"", ok), "\"technical.explanation\" is blank"),
        Arguments.of(workout("7", "5", ok), "\"technical.explanation\" must be a string"),
        Arguments.of(workout("7", "\"VI 1.04.\"", null), "\"analysis\" is missing"),
        Arguments.of(workout("7", "\"VI 1.04.\"", "\"\""), "\"analysis\" is blank"),
        Arguments.of(
            "{\"overall\":{\"score\":7,\"explanation\":\"x\"},\"analysis\":\"a\"}",
            "\"technical\" is missing; \"effort\" is missing; \"pacing\" is missing; \"execution\" is missing"),
        Arguments.of(
            "{\"overall\":7,\"technical\":{\"score\":6,\"explanation\":\"x\"},\"effort\":{\"score\":6,\"explanation\":\"x\"},\"pacing\":{\"score\":6,\"explanation\":\"x\"},\"execution\":{\"score\":6,\"explanation\":\"x\"},\"analysis\":\"a\"}",
            "\"overall\" must be an object with \"score\" and \"explanation\""),
        Arguments.of("[1,2]", "the answer was not a JSON object"),
        Arguments.of("", "the answer was empty"),
        Arguments.of("Sure! Here are the scores: 7, 8", "the answer was not valid JSON"),
        Arguments.of("{\"overall\": {\"score\": 7", "the answer was not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("workoutAnswers")
  void llmWorkoutAnswers(String text, String expectedProblem) {
    LlmAnswers.Check check = LlmAnswers.validate(text, ScorerKind.LLM, ScoreTable.WORKOUT);
    if (expectedProblem == null) {
      assertThat(check).isInstanceOf(LlmAnswers.Check.Valid.class);
      LlmAnswers.Answer answer = ((LlmAnswers.Check.Valid) check).answer();
      assertThat(answer.overall().value()).isEqualTo(7);
      assertThat(answer.parts().keySet())
          .containsExactly("technical", "effort", "pacing", "execution");
      assertThat(answer.parts().get("execution").value()).isEqualTo(9);
      assertThat(answer.analysis()).isEqualTo("### Ride\n- steady");
    } else {
      assertThat(check).isInstanceOf(LlmAnswers.Check.Invalid.class);
      assertThat(((LlmAnswers.Check.Invalid) check).reason()).startsWith(expectedProblem);
    }
  }

  @ParameterizedTest
  @MethodSource("nutritionScores")
  void nutritionScoresAreValidatedToo(int score, boolean valid) {
    String text =
        "{"
            + part("overall", String.valueOf(score), "\"x\"")
            + ","
            + part("macroBalance", "5", "\"x\"")
            + ","
            + part("quality", "5", "\"x\"")
            + ","
            + part("adherence", "5", "\"x\"")
            + ","
            + part("hydration", "5", "\"x\"")
            + ",\"analysis\":\"a\"}";
    assertThat(
            LlmAnswers.validate(text, ScorerKind.LLM, ScoreTable.NUTRITION)
                instanceof LlmAnswers.Check.Valid)
        .isEqualTo(valid);
  }

  static Stream<Arguments> nutritionScores() {
    return Stream.of(
        Arguments.of(-3, false),
        Arguments.of(0, false),
        Arguments.of(1, true),
        Arguments.of(10, true),
        Arguments.of(12, false),
        Arguments.of(100, false));
  }

  @ParameterizedTest
  @MethodSource("hybridAnswers")
  void hybridAnswersNeedTheAnalysisAlone(String text, boolean valid) {
    assertThat(
            LlmAnswers.validate(text, ScorerKind.HYBRID, ScoreTable.WORKOUT)
                instanceof LlmAnswers.Check.Valid)
        .isEqualTo(valid);
  }

  static Stream<Arguments> hybridAnswers() {
    return Stream.of(
        Arguments.of("{\"analysis\":\"### Ride\"}", true),
        Arguments.of("{\"analysis\":\"### Ride\",\"extra\":1}", true),
        Arguments.of("{\"analysis\":\"\"}", false),
        Arguments.of("{\"text\":\"### Ride\"}", false),
        Arguments.of(
            "{\"analysis\":\"" + "x".repeat(LlmAnswers.MAX_ANALYSIS_CHARS + 1) + "\"}", false));
  }
}
