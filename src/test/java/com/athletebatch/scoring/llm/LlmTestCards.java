package com.athletebatch.scoring.llm;

import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.SubScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deterministic cards shaped like the scorers' (inputs, intermediate, scores…), for requests. */
final class LlmTestCards {

  private LlmTestCards() {}

  static LlmRequest request(ScorerKind kind, ScoreTable table, String rowId) {
    return new LlmRequest(kind, table, rowId, card(table, rowId, "Easy spin"));
  }

  static ScoreCard card(ScoreTable table, String rowId, String freeText) {
    Map<String, SubScore> parts = new LinkedHashMap<>();
    Map<String, Object> scores = new LinkedHashMap<>();
    int value = 5;
    for (ScoreTable.Column column : table.columns()) {
      if (!column.part().equals("overall")) {
        parts.put(column.part(), new SubScore(value, column.part() + " is " + value + "/10."));
        scores.put(column.part(), value);
        value++;
      }
    }
    scores.put("overall", 7);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("id", rowId);
    inputs.put("userId", "u-1");
    Map<String, Object> intermediate = new LinkedHashMap<>();
    if (table == ScoreTable.WORKOUT) {
      inputs.put("type", "Ride");
      inputs.put("title", freeText);
      inputs.put("durationSec", 3600);
      inputs.put("normalizedPower", 210);
      intermediate.put("intensity", 0.84);
      intermediate.put("variabilityIndex", 1.04);
      intermediate.put("decoupling", 3.2);
    } else {
      inputs.put("calories", 2400);
      inputs.put("meals", Map.of("breakfast", Map.of("items", 2, "names", List.of(freeText))));
      intermediate.put("proteinShare", 0.22);
      intermediate.put("carbShare", 0.5);
      intermediate.put("fatShare", 0.28);
    }
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("scorer", table == ScoreTable.WORKOUT ? "workout-scorer" : "nutrition-scorer");
    analysis.put("scorerVersion", 1);
    analysis.put("inputs", inputs);
    analysis.put("intermediate", intermediate);
    analysis.put("scores", scores);
    analysis.put("weightedMean", 6.5);
    analysis.put("missing", List.of());
    return new ScoreCard(
        (String) analysis.get("scorer"),
        1,
        new SubScore(7, "Overall 7/10 is the weighted mean."),
        parts,
        "### deterministic summary",
        analysis);
  }
}
