package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.json.JsonMappers;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every leaf of every reference example replaced, one at a time, by a hostile value: the facade
 * must neither throw nor write NaN/Infinity (as numbers; a logged string "NaN" may be quoted in a
 * reason). (Guards "one bad event never fails a user".)
 */
class MutatedExamplesTest {

  private static final ObjectMapper MAPPER = JsonMappers.MAPPER;
  private static final List<String> HOSTILE =
      List.of(
          "\"abc\"",
          "-1",
          "0",
          "null",
          "[]",
          "{}",
          "1e308",
          "\"NaN\"",
          "\"Infinity\"",
          "true",
          "99999999999",
          "\"8,5\"");

  @Test
  void no_mutation_of_any_example_throws() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/kura-event-examples.json")) {
      root = MAPPER.readTree(in);
    }
    CapabilityEstimator estimator = new CapabilityEstimator();
    int runs = 0;
    for (Map.Entry<String, JsonNode> type : root.properties()) {
      if (type.getKey().startsWith("_")) {
        continue;
      }
      for (JsonNode example : type.getValue()) {
        JsonNode data = example.get("data");
        for (String path : leafPaths(data, "")) {
          for (String hostile : HOSTILE) {
            ObjectNode copy = (ObjectNode) data.deepCopy();
            replace(copy, path, MAPPER.readTree(hostile));
            TestEvents ev = TestEvents.user();
            ev.add(type.getKey(), MAPPER.writeValueAsString(copy));
            ev.add(
                "set.corrected",
                "{\"target_event_id\":\""
                    + ev.list().get(0).id()
                    + "\",\"changed_fields\":{\"reps\":"
                    + hostile
                    + "}}");
            UserEstimate u = estimator.estimateUser(TestEvents.USER, ev.list(), TestEvents.AS_OF);
            assertThat(u.outputs()).hasSize(4);
            for (String json : CapabilityOutputJson.renderAll(u).values()) {
              assertStrictJson(json);
            }
            runs++;
          }
        }
      }
    }
    assertThat(runs).isGreaterThan(1000);
  }

  /** Jackson's default parser rejects NaN/Infinity tokens, so parsing proves none were written. */
  static void assertStrictJson(String json) throws Exception {
    assertThat(MAPPER.readTree(json).isObject()).isTrue();
  }

  private static List<String> leafPaths(JsonNode n, String prefix) {
    List<String> paths = new ArrayList<>();
    if (n.isObject()) {
      n.propertyNames().forEach(f -> paths.addAll(leafPaths(n.get(f), prefix + "/" + f)));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        paths.addAll(leafPaths(n.get(i), prefix + "/" + i));
      }
    } else {
      paths.add(prefix);
    }
    return paths;
  }

  private static void replace(JsonNode root, String path, JsonNode value) {
    int cut = path.lastIndexOf('/');
    JsonNode parent = root.at(path.substring(0, cut));
    String last = path.substring(cut + 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), value);
    }
  }
}
