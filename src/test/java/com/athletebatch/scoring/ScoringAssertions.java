package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.core.ScoreCard;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** Checks every scorer output must pass, whatever the input. */
public final class ScoringAssertions {

  private static final ObjectMapper JSON = JsonMappers.MAPPER;

  private ScoringAssertions() {}

  /** Scores within 1..10, one-sentence explanations, JSON-safe analysis with the required keys. */
  public static void assertWellFormed(ScoreCard card, List<String> partNames) {
    assertThat(card.overall().value()).isBetween(1, 10);
    assertOneSentence(card.overall().explanation());
    assertThat(card.parts().keySet()).containsExactlyElementsOf(partNames);
    card.parts()
        .values()
        .forEach(
            p -> {
              if (p.present()) {
                assertThat(p.value()).isBetween(1, 10);
              }
              assertOneSentence(p.explanation());
            });
    assertThat(card.summaryMarkdown()).startsWith("### ");
    assertThat(card.summaryMarkdown().lines().filter(l -> l.startsWith("- ")).count())
        .isEqualTo(partNames.size() + 1);
    assertThat(card.analysis())
        .containsKeys(
            "scorer", "scorerVersion", "inputs", "intermediate", "scores", "weights", "missing");
    assertJsonSafe(card.analysis(), "analysis");
    try {
      JSON.writeValueAsString(card.analysis());
    } catch (Exception e) {
      fail("analysis not serialisable", e);
    }
  }

  /** Ends with one full stop; no sentence break (". " + capital) inside. */
  public static void assertOneSentence(String s) {
    assertThat(s).endsWith(".");
    assertThat(s.substring(0, s.length() - 1)).doesNotContainPattern("[.!?]\\s+[A-Z]");
    assertThat(s).doesNotContain("\n");
  }

  public static void assertJsonSafe(Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long) {
      return;
    }
    if (value instanceof Double d) {
      assertThat(Double.isFinite(d)).as(path + " finite").isTrue();
      return;
    }
    if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            assertThat(k).as(path + " key").isInstanceOf(String.class);
            assertJsonSafe(v, path + "." + k);
          });
      return;
    }
    if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        assertJsonSafe(l.get(i), path + "[" + i + "]");
      }
      return;
    }
    fail(path + " is not JSON-safe: " + value.getClass());
  }
}
