package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.JumpMeasurement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jump_height (cm). Per jump: the measured height, else h = g·t²/8 from flight time t, else h =
 * v²/(2g) from take-off velocity v. Best jump per session; the estimate is the mean of the bests of
 * the last 3 sessions (upstream: mean over all sessions, which lags behind progress). The reading
 * method is the comparability group (flight-time mats read differently from displacement devices).
 */
public final class JumpHeightEstimator {

  public static final String KEY = "jump_height";
  public static final double G = 9.81;
  static final int RECENT_SESSIONS = 3;
  static final List<String> RECOMMEND =
      List.of(
          "countermovement_jump_on_mat_or_sensor_3_trials", "log_jump_height_cm_or_flight_time");

  private record Reading(JumpMeasurement jump, double heightCm, String method) {}

  private record SessionBest(String session, OffsetDateTime at, Reading best) {}

  /** h = g·t²/8, in cm: 0.50 s → 30.7 cm. */
  public static double fromFlightTime(double seconds) {
    return G * seconds * seconds / 8 * 100;
  }

  /** h = v²/(2g), in cm. */
  public static double fromTakeoffVelocity(double mps) {
    return mps * mps / (2 * G) * 100;
  }

  public CapabilityOutput estimate(List<JumpMeasurement> jumps, EstimationContext ctx) {
    OutputBuilder out =
        new OutputBuilder(KEY, "cm", RECOMMEND)
            .protocol("method", "mean_of_session_bests_last_" + RECENT_SESSIONS)
            .protocol(
                "height_priority", List.of("measured_height", "flight_time", "takeoff_velocity"))
            .protocol("g", G);
    Map<String, List<Reading>> bySession = new LinkedHashMap<>();
    for (JumpMeasurement j : jumps) {
      Reading r = read(j);
      if (r != null) {
        bySession.computeIfAbsent(j.sessionKey(), k -> new ArrayList<>()).add(r);
      }
    }
    List<SessionBest> recent =
        bySession.entrySet().stream()
            .map(
                e ->
                    new SessionBest(
                        e.getKey(),
                        e.getValue().stream()
                            .map(r -> r.jump().source().at())
                            .max(Comparator.naturalOrder())
                            .orElseThrow(),
                        e.getValue().stream()
                            .max(Comparator.comparingDouble(Reading::heightCm))
                            .orElseThrow()))
            .sorted(Comparator.comparing(SessionBest::at).reversed())
            .limit(RECENT_SESSIONS)
            .toList();
    out.diagnostic("jumps_seen", jumps.size()).diagnostic("sessions_seen", bySession.size());
    if (recent.isEmpty()) {
      return out.build(ctx);
    }
    List<Double> bests = recent.stream().map(s -> s.best().heightCm()).toList();
    int observed = 0;
    for (SessionBest s : recent) {
      for (Reading r : bySession.get(s.session())) {
        out.group(r.method()).source(r.jump().source());
        observed++;
      }
    }
    return out.estimate(Stats.mean(bests), bests)
        .diagnostic("session_bests_cm", bests)
        .diagnostic("sessions_used", recent.size())
        .observed(observed, recent.get(0).at())
        .build(ctx);
  }

  private static Reading read(JumpMeasurement j) {
    if (j.heightCm() != null) {
      return new Reading(j, j.heightCm(), "measured_height");
    }
    if (j.flightTimeS() != null) {
      return new Reading(j, fromFlightTime(j.flightTimeS()), "flight_time");
    }
    if (j.takeoffVelocityMps() != null && j.takeoffVelocityMps() > 0) {
      return new Reading(j, fromTakeoffVelocity(j.takeoffVelocityMps()), "takeoff_velocity");
    }
    return null;
  }
}
