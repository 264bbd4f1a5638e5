package com.athletebatch.capability.events;

import com.athletebatch.json.JsonMappers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses one user's events and applies {@code event.retracted} and {@code set.corrected}, leaving
 * the events that stand, with their corrected data, in the original (timestamp, id) order.
 */
public final class EventResolver {

  /** What the estimators get, and what was set aside. */
  public record Resolution(
      List<ResolvedEvent> events, List<EventIssue> issues, int retracted, int correctionsApplied) {}

  private record Parsed(EventRef ref, String type, ObjectNode data, List<EventRef> corrections) {}

  public Resolution resolve(List<CapabilityEvent> eventsInOrder) {
    List<EventIssue> issues = new ArrayList<>();
    Map<UUID, Parsed> byId = new LinkedHashMap<>();
    int seq = 0;
    for (CapabilityEvent e : eventsInOrder) {
      EventRef ref = new EventRef(e.id(), e.timestamp(), seq++);
      byId.putIfAbsent(e.id(), new Parsed(ref, e.eventType(), parse(e, issues), new ArrayList<>()));
    }
    Set<UUID> retracted = retractedIds(byId.values(), issues);
    int applied = 0;
    // Input order is timestamp order, so corrections of one target are applied oldest first.
    for (Parsed p : byId.values()) {
      if (EventTypes.SET_CORRECTED.equals(p.type())
          && p.data() != null
          && !retracted.contains(p.ref().id())) {
        applied += applyCorrection(p, byId, retracted, issues) ? 1 : 0;
      }
    }
    List<ResolvedEvent> standing = new ArrayList<>();
    int retractedCount = 0;
    for (Parsed p : byId.values()) {
      if (retracted.contains(p.ref().id())) {
        retractedCount++;
      } else if (p.data() != null
          && !EventTypes.SET_CORRECTED.equals(p.type())
          && !EventTypes.RETRACTED.equals(p.type())) {
        standing.add(new ResolvedEvent(new Source(p.ref(), p.corrections()), p.type(), p.data()));
      }
    }
    return new Resolution(standing, issues, retractedCount, applied);
  }

  /** The event's data as a JSON object, or null with an issue (malformed or not an object). */
  private static ObjectNode parse(CapabilityEvent e, List<EventIssue> issues) {
    if (e.dataJson() == null || e.dataJson().isBlank()) {
      issues.add(new EventIssue(e.id(), EventIssue.MALFORMED_JSON, "data is empty"));
      return null;
    }
    JsonNode node;
    try {
      node = JsonMappers.MAPPER.readTree(e.dataJson());
    } catch (JacksonException ex) {
      issues.add(
          new EventIssue(
              e.id(),
              EventIssue.MALFORMED_JSON,
              "data is not valid JSON: " + ex.getOriginalMessage()));
      return null;
    }
    if (node == null || !node.isObject()) {
      String type =
          node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
      issues.add(
          new EventIssue(
              e.id(), EventIssue.WRONG_JSON_TYPE, "data is " + type + ", expected an object"));
      return null;
    }
    return (ObjectNode) node;
  }

  /** Retractions apply regardless of order: a retraction may precede what it names. */
  private static Set<UUID> retractedIds(Iterable<Parsed> events, List<EventIssue> issues) {
    Set<UUID> ids = new HashSet<>();
    for (Parsed p : events) {
      if (!EventTypes.RETRACTED.equals(p.type()) || p.data() == null) {
        continue;
      }
      UUID target = uuid(p.data().get("retracted_event_id"));
      if (target == null) {
        issues.add(
            new EventIssue(
                p.ref().id(),
                EventIssue.INVALID_RETRACTION,
                "retracted_event_id missing or not a UUID"));
      } else {
        ids.add(target);
      }
    }
    return ids;
  }

  private static boolean applyCorrection(
      Parsed c, Map<UUID, Parsed> byId, Set<UUID> retracted, List<EventIssue> issues) {
    UUID id = c.ref().id();
    UUID targetId = uuid(c.data().get("target_event_id"));
    JsonNode changed = c.data().get("changed_fields");
    if (targetId == null) {
      issues.add(
          new EventIssue(
              id, EventIssue.INVALID_CORRECTION, "target_event_id missing or not a UUID"));
      return false;
    }
    if (changed == null || !changed.isObject() || changed.isEmpty()) {
      issues.add(
          new EventIssue(
              id, EventIssue.INVALID_CORRECTION, "changed_fields missing, empty or not an object"));
      return false;
    }
    Parsed target = byId.get(targetId);
    if (retracted.contains(targetId)) {
      issues.add(
          new EventIssue(
              id, EventIssue.CORRECTION_TARGET_RETRACTED, "target " + targetId + " was retracted"));
      return false;
    }
    if (target == null) {
      issues.add(
          new EventIssue(
              id, EventIssue.CORRECTION_TARGET_MISSING, "target " + targetId + " not found"));
      return false;
    }
    if (target.data() == null
        || EventTypes.SET_CORRECTED.equals(target.type())
        || EventTypes.RETRACTED.equals(target.type())) {
      issues.add(
          new EventIssue(
              id,
              EventIssue.INVALID_CORRECTION,
              "target " + targetId + " is unreadable or not correctable"));
      return false;
    }
    for (Map.Entry<String, JsonNode> f : changed.properties()) {
      target.data().set(f.getKey(), newValue(f.getValue()));
    }
    target.corrections().add(c.ref());
    return true;
  }

  /** changed_fields values: plain, {value, repair_provenance} or {from, to}. */
  static JsonNode newValue(JsonNode v) {
    if (v.isObject() && v.has("value")) {
      return v.get("value");
    }
    if (v.isObject() && v.has("to")) {
      return v.get("to");
    }
    return v;
  }

  private static UUID uuid(JsonNode v) {
    if (v == null || !v.isString()) {
      return null;
    }
    try {
      return UUID.fromString(v.stringValue().trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
