package com.athletebatch.scoring.llm;

import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.SubScore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompts (plain Java: records in, strings out). The system prompt of each scorer and table is
 * a versioned file in {@code src/main/resources/prompts/} ({@code workout-llm-v1.txt}…); the user
 * message is the row's data only: one JSON document between {@link #DATA_OPEN} and {@link
 * #DATA_CLOSE}, which the system prompt declares to be data and never instructions. A row's free
 * text (titles, meal names) appears only inside that document, JSON-escaped, with {@code <} and
 * {@code >} escaped as well so that no text can close the block.
 */
public final class LlmPrompts {

  /** The prompt version; recorded per row ({@code promptVersion}) and as an llm card's version. */
  public static final int VERSION = 1;

  public static final String DATA_OPEN = "<row-data>";
  public static final String DATA_CLOSE = "</row-data>";

  /** Deterministic analysis keys an llm prompt leaves out: the deterministic scorer's verdict. */
  private static final Set<String> LLM_LEAVES_OUT =
      Set.of(
          "scorer",
          "scorerVersion",
          "scores",
          "components",
          "weights",
          "weightsUsed",
          "weightedMean",
          "incompletePenalty");

  private static final Map<String, String> SYSTEM_TEXTS = new ConcurrentHashMap<>();

  private LlmPrompts() {}

  /** What is sent for one row: the prompt's name (with its version), system text and user text. */
  public record PromptText(String version, String system, String user) {}

  /** e.g. {@code workout-llm-v1}: the prompt file's name and the version recorded per row. */
  public static String promptVersion(ScorerKind kind, ScoreTable table) {
    return table.name().toLowerCase(Locale.ROOT) + "-" + kind.cliName() + "-v" + VERSION;
  }

  public static PromptText build(LlmRequest request) {
    String version = promptVersion(request.kind(), request.table());
    return new PromptText(version, systemText(version), userText(request));
  }

  /** The user message: one sentence, then the data block. */
  public static String userText(LlmRequest request) {
    return "Here is the "
        + (request.table() == ScoreTable.WORKOUT ? "workout" : "nutrition day")
        + " as data.\n"
        + DATA_OPEN
        + "\n"
        + dataJson(request)
        + "\n"
        + DATA_CLOSE
        + "\n";
  }

  /**
   * The row's data: its id, table and task, then the deterministic card's analysis (the inputs and
   * intermediate values; for hybrid also the scores and explanations the text must agree with).
   */
  public static Map<String, Object> data(LlmRequest request) {
    ScoreCard card = request.deterministic();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rowId", request.rowId());
    data.put("table", request.table().name().toLowerCase(Locale.ROOT));
    data.put("task", request.kind().cliName());
    Map<String, Object> analysis = card.analysis() == null ? Map.of() : card.analysis();
    analysis.forEach(
        (key, value) -> {
          if (request.kind() == ScorerKind.HYBRID || !LLM_LEAVES_OUT.contains(key)) {
            data.putIfAbsent(key, value);
          }
        });
    if (request.kind() == ScorerKind.HYBRID) {
      Map<String, Object> scores = new LinkedHashMap<>();
      Map<String, Object> explanations = new LinkedHashMap<>();
      for (ScoreTable.Column column : request.table().columns()) {
        SubScore s =
            column.part().equals("overall") ? card.overall() : card.parts().get(column.part());
        scores.put(column.part(), s == null ? null : s.value());
        explanations.put(column.part(), s == null ? null : s.explanation());
      }
      data.put("scores", scores);
      data.put("explanations", explanations);
    }
    return data;
  }

  /** {@link #data} as JSON, with {@code <} and {@code >} escaped (they only occur in strings). */
  public static String dataJson(LlmRequest request) {
    return JsonMappers.writePlain(data(request)).replace("<", "\\u003c").replace(">", "\\u003e");
  }

  /** The follow-up message after an answer that did not validate. */
  public static String reAsk(String reason) {
    return "Your previous answer was not valid: "
        + reason
        + ". Answer again with one JSON object and nothing else, with exactly the fields the"
        + " instructions name; every score an integer from 1 to 10 and every explanation a"
        + " non-empty sentence.";
  }

  /**
   * The JSON schema of the answer (structured output): for llm an object per score column part with
   * an integer {@code score} 1..10 and an {@code explanation}, plus {@code analysis}; for hybrid
   * {@code analysis} alone. Every object closed and every field required (OpenAI's strict mode).
   */
  public static String outputSchema(ScorerKind kind, ScoreTable table) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (kind == ScorerKind.LLM) {
      for (ScoreTable.Column column : table.columns()) {
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("type", "integer");
        score.put("minimum", 1);
        score.put("maximum", 10);
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "object");
        Map<String, Object> partProperties = new LinkedHashMap<>();
        partProperties.put("score", score);
        partProperties.put("explanation", Map.of("type", "string"));
        part.put("properties", partProperties);
        part.put("required", java.util.List.of("score", "explanation"));
        part.put("additionalProperties", false);
        properties.put(column.part(), part);
      }
    }
    properties.put("analysis", Map.of("type", "string"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", java.util.List.copyOf(properties.keySet()));
    schema.put("additionalProperties", false);
    return JsonMappers.writePlain(schema);
  }

  static String systemText(String version) {
    return SYSTEM_TEXTS.computeIfAbsent(version, LlmPrompts::load);
  }

  private static String load(String version) {
    String path = "prompts/" + version + ".txt";
    try (InputStream in = LlmPrompts.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("prompt " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt " + path, e);
    }
  }
}
