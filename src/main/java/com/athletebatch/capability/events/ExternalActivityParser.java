package com.athletebatch.capability.events;

import static com.athletebatch.capability.events.JsonFields.array;
import static com.athletebatch.capability.events.JsonFields.object;
import static com.athletebatch.capability.events.JsonFields.text;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code external.activity_imported}: reads the nested {@code workout} and {@code sets[]} that
 * upstream's top-level reader misses. A workout's peak powers ({@code max_20min_power_w}, …) count
 * as efforts of their own duration. The workout and each set are checked separately, so one bad set
 * does not discard the rest of the import.
 */
final class ExternalActivityParser {

  private ExternalActivityParser() {}

  static void parse(ResolvedEvent e, Observations out) {
    JsonNode d = e.data();
    JsonNode session = object(d, "session");
    String tz = session == null ? null : text(session, "timezone");
    if (tz != null) {
      out.timezone = tz;
    }
    JsonNode workout = object(d, "workout");
    JsonNode sets = array(d, "sets");
    if (workout != null) {
      try {
        workout(e, d, workout, out);
      } catch (BadEventException ex) {
        out.issues.add(
            new EventIssue(e.source().event().id(), ex.code(), "workout: " + ex.getMessage()));
      }
    }
    for (int i = 0; sets != null && i < sets.size(); i++) {
      try {
        JsonNode set = sets.get(i);
        if (!set.isObject()) {
          throw new BadEventException(EventIssue.WRONG_TYPE, "set is not an object");
        }
        StrengthSet s = SetLoggedParser.strengthSet(e.source(), set);
        if (s != null) {
          out.strengthSets.add(s);
        }
      } catch (BadEventException ex) {
        out.issues.add(
            new EventIssue(
                e.source().event().id(), ex.code(), "sets[" + i + "]: " + ex.getMessage()));
      }
    }
  }

  private static void workout(ResolvedEvent e, JsonNode d, JsonNode w, Observations out) {
    String type = text(w, "workout_type");
    String sportText = text(w, "sport");
    String sport = Sports.normalise(sportText != null ? sportText : type);
    Double duration =
        Measures.duration(JsonFields.metric(w, "duration_seconds"), "workout.duration_seconds");
    Double distance =
        Measures.distance(JsonFields.metric(w, "distance_meters"), "workout.distance_meters");
    Measures.checkHeartRates(w);
    Double power = Measures.meanPower(w);
    Double np = Measures.normalizedPower(w);
    Double speed = duration != null && distance != null ? distance / duration : null;
    Measures.speed(speed, sport);
    List<Double> stream = speedStream(e, d, w, sport, out);
    ThresholdReference ref =
        SessionLoggedParser.reference(e.source(), sport, object(w, "relative_intensity"));

    List<Measures.PeakPower> peaks = Measures.peakPowers(w);
    for (Measures.PeakPower p : peaks) {
      if (duration != null && p.durationS() > duration) {
        throw new BadEventException(
            EventIssue.IMPLAUSIBLE_VALUE,
            p.field()
                + " covers "
                + p.durationS()
                + " s, longer than the workout ("
                + duration
                + " s)");
      }
    }

    boolean sprint = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("sprint");
    if (sprint && duration != null && distance != null) {
      out.sprintEfforts.add(new SprintEffort(e.source(), distance, duration, null, null));
    } else if (duration != null && (power != null || np != null || speed != null)) {
      out.enduranceEfforts.add(
          new EnduranceEffort(
              e.source(),
              sport,
              duration,
              distance,
              speed,
              power != null ? power : np,
              power == null && np != null));
    }
    for (Measures.PeakPower p : peaks) {
      out.enduranceEfforts.add(
          new EnduranceEffort(e.source(), sport, p.durationS(), null, null, p.watts(), false));
    }
    if (!stream.isEmpty()) {
      out.sprintEfforts.add(new SprintEffort(e.source(), null, null, null, stream));
    }
    if (ref != null) {
      out.thresholdReferences.add(ref);
    }
  }

  /**
   * A GPS speed stream (m/s) of a foot sport: workout.streams.speed, workout.speed_stream,
   * workout.gps_speed_m_s or streams.speed. Implausible samples are dropped with an issue.
   */
  private static List<Double> speedStream(
      ResolvedEvent e, JsonNode d, JsonNode w, String sport, Observations out) {
    if (Sports.CYCLING.equals(sport)) {
      return List.of(); // bikes are faster than runners: their speed is no sprint
    }
    Measures.SpeedStream stream = Measures.speedStream(List.of(w, d));
    stream.reportDropped(e.source().event().id(), out);
    return stream.samples();
  }
}
