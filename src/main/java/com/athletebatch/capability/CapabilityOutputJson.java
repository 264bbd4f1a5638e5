package com.athletebatch.capability;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.estimators.Caveat;
import com.athletebatch.capability.estimators.Rules;
import com.athletebatch.json.JsonMappers;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders one output as the {@code data} of its projections row, following capability_output.v1
 * (DOMAIN.md §2) field for field, plus {@code estimate.unit} and {@code diagnostics.unit}. Numbers
 * are rounded to 4 decimals; a non-finite number is written as null, never NaN.
 */
public final class CapabilityOutputJson {

  public static final String SCHEMA_VERSION = "capability_output.v1";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CapabilityOutputJson() {}

  /** key → data JSON text for all four outputs of a user. */
  public static Map<String, String> renderAll(UserEstimate u) {
    Map<String, String> out = new LinkedHashMap<>();
    u.outputs().forEach((k, o) -> out.put(k, toJson(o, u.timezone(), u.asOf())));
    return out;
  }

  public static String toJson(CapabilityOutput o, TimezoneContext tz, OffsetDateTime generatedAt) {
    return JsonMappers.MAPPER.writeValueAsString(render(o, tz, generatedAt));
  }

  public static ObjectNode render(
      CapabilityOutput o, TimezoneContext tz, OffsetDateTime generatedAt) {
    ObjectNode root = F.objectNode();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("capability", o.key());
    root.put("status", o.status().json());

    ObjectNode estimate = root.putObject("estimate");
    estimate.set("mean", number(o.mean()));
    estimate.putArray("interval").add(number(o.intervalLow())).add(number(o.intervalHigh()));
    estimate.put("unit", o.unit());

    root.set("confidence", number(o.confidence()));
    ObjectNode sufficiency = root.putObject("data_sufficiency");
    sufficiency.put("required_observations", o.requiredObservations());
    sufficiency.put("observed_observations", o.observedObservations());
    sufficiency.set("uncertainty_reason_codes", value(o.uncertaintyReasonCodes()));
    sufficiency.set("recommended_next_observations", value(o.recommendedNextObservations()));

    ArrayNode caveats = root.putArray("caveats");
    for (Caveat c : o.caveats()) {
      ObjectNode n = caveats.addObject();
      n.put("code", c.code());
      n.put("severity", c.severity());
      n.set("details", value(c.details()));
    }
    root.set("recommended_next_observations", value(o.recommendedNextObservations()));
    root.set("protocol_signature", value(o.protocolSignature()));
    ObjectNode comparability = root.putObject("comparability");
    comparability.put("groups_total", o.comparabilityGroups().size());
    comparability.set("groups", value(o.comparabilityGroups()));

    ObjectNode diagnostics = (ObjectNode) value(o.diagnostics());
    diagnostics.put("unit", o.unit());
    diagnostics.put("events_used", o.eventIdsUsed().size());
    root.set("diagnostics", diagnostics);
    root.put("model_version", Rules.MODEL_VERSION);
    root.put("generated_at", generatedAt.toString());
    ObjectNode tzNode = root.putObject("timezone_context");
    tzNode.put("timezone", tz.timezone());
    tzNode.put("source", tz.source());
    tzNode.put("assumed", tz.assumed());
    tzNode.put("assumption_disclosure", tz.assumptionDisclosure());
    return root;
  }

  /**
   * Maps, collections, numbers, strings, booleans, ids and times to JSON; anything else as text.
   */
  static JsonNode value(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof Map<?, ?> m) {
      // Insertion order when the map has one, else sorted: the same output renders the same text.
      Map<String, Object> ordered =
          m instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new TreeMap<>();
      m.forEach((k, x) -> ordered.put(String.valueOf(k), x));
      ObjectNode n = F.objectNode();
      ordered.forEach((k, x) -> n.set(k, value(x)));
      return n;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Integer || v instanceof Long) {
      return F.numberNode(((Number) v).longValue());
    }
    if (v instanceof Number num) {
      return number(num.doubleValue());
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof UUID || v instanceof TemporalAccessor || v instanceof CharSequence) {
      return F.stringNode(v.toString());
    }
    return F.stringNode(String.valueOf(v));
  }

  static JsonNode number(Double d) {
    if (d == null || !Double.isFinite(d)) {
      return F.nullNode();
    }
    // Beyond 1e12 rounding would overflow a long; such values are not rounded.
    return F.numberNode(Math.abs(d) < 1e12 ? Math.round(d * 10_000) / 10_000.0 : d);
  }
}
