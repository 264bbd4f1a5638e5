package com.athletebatch.capability.events;

import static com.athletebatch.capability.events.JsonFields.firstMetric;
import static com.athletebatch.capability.events.JsonFields.inRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads physical measures wherever a payload puts them (block, dose.work, metrics, intensity
 * anchors, workout) and applies the plausibility table. Every method throws {@link
 * BadEventException} for an impossible value.
 */
final class Measures {

  static final double LB_TO_KG = 0.45359237;
  static final double INCH_TO_CM = 2.54;
  static final double MILE_M = 1609.344;

  /** Bikes legitimately exceed the running limit; only gross import errors are rejected. */
  static final double MAX_CYCLING_SPEED_MPS = 35;

  static final double G = 9.81;

  private Measures() {}

  /** Values read from an intensity_anchors array; anchors not measured are skipped. */
  record Anchors(
      Double loadKg,
      Double rpe,
      Double rir,
      Double speedMps,
      Double powerW,
      Double jumpCm,
      boolean pace) {

    static final Anchors NONE = new Anchors(null, null, null, null, null, null, false);

    static Anchors read(JsonNode block) {
      JsonNode arr = JsonFields.array(block, "intensity_anchors");
      if (arr == null) {
        return NONE;
      }
      Double load = null, rpe = null, rir = null, speed = null, power = null, jump = null;
      boolean pace = false;
      for (int i = 0; i < arr.size(); i++) {
        JsonNode a = arr.get(i);
        String state = a.isObject() ? JsonFields.text(a, "measurement_state") : null;
        if (!a.isObject() || "not_measured".equals(state) || "not_applicable".equals(state)) {
          continue;
        }
        Double v = JsonFields.number(a, "value");
        String unit = JsonFields.text(a, "unit");
        if (v == null || unit == null) {
          continue;
        }
        if (v < 0) {
          throw new BadEventException(
              EventIssue.NEGATIVE_VALUE, "intensity_anchors[" + i + "] value is negative: " + v);
        }
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "kg" -> load = v;
          case "lb", "lbs" -> load = v * LB_TO_KG;
          case "rpe" -> rpe = v;
          case "rir" -> rir = v;
          case "min_per_km" -> {
            speed = paceToSpeed(v, 1000);
            pace = true;
          }
          case "min_per_mile" -> {
            speed = paceToSpeed(v, MILE_M);
            pace = true;
          }
          case "m_per_s", "m/s", "mps" -> speed = v;
          case "km_per_h", "km/h", "kph" -> speed = v / 3.6;
          case "w", "watt", "watts" -> power = v;
          case "cm" -> jump = v;
          case "in", "inch", "inches" -> jump = v * INCH_TO_CM;
          case "bpm" -> heartRate(v, "intensity_anchors[" + i + "] bpm");
          // scales that carry no capability measure
          case "borg_cr10", "borg", "percent_max_effort", "percent", "%", "pct" -> {}
          // an unknown unit may hide a mis-scaled load or speed: the block is not used
          default ->
              throw new BadEventException(
                  EventIssue.UNKNOWN_UNIT,
                  "intensity_anchors[" + i + "] has the unknown unit '" + unit + "'");
        }
      }
      return new Anchors(load, rpe, rir, speed, power, jump, pace);
    }
  }

  static double paceToSpeed(double minutesPer, double metres) {
    if (minutesPer <= 0) {
      throw new BadEventException(
          EventIssue.IMPLAUSIBLE_VALUE, "pace must be > 0, was " + minutesPer);
    }
    return metres / (minutesPer * 60);
  }

  static Double rpe(Double v) {
    return inRange(v, "rpe", Plausibility.MIN_RPE, Plausibility.MAX_RPE);
  }

  static Double rir(Double v) {
    return inRange(v, "rir", Plausibility.MIN_RIR, Plausibility.MAX_RIR);
  }

  static Double load(Double kg, String exercise) {
    if (kg == null) {
      return null;
    }
    if (kg < 0) {
      throw new BadEventException(EventIssue.NEGATIVE_VALUE, "weight_kg is negative: " + kg);
    }
    double max = Plausibility.maxLoadKg(exercise);
    if (kg > max) {
      throw new BadEventException(
          EventIssue.IMPLAUSIBLE_VALUE,
          "weight_kg " + kg + " above the world record (" + max + " kg) for " + exercise);
    }
    return kg;
  }

  static Double speed(Double mps, String sport) {
    double max = Sports.CYCLING.equals(sport) ? MAX_CYCLING_SPEED_MPS : Plausibility.MAX_SPEED_MPS;
    if (mps != null && mps > max) {
      throw new BadEventException(
          EventIssue.IMPLAUSIBLE_VALUE,
          String.format(Locale.ROOT, "speed %.2f m/s above %.1f m/s", mps, max));
    }
    return mps;
  }

  static Double power(Double w, String field) {
    return inRange(w, field, 0, Plausibility.MAX_POWER_W);
  }

  static Double heartRate(Double bpm, String field) {
    return inRange(bpm, field, Plausibility.MIN_HEART_RATE, Plausibility.MAX_HEART_RATE);
  }

  /** Positive duration within a day; zero is as impossible as negative for an effort. */
  static Double duration(Double s, String field) {
    if (s != null && s == 0) {
      throw new BadEventException(EventIssue.IMPLAUSIBLE_VALUE, field + " is 0");
    }
    return inRange(s, field, 0, Plausibility.MAX_DURATION_S);
  }

  static Double distance(Double m, String field) {
    return inRange(m, field, 0, Plausibility.MAX_DISTANCE_M);
  }

  /** Checks every heart-rate field present in one of the nodes. */
  static void checkHeartRates(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      for (String f :
          new String[] {
            "heart_rate_avg",
            "heart_rate_max",
            "average_hr",
            "max_hr",
            "avg_hr",
            "average_heart_rate",
            "max_heart_rate",
            "average_heartrate"
          }) {
        heartRate(JsonFields.metric(n, f), f);
      }
    }
  }

  /** Mean power (not NP) from the usual field names, range-checked; also checks peak power. */
  static Double meanPower(JsonNode n) {
    power(firstMetric(n, "max_power", "max_power_w", "max_watts", "peak_power_w"), "max_power");
    return power(
        firstMetric(
            n,
            "average_power_w",
            "avg_power_w",
            "average_power",
            "avg_power",
            "power_avg",
            "average_watts",
            "power_watt",
            "power_w"),
        "average_power");
  }

  static Double normalizedPower(JsonNode n) {
    return power(
        firstMetric(n, "normalized_power_w", "normalized_power", "np"), "normalized_power");
  }

  /** Measured jump height in cm (cm fields, else inch fields × 2.54). */
  static Double jumpHeightCm(JsonNode n) {
    Double cm = firstMetric(n, "jump_height_cm", "cmj_height_cm", "vertical_jump_cm");
    if (cm == null) {
      Double in =
          firstMetric(
              n, "jump_height_in", "cmj_height_in", "vertical_jump_in", "vertical_jump_inches");
      cm = in == null ? null : in * INCH_TO_CM;
    }
    return jumpHeight(cm, "jump_height");
  }

  static Double jumpHeight(Double cm, String field) {
    if (cm != null && cm == 0) {
      throw new BadEventException(EventIssue.IMPLAUSIBLE_VALUE, field + " is 0");
    }
    return inRange(cm, field, 0, Plausibility.MAX_JUMP_HEIGHT_CM);
  }

  static Double flightTimeS(JsonNode n) {
    Double s = firstMetric(n, "flight_time_s", "flight_time_seconds", "flight_time");
    if (s == null) {
      Double ms = firstMetric(n, "flight_time_ms");
      s = ms == null ? null : ms / 1000;
    }
    return inRange(
        s, "flight_time", Plausibility.MIN_FLIGHT_TIME_S, Plausibility.MAX_FLIGHT_TIME_S);
  }

  /** Take-off velocity, bounded by the height cap via h = v²/2g. */
  static Double takeoffVelocity(JsonNode n) {
    Double v = firstMetric(n, "takeoff_velocity_mps", "takeoff_velocity_m_s", "takeoff_velocity");
    if (v != null) {
      jumpHeight(v * v / (2 * G) * 100, "takeoff_velocity (as height)");
    }
    return v;
  }

  /** A GPS speed stream in m/s after dropping implausible samples; {@code dropped} counts them. */
  record SpeedStream(List<Double> samples, int dropped) {

    static final SpeedStream NONE = new SpeedStream(List.of(), 0);

    /** Adds an issue for the dropped samples, if any. */
    void reportDropped(java.util.UUID eventId, Observations out) {
      if (dropped > 0) {
        out.issues.add(
            new EventIssue(
                eventId,
                EventIssue.SAMPLES_DROPPED,
                dropped
                    + " speed samples outside 0.."
                    + Plausibility.MAX_SPEED_MPS
                    + " m/s dropped"));
      }
    }
  }

  /**
   * The first speed stream (m/s) found in the nodes, under {@code streams.speed}, {@code
   * speed_stream} or {@code gps_speed_m_s}. Samples outside 0..12.5 m/s are GPS glitches: they are
   * dropped and counted, the rest kept; JSON nulls are gaps; a non-number sample makes the payload
   * bad.
   */
  static SpeedStream speedStream(List<JsonNode> nodes) {
    JsonNode arr = null;
    for (JsonNode n : nodes) {
      JsonNode streams = JsonFields.object(n, "streams");
      arr = streams != null ? JsonFields.array(streams, "speed") : null;
      arr = arr != null ? arr : JsonFields.array(n, "speed_stream");
      arr = arr != null ? arr : JsonFields.array(n, "gps_speed_m_s");
      if (arr != null) {
        break;
      }
    }
    if (arr == null) {
      return SpeedStream.NONE;
    }
    List<Double> samples = new ArrayList<>();
    int dropped = 0;
    for (int i = 0; i < arr.size(); i++) {
      JsonNode v = arr.get(i);
      if (v.isNull()) {
        continue;
      }
      double mps = JsonFields.toNumber(v, "speed[" + i + "]");
      if (mps < 0 || mps > Plausibility.MAX_SPEED_MPS) {
        dropped++;
      } else {
        samples.add(mps);
      }
    }
    return new SpeedStream(samples, dropped);
  }

  /** A best mean power over a fixed duration, e.g. {@code max_20min_power_w}. */
  record PeakPower(String field, double durationS, double watts) {}

  /**
   * (max|best|peak)_&lt;n&gt;(s|sec|min)_power[_w]: the best mean power over n seconds or minutes.
   */
  private static final Pattern PEAK_POWER =
      Pattern.compile(
          "(?:max|best|peak)_(\\d{1,6})_?(s|sec|secs|seconds|min|mins|minutes)_power(?:_w|_watts)?");

  /** Peak-power fields of a workout, range-checked, in field order. */
  static List<PeakPower> peakPowers(JsonNode n) {
    List<PeakPower> peaks = new ArrayList<>();
    for (String f : n.propertyNames()) {
      Matcher m = PEAK_POWER.matcher(f.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        continue;
      }
      Double w = power(JsonFields.metric(n, f), f);
      int amount = Integer.parseInt(m.group(1));
      double seconds = m.group(2).startsWith("m") ? amount * 60.0 : amount;
      if (w != null && seconds > 0 && seconds <= Plausibility.MAX_DURATION_S) {
        peaks.add(new PeakPower(f, seconds, w));
      }
    }
    return peaks;
  }
}
