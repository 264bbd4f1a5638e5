package com.athletebatch.capability.events;

import com.athletebatch.json.JsonMappers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an event's {@code data} with Jackson's streaming parser into a tree of only the top-level
 * fields the parsers of its type read ({@link #READ}); the parser skips the others' values without
 * building nodes for them. Profiling (issue 17) found {@code readTree} of every event's whole JSON
 * to be a quarter of the estimation's CPU.
 *
 * <p>It gives the same answers as {@code MAPPER.readTree} followed by the parsers, because it
 * returns {@code null} ("read it the old way") for everything but a well-formed object of plain
 * values: malformed JSON, a root that is not an object, a duplicate key in what it keeps, an
 * integer beyond {@code long}, a non-finite double. Then {@link EventResolver} reads the event with
 * {@code readTree}, which reports the issue with its usual message. The nodes it builds are the
 * ones {@code readTree} builds (the mapper's node factory, ints as int nodes, longs as long nodes,
 * floats as doubles, nulls kept); {@code EventDataReaderTest} compares both on generated and
 * mutated events.
 *
 * <p>A field added to a parser of a type must be added to {@link #READ} for that type.
 */
final class EventDataReader {

  private static final JsonNodeFactory NODES = JsonMappers.MAPPER.getNodeFactory();

  /** The top-level fields each event type's parser reads; other types need none. */
  static final Map<String, Set<String>> READ =
      Map.of(
          EventTypes.SET_LOGGED, setLogged(),
          EventTypes.SESSION_LOGGED, Set.of("session_meta", "session_type", "blocks"),
          // the workout, its sets, the session's timezone, and a speed stream on the event itself
          // (Measures.speedStream over the workout and the event)
          EventTypes.EXTERNAL_ACTIVITY,
              Set.of("session", "workout", "sets", "streams", "speed_stream", "gps_speed_m_s"),
          EventTypes.BODYWEIGHT_LOGGED, Set.of("weight_kg"),
          EventTypes.RETRACTED, Set.of("retracted_event_id"),
          EventTypes.SET_CORRECTED, Set.of("target_event_id", "changed_fields"));

  private EventDataReader() {}

  /**
   * The event's data, with only the fields its type's parser reads, or null when the event must be
   * read with {@code readTree} (see the class comment).
   */
  static ObjectNode read(String json, String eventType) {
    Set<String> keep = READ.getOrDefault(eventType, Set.of());
    try (JsonParser p = JsonMappers.MAPPER.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode root = NODES.objectNode();
      JsonToken t = p.nextToken();
      for (; t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (keep.contains(name)) {
          JsonNode node = value(p, v);
          if (node == null || root.has(name)) {
            return null;
          }
          root.set(name, node);
        } else {
          p.skipChildren(); // still tokenized, so malformed JSON anywhere is still found
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return null;
      }
      // Content after the object is not read, as readTree does with FAIL_ON_TRAILING_TOKENS off.
      return root;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The node readTree builds for the value at the current token, or null to give up. */
  private static JsonNode value(JsonParser p, JsonToken t) {
    if (t == null) {
      return null;
    }
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        JsonToken k = p.nextToken();
        for (; k == JsonToken.PROPERTY_NAME; k = p.nextToken()) {
          String name = p.currentName();
          JsonNode v = value(p, p.nextToken());
          if (v == null || o.has(name)) {
            return null;
          }
          o.set(name, v);
        }
        return k == JsonToken.END_OBJECT ? o : null;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
          // k is null only at the end of the input, which the parser reports first
          JsonNode v = value(p, k);
          if (v == null) {
            return null;
          }
          a.add(v);
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.stringNode(p.getString());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> null;
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? NODES.numberNode(d) : null;
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return null;
      }
    }
  }

  private static Set<String> setLogged() {
    Set<String> s =
        new HashSet<>(
            List.of(
                "exercise_id",
                "exercise",
                "weight_kg",
                "reps",
                "rpe",
                "rir",
                "set_type",
                "load_context",
                Measures.FLIGHT_TIME_MS));
    s.addAll(List.of(Measures.JUMP_CM));
    s.addAll(List.of(Measures.JUMP_IN));
    s.addAll(List.of(Measures.FLIGHT_TIME_S));
    s.addAll(List.of(Measures.TAKEOFF_VELOCITY));
    return Set.copyOf(s);
  }
}
