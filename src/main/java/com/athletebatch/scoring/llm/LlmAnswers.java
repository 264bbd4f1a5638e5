package com.athletebatch.scoring.llm;

import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.core.SubScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates a model's answer (plain Java: text in, record out). An llm answer needs, for
 * each of the table's score columns, an integer score 1..10 (nutrition too: the seed never clamped
 * it) and a non-blank explanation, plus a non-blank markdown analysis; a hybrid answer needs the
 * analysis. Every problem is named, so the re-ask can say what was wrong.
 */
public final class LlmAnswers {

  /** Longer explanations or analyses are refused: a runaway answer is not an analysis. */
  static final int MAX_EXPLANATION_CHARS = 2_000;

  static final int MAX_ANALYSIS_CHARS = 20_000;

  private LlmAnswers() {}

  /**
   * A validated answer.
   *
   * @param overall the overall score (null for hybrid)
   * @param parts the sub-scores by {@link ScoreTable.Column#part()} in the table's order (empty for
   *     hybrid)
   * @param analysis the markdown analysis
   */
  public record Answer(SubScore overall, Map<String, SubScore> parts, String analysis) {}

  /** The outcome of validating one answer. */
  public sealed interface Check {
    record Valid(Answer answer) implements Check {}

    record Invalid(String reason) implements Check {}
  }

  public static Check validate(String text, ScorerKind kind, ScoreTable table) {
    if (text == null || text.isBlank()) {
      return new Check.Invalid("the answer was empty");
    }
    JsonNode root;
    try {
      root = JsonMappers.STRICT_TREE_READER.readTree(stripFence(text));
    } catch (JacksonException e) {
      return new Check.Invalid(
          "the answer was not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      return new Check.Invalid("the answer was not a JSON object");
    }
    List<String> problems = new ArrayList<>();
    SubScore overall = null;
    Map<String, SubScore> parts = new LinkedHashMap<>();
    if (kind == ScorerKind.LLM) {
      for (ScoreTable.Column column : table.columns()) {
        SubScore score = score(root.get(column.part()), column.part(), problems);
        if (score == null) {
          continue;
        }
        if (column.part().equals("overall")) {
          overall = score;
        } else {
          parts.put(column.part(), score);
        }
      }
    }
    String analysis = text(root.get("analysis"), "analysis", MAX_ANALYSIS_CHARS, problems);
    if (!problems.isEmpty()) {
      return new Check.Invalid(String.join("; ", problems));
    }
    return new Check.Valid(new Answer(overall, parts, analysis));
  }

  private static SubScore score(JsonNode node, String part, List<String> problems) {
    if (node == null || node.isNull()) {
      problems.add("\"" + part + "\" is missing");
      return null;
    }
    if (!node.isObject()) {
      problems.add("\"" + part + "\" must be an object with \"score\" and \"explanation\"");
      return null;
    }
    JsonNode value = node.get("score");
    Integer score = null;
    if (value == null || value.isNull()) {
      problems.add("\"" + part + ".score\" is missing");
    } else if (!value.isNumber() || !isWhole(value)) {
      problems.add("\"" + part + ".score\" must be an integer from 1 to 10, was " + value);
    } else if (value.asDouble() < 1 || value.asDouble() > 10) {
      problems.add("\"" + part + ".score\" must be from 1 to 10, was " + value);
    } else {
      score = (int) value.asDouble();
    }
    String explanation =
        text(node.get("explanation"), part + ".explanation", MAX_EXPLANATION_CHARS, problems);
    return score == null || explanation == null ? null : new SubScore(score, explanation);
  }

  private static boolean isWhole(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    double d = value.asDouble();
    return !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d);
  }

  private static String text(JsonNode node, String field, int maxChars, List<String> problems) {
    if (node == null || node.isNull()) {
      problems.add("\"" + field + "\" is missing");
      return null;
    }
    if (!node.isString()) {
      problems.add("\"" + field + "\" must be a string");
      return null;
    }
    String text = node.asString().strip();
    if (text.isEmpty()) {
      problems.add("\"" + field + "\" is blank");
      return null;
    }
    if (text.length() > maxChars) {
      problems.add("\"" + field + "\" is longer than " + maxChars + " characters");
      return null;
    }
    return text;
  }

  /** Local models often wrap JSON in a markdown fence despite the instructions. */
  static String stripFence(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int firstNewline = t.indexOf('\n');
      int lastFence = t.lastIndexOf("```");
      if (firstNewline > 0 && lastFence > firstNewline) {
        return t.substring(firstNewline + 1, lastFence).strip();
      }
    }
    return t;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
