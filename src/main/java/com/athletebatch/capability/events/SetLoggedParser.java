package com.athletebatch.capability.events;

import static com.athletebatch.capability.events.JsonFields.object;
import static com.athletebatch.capability.events.JsonFields.text;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code set.logged} (and the sets[] of an imported activity) → strength set, plus a jump if
 * measured.
 */
final class SetLoggedParser {

  private SetLoggedParser() {}

  static void parse(ResolvedEvent e, Observations out) {
    JsonNode d = e.data();
    StrengthSet set = strengthSet(e.source(), d);
    JumpMeasurement jump = jump(e.source(), d, e.source().event().id().toString());
    if (set != null) {
      out.strengthSets.add(set);
    }
    if (jump != null) {
      out.jumps.add(jump);
    }
  }

  /** A strength set from a flat set object, or null when it logs neither load nor reps. */
  static StrengthSet strengthSet(Source src, JsonNode d) {
    String id = text(d, "exercise_id");
    String name = text(d, "exercise");
    String key = Sports.exerciseKey(id, name);
    Double weight =
        Measures.load(JsonFields.number(d, "weight_kg"), key + " " + (name == null ? "" : name));
    Integer reps = JsonFields.positiveInt(d, "reps", Plausibility.MAX_REPS);
    Double rpe = Measures.rpe(JsonFields.number(d, "rpe"));
    Double rir = Measures.rir(JsonFields.number(d, "rir"));
    String setType = text(d, "set_type");
    JsonNode loadContext = object(d, "load_context");
    String group = loadContext == null ? null : text(loadContext, "comparability_group");
    if (weight == null && reps == null) {
      return null;
    }
    return new StrengthSet(src, key, weight, reps, rpe, rir, setType, group);
  }

  /** A jump measurement from any of the nodes, or null when none carries one. */
  static JumpMeasurement jump(Source src, JsonNode d, String sessionKey) {
    return jump(src, List.of(d), sessionKey, null);
  }

  static JumpMeasurement jump(
      Source src, List<JsonNode> nodes, String sessionKey, Double anchorCm) {
    Double h = Measures.jumpHeight(anchorCm, "intensity_anchors cm");
    Double t = null, v = null;
    for (JsonNode n : nodes) {
      h = h != null ? h : Measures.jumpHeightCm(n);
      t = t != null ? t : Measures.flightTimeS(n);
      v = v != null ? v : Measures.takeoffVelocity(n);
    }
    return h == null && t == null && v == null
        ? null
        : new JumpMeasurement(src, sessionKey, h, t, v);
  }
}
