package com.athletebatch.capability.estimators;

import com.athletebatch.capability.TestEvents;
import com.athletebatch.capability.events.EnduranceEffort;
import com.athletebatch.capability.events.EventRef;
import com.athletebatch.capability.events.JumpMeasurement;
import com.athletebatch.capability.events.Source;
import com.athletebatch.capability.events.SprintEffort;
import com.athletebatch.capability.events.StrengthSet;
import com.athletebatch.capability.events.ThresholdReference;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Observations built directly, so estimator tests need no JSON. Each gets its own event id. */
final class Obs {

  static final EstimationContext CTX = new EstimationContext(TestEvents.AS_OF, null);
  private static int seq;

  private Obs() {}

  static Source src(OffsetDateTime at) {
    int s = ++seq;
    return Source.of(new EventRef(new UUID(0x7000L, 0x8000000000000000L + s), at, s));
  }

  static Source now() {
    return src(TestEvents.AS_OF);
  }

  static StrengthSet set(String exercise, double kg, int reps, Double rpe, Double rir) {
    return set(exercise, kg, reps, rpe, rir, null, null, now());
  }

  static StrengthSet set(
      String exercise,
      double kg,
      int reps,
      Double rpe,
      Double rir,
      String type,
      String group,
      Source src) {
    return new StrengthSet(src, exercise, kg, reps, rpe, rir, type, group);
  }

  static SprintEffort sprint(double distance, double seconds) {
    return new SprintEffort(now(), distance, seconds, null, null);
  }

  static JumpMeasurement jump(
      String session, OffsetDateTime at, Double cm, Double flight, Double velocity) {
    return new JumpMeasurement(src(at), session, cm, flight, velocity);
  }

  static EnduranceEffort power(double seconds, double watts) {
    return new EnduranceEffort(now(), "cycling", seconds, null, null, watts, false);
  }

  static EnduranceEffort run(double seconds, double metres) {
    return new EnduranceEffort(now(), "running", seconds, metres, metres / seconds, null, false);
  }

  static ThresholdReference ref(String type, double value) {
    return new ThresholdReference(
        now(),
        type.equals("critical_speed") ? "running" : "cycling",
        type,
        value,
        type.equals("critical_speed") ? "m/s" : "W");
  }

  static List<ThresholdReference> noRefs() {
    return List.of();
  }
}
