package com.athletebatch.capability.events;

import static com.athletebatch.capability.events.JsonFields.array;
import static com.athletebatch.capability.events.JsonFields.firstMetric;
import static com.athletebatch.capability.events.JsonFields.object;
import static com.athletebatch.capability.events.JsonFields.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code session.logged} → one observation per block repeat. A bad block is left out with an issue;
 * the session's other blocks still count. Also reads the legacy raw shape {@code
 * {session_type:"sprint", blocks:[{block_type:"performance", distance_meters, duration_seconds}]}}.
 */
final class SessionLoggedParser {

  private static final Set<String> STRENGTH = Set.of("strength_set", "strength");
  private static final Set<String> JUMP =
      Set.of("plyometric_reactive", "jump", "vertical_jump", "cmj");
  private static final Set<String> SPRINT =
      Set.of("sprint_accel_maxv", "sprint", "speed_endurance", "performance");
  private static final Set<String> ENDURANCE =
      Set.of("interval_endurance", "continuous_endurance", "tempo_threshold", "endurance");

  /** Known kura block types that carry no capability measure: ignored without an issue. */
  private static final Set<String> NO_MEASURE =
      Set.of("circuit_hybrid", "technique_coordination", "recovery_session");

  private SessionLoggedParser() {}

  /** What one session says about all its blocks. */
  private record Session(Source source, String sport, String sessionKey) {}

  static void parse(ResolvedEvent e, Observations out) {
    JsonNode d = e.data();
    JsonNode meta = object(d, "session_meta");
    String sportText = meta == null ? null : text(meta, "sport");
    String sport = Sports.normalise(sportText != null ? sportText : text(d, "session_type"));
    String sessionId = meta == null ? null : text(meta, "session_id");
    String tz = meta == null ? null : text(meta, "timezone");
    if (tz != null) {
      out.timezone = tz;
    }
    Session s =
        new Session(
            e.source(), sport, sessionId != null ? sessionId : e.source().event().id().toString());
    JsonNode blocks = array(d, "blocks");
    if (blocks == null) {
      return;
    }
    for (int i = 0; i < blocks.size(); i++) {
      try {
        block(s, blocks.get(i), out);
      } catch (BadEventException ex) {
        out.issues.add(
            new EventIssue(
                e.source().event().id(), ex.code(), "blocks[" + i + "]: " + ex.getMessage()));
      }
    }
  }

  private static void block(Session s, JsonNode b, Observations out) {
    if (!b.isObject()) {
      throw new BadEventException(EventIssue.WRONG_TYPE, "block is not an object");
    }
    String type = text(b, "block_type");
    JsonNode dose = object(b, "dose");
    JsonNode work = dose == null ? null : object(dose, "work");
    Integer repeats = JsonFields.positiveInt(dose, "repeats", Plausibility.MAX_REPEATS);
    if (repeats == null) {
      repeats = JsonFields.positiveInt(work, "repeats", Plausibility.MAX_REPEATS);
    }
    int n = repeats == null ? 1 : repeats;
    JsonNode metrics = object(b, "metrics");
    List<JsonNode> where = nodes(work, b, metrics);
    Measures.checkHeartRates(b, metrics);
    Measures.Anchors anchors = Measures.Anchors.read(b);
    if (type != null && STRENGTH.contains(type)) {
      strength(s, b, where, anchors, n, out);
    } else if (type != null && JUMP.contains(type)) {
      jump(s, where, anchors, n, out);
    } else if (type != null && SPRINT.contains(type)) {
      sprint(s, b, where, metrics, n, out);
    } else if (type != null && ENDURANCE.contains(type)) {
      endurance(s, b, where, anchors, n, out);
    } else if ("explosive_power".equals(type)) {
      // Jumps or loaded power work: read whichever is measured.
      jump(s, where, anchors, n, out);
      if (anchors.loadKg() != null) {
        strength(s, b, where, anchors, n, out);
      }
    } else if (type == null || !NO_MEASURE.contains(type)) {
      throw new BadEventException(
          EventIssue.UNKNOWN_BLOCK_TYPE,
          "unknown block_type " + (type == null ? "(missing)" : "\"" + type + "\""));
    }
  }

  private static void strength(
      Session s, JsonNode b, List<JsonNode> where, Measures.Anchors a, int n, Observations out) {
    String key = Sports.exerciseKey(text(b, "exercise_id"), text(b, "exercise"));
    Integer reps = null;
    for (JsonNode node : where) {
      reps = reps != null ? reps : JsonFields.positiveInt(node, "reps", Plausibility.MAX_REPS);
    }
    Double load =
        Measures.load(a.loadKg() != null ? a.loadKg() : firstMetricIn(where, "weight_kg"), key);
    Double rpe = Measures.rpe(a.rpe() != null ? a.rpe() : JsonFields.number(b, "rpe"));
    Double rir = Measures.rir(a.rir() != null ? a.rir() : JsonFields.number(b, "rir"));
    JsonNode lc = object(b, "load_context");
    String group = lc == null ? null : text(lc, "comparability_group");
    StrengthSet set =
        new StrengthSet(s.source(), key, load, reps, rpe, rir, text(b, "set_type"), group);
    for (int i = 0; i < n; i++) {
      out.strengthSets.add(set);
    }
  }

  private static void jump(
      Session s, List<JsonNode> where, Measures.Anchors a, int n, Observations out) {
    JumpMeasurement j = SetLoggedParser.jump(s.source(), where, s.sessionKey(), a.jumpCm());
    for (int i = 0; j != null && i < n; i++) {
      out.jumps.add(j);
    }
  }

  private static void sprint(
      Session s, JsonNode b, List<JsonNode> where, JsonNode metrics, int n, Observations out) {
    Double distance =
        Measures.distance(firstMetricIn(where, "distance_meters", "distance_m"), "distance_meters");
    Double time =
        Measures.duration(
            firstMetricIn(where, "duration_seconds", "time_seconds", "sprint_time_seconds"),
            "duration_seconds");
    if (distance != null && time != null) {
      Measures.speed(distance / time, Sports.RUNNING);
    }
    List<SprintEffort.Split> splits =
        splits(array(b, "splits") != null ? array(b, "splits") : array(metrics, "splits"));
    if (splits.isEmpty()) {
      splits = parallelSplits(nodes(b, metrics));
    }
    Measures.SpeedStream stream = Measures.speedStream(nodes(b, metrics));
    stream.reportDropped(s.source().event().id(), out);
    if (splits.isEmpty() && stream.samples().isEmpty() && (distance == null || time == null)) {
      return; // planned or untimed sprints: nothing to estimate from
    }
    SprintEffort effort = new SprintEffort(s.source(), distance, time, splits, stream.samples());
    for (int i = 0; i < n; i++) {
      out.sprintEfforts.add(effort);
    }
  }

  /**
   * Cumulative splits [{distance_meters, time_seconds}], strictly increasing, each segment ≤ 12.5
   * m/s. A sprint block may also carry them as parallel arrays ({@link #parallelSplits}) and a GPS
   * speed stream ({@link Measures#speedStream}), on the block or in its metrics.
   */
  static List<SprintEffort.Split> splits(JsonNode arr) {
    List<Double> distances = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    for (int i = 0; arr != null && i < arr.size(); i++) {
      JsonNode sp = arr.get(i);
      distances.add(
          Measures.distance(
              JsonFields.number(sp, "distance_meters"), "splits[" + i + "].distance_meters"));
      times.add(
          Measures.duration(
              firstMetric(sp, "time_seconds", "elapsed_seconds", "duration_seconds"),
              "splits[" + i + "].time_seconds"));
    }
    return cumulative(distances, times);
  }

  /**
   * Cumulative splits as two parallel arrays, {@code split_distances_m} and {@code split_times_s}
   * (or {@code _meters} / {@code _seconds}), in the first node that has either.
   */
  static List<SprintEffort.Split> parallelSplits(List<JsonNode> nodes) {
    for (JsonNode node : nodes) {
      JsonNode d =
          array(node, "split_distances_m") != null
              ? array(node, "split_distances_m")
              : array(node, "split_distances_meters");
      JsonNode t =
          array(node, "split_times_s") != null
              ? array(node, "split_times_s")
              : array(node, "split_times_seconds");
      if (d == null && t == null) {
        continue;
      }
      if (d == null || t == null || d.size() != t.size()) {
        throw new BadEventException(
            EventIssue.IMPLAUSIBLE_VALUE,
            "split distances and split times do not pair up ("
                + (d == null ? "none" : d.size())
                + " distances, "
                + (t == null ? "none" : t.size())
                + " times)");
      }
      List<Double> distances = new ArrayList<>();
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < d.size(); i++) {
        distances.add(
            Measures.distance(
                JsonFields.toNumber(d.get(i), "split_distances[" + i + "]"),
                "split_distances[" + i + "]"));
        times.add(
            Measures.duration(
                JsonFields.toNumber(t.get(i), "split_times[" + i + "]"), "split_times[" + i + "]"));
      }
      return cumulative(distances, times);
    }
    return List.of();
  }

  private static List<SprintEffort.Split> cumulative(List<Double> distances, List<Double> times) {
    List<SprintEffort.Split> splits = new ArrayList<>();
    double prevD = 0, prevT = 0;
    for (int i = 0; i < distances.size(); i++) {
      Double d = distances.get(i), t = times.get(i);
      if (d == null || t == null || d <= prevD || t <= prevT) {
        throw new BadEventException(
            EventIssue.IMPLAUSIBLE_VALUE, "splits[" + i + "] missing or not increasing");
      }
      Measures.speed((d - prevD) / (t - prevT), Sports.RUNNING);
      splits.add(new SprintEffort.Split(d, t));
      prevD = d;
      prevT = t;
    }
    return splits;
  }

  private static void endurance(
      Session s, JsonNode b, List<JsonNode> where, Measures.Anchors a, int n, Observations out) {
    // A pace anchor in min/km or min/mile means a foot sport even in a "hybrid" session.
    String sport = a.pace() && !Sports.CYCLING.equals(s.sport()) ? Sports.RUNNING : s.sport();
    Double duration =
        Measures.duration(firstMetricIn(where, "duration_seconds"), "duration_seconds");
    Double distance = Measures.distance(firstMetricIn(where, "distance_meters"), "distance_meters");
    Double speed = a.speedMps();
    if (speed == null && duration != null && distance != null) {
      speed = distance / duration;
    }
    if (duration == null && distance != null && speed != null && speed > 0) {
      duration = distance / speed;
    }
    Measures.speed(speed, sport);
    Double power = Measures.power(a.powerW(), "intensity_anchors W");
    for (JsonNode node : where) {
      power = power != null ? power : Measures.meanPower(node);
    }
    ThresholdReference ref = reference(s.source(), sport, object(b, "relative_intensity"));
    if (ref != null) {
      out.thresholdReferences.add(ref);
    }
    if (duration == null || (speed == null && power == null)) {
      return;
    }
    EnduranceEffort effort =
        new EnduranceEffort(s.source(), sport, duration, distance, speed, power, false);
    for (int i = 0; i < n; i++) {
      out.enduranceEfforts.add(effort);
    }
  }

  /** relative_intensity with a critical_speed / critical_power / ftp reference_value. */
  static ThresholdReference reference(Source src, String sport, JsonNode ri) {
    if (ri == null) {
      return null;
    }
    String type = text(ri, "reference_type");
    Double value = JsonFields.nonNegative(ri, "reference_value");
    if (type == null || value == null || value == 0) {
      return null;
    }
    return switch (type) {
      case "critical_speed" ->
          new ThresholdReference(
              src,
              sport == null ? Sports.RUNNING : sport,
              type,
              Measures.speed(value, sport),
              "m/s");
      case "critical_power", "ftp" ->
          new ThresholdReference(src, sport, type, Measures.power(value, "reference_value"), "W");
      default -> null; // e1rm, mss, jump_height, custom: not a threshold
    };
  }

  static Double firstMetricIn(List<JsonNode> nodes, String... fields) {
    for (JsonNode n : nodes) {
      Double v = firstMetric(n, fields);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  static List<JsonNode> nodes(JsonNode... nodes) {
    return Arrays.stream(nodes).filter(Objects::nonNull).toList();
  }
}
