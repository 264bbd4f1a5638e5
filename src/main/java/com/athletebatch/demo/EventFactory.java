package com.athletebatch.demo;

import static com.athletebatch.demo.DemoDataGenerator.between;
import static com.athletebatch.demo.DemoDataGenerator.clamp;
import static com.athletebatch.demo.DemoDataGenerator.pick;
import static com.athletebatch.demo.DemoDataGenerator.round;
import static com.athletebatch.demo.DemoDataGenerator.round1;
import static com.athletebatch.demo.DemoDataGenerator.round2;

import com.athletebatch.demo.DemoCatalog.Lift;
import com.athletebatch.demo.DemoDataGenerator.Athlete;
import com.athletebatch.demo.DemoDataGenerator.Run;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * kura {@code events} for one athlete, in time order over the 365 days before the anchor date (~0.5
 * % future-dated). Payload shapes follow {@code reference/kura-event-examples.json}. Ids are
 * UUIDv7-shaped (48-bit millisecond timestamp, version 7, variant 2, seeded random bits); each
 * event's {@code metadata.idempotency_key} is unique per user.
 */
final class EventFactory {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final int RING = 64;

  private final Run run;
  private final BatchInserter.Table events;

  // per-athlete state
  private Athlete athlete;
  private SplittableRandom r;
  private int emitted;
  private OffsetDateTime last;
  private final UUID[] recentSets = new UUID[RING];
  private final String[] recentTypes = new String[RING];
  private final UUID[] recentAny = new UUID[RING];
  private int setCount;
  private int anyCount;

  EventFactory(Run run, BatchInserter.Table events) {
    this.run = run;
    this.events = events;
  }

  void generate(Athlete a, int count) throws SQLException {
    athlete = a;
    r = run.rng("events", a.index());
    emitted = 0;
    setCount = 0;
    anyCount = 0;
    OffsetDateTime start = run.anchorStart.minusDays(365).atOffset(ZoneOffset.UTC);
    last = start;
    double spanSeconds = 365.0 * 86400;
    while (emitted < count) {
      OffsetDateTime nominal =
          start.plusSeconds(
              (long) (spanSeconds * emitted / count + r.nextDouble() * spanSeconds / count * 0.5));
      OffsetDateTime t = nominal.isAfter(last) ? nominal : last.plusSeconds(1);
      int remaining = count - emitted;
      double kind = r.nextDouble();
      if (kind < 0.015) {
        malformed(t);
      } else if (kind < 0.40) {
        strengthSession(t, Math.min(remaining, 3 + r.nextInt(10)));
      } else if (kind < 0.60) {
        sessionLogged(t);
      } else if (kind < 0.74) {
        external(t);
      } else if (kind < 0.81 && setCount > 0) {
        correction(t);
      } else if (kind < 0.85 && anyCount > 0) {
        retraction(t);
      } else {
        nonCapability(t);
      }
    }
  }

  // ---- event kinds ----

  private void strengthSession(OffsetDateTime t, int sets) throws SQLException {
    String sessionId = "sess-" + run.id("session", athlete.index(), emitted).substring(0, 13);
    int liftIndex = r.nextInt(DemoCatalog.LIFT_ALIASES.length);
    String[] aliases = DemoCatalog.LIFT_ALIASES[liftIndex];
    Lift lift = Lift.values()[liftIndex]; // SQUAT, BENCH, DEADLIFT, PRESS in alias order
    String name = aliases[1 + r.nextInt(aliases.length - 1)];
    boolean withId = r.nextDouble() < 0.88;
    boolean labelWarmups = r.nextDouble() < 0.6;
    String comparability = r.nextDouble() < 0.06 ? "machine" : "free_weight";
    double oneRm = athlete.oneRepMax(lift) * progress(t);
    int warmups = Math.min(sets - 1, r.nextInt(3));
    for (int s = 0; s < sets; s++) {
      boolean warmup = s < warmups;
      int reps =
          warmup
              ? 5 + r.nextInt(4)
              : 1 + (int) Math.round(clamp(2 + 3 * r.nextGaussian() + 3, 0, 9));
      int rir = r.nextInt(5);
      double pct =
          warmup
              ? between(r, 40, 62)
              : DemoCatalog.RTS_PERCENT[Math.min(reps + rir, DemoCatalog.RTS_PERCENT.length) - 1];
      double weight = Math.max(20, round(2.5, oneRm * pct / 100 * between(r, 0.98, 1.02)));
      Object rpe = null;
      if (!warmup && r.nextDouble() < 0.7) {
        double value = 10 - rir - (r.nextDouble() < 0.2 ? 0.5 : 0);
        rpe =
            r.nextDouble() < 0.04
                ? (value == Math.rint(value)
                    ? (int) value + ""
                    : String.valueOf(value).replace('.', ','))
                : (Object) value;
      }
      Map<String, Object> data =
          Json.obj(
              "exercise", name,
              "exercise_id", withId ? aliases[0] : null,
              "weight_kg", weight,
              "reps", reps,
              "rpe", rpe,
              "rir",
                  !warmup && (rpe == null || r.nextDouble() < 0.3) && r.nextDouble() < 0.7
                      ? rir
                      : null,
              "rest_seconds", r.nextDouble() < 0.6 ? 60 + 30 * r.nextInt(7) : null,
              "tempo", r.nextDouble() < 0.12 ? "3-1-1-0" : null,
              "set_type",
                  warmup && labelWarmups
                      ? "warmup"
                      : !warmup && s == sets - 1 && r.nextDouble() < 0.1 ? "amrap" : null,
              "set_number", s + 1,
              "load_context",
                  r.nextDouble() < 0.5
                      ? Json.obj(
                          "implements_type",
                          comparability,
                          "equipment_profile",
                          "machine".equals(comparability) ? "smith_machine" : "barbell",
                          "comparability_group",
                          comparability,
                          "location_context",
                          "commercial_gym")
                      : null);
      OffsetDateTime at = t.plusMinutes(3L * s);
      UUID id = emit(at, "set.logged", data, "api", "kura-app", sessionId);
      recentSets[setCount++ % RING] = id;
    }
  }

  private void sessionLogged(OffsetDateTime t) throws SQLException {
    double kind = r.nextDouble();
    String sport;
    List<Object> blocks = new ArrayList<>();
    if (kind < 0.05) { // legacy raw shape, no contract_version / session_meta (upstream test data)
      double d = pick(r, new Double[] {20.0, 30.0, 40.0});
      emit(
          t,
          "session.logged",
          Json.obj(
              "session_type",
              "sprint",
              "blocks",
              Json.arr(
                  Json.obj(
                      "block_type",
                      "performance",
                      "distance_meters",
                      d,
                      "duration_seconds",
                      round2(sprintTime(d, r))))),
          "api",
          "kura-app",
          null);
      return;
    } else if (kind < 0.30) {
      sport = "strength";
      blocks.add(strengthBlock());
      if (r.nextDouble() < 0.4) {
        blocks.add(strengthBlock());
      }
    } else if (kind < 0.52) {
      sport = "sprint";
      blocks.add(sprintBlock());
    } else if (kind < 0.80) {
      boolean cycling = r.nextDouble() < 0.35;
      sport = cycling ? "cycling" : "running";
      blocks.add(intervalBlock(cycling));
    } else if (kind < 0.95) {
      sport = "jumps";
      blocks.add(plyoBlock());
    } else {
      sport = "hybrid";
      blocks.add(strengthBlock());
      blocks.add(intervalBlock(false));
      blocks.add(plyoBlock());
    }
    String sessionId = run.anchor.getYear() + "-s" + athlete.index() + "-" + emitted;
    Map<String, Object> data =
        Json.obj(
            "contract_version",
            "session.logged.v1",
            "session_meta",
            Json.obj(
                "sport",
                sport,
                "started_at",
                ISO.format(t),
                "timezone",
                athlete.timezone(),
                "session_id",
                sessionId),
            "blocks",
            blocks,
            "provenance",
            Json.obj("source_type", "manual"));
    emit(t, "session.logged", data, "api", "kura-app", sessionId);
  }

  private Map<String, Object> strengthBlock() {
    int liftIndex = r.nextInt(DemoCatalog.LIFT_ALIASES.length);
    int reps = 3 + r.nextInt(6);
    int rpe = 7 + r.nextInt(3);
    double oneRm = athlete.oneRepMax(Lift.values()[liftIndex]);
    double weight =
        round(2.5, oneRm * DemoCatalog.RTS_PERCENT[Math.min(reps + 10 - rpe, 12) - 1] / 100);
    List<Object> anchors =
        Json.arr(Json.obj("measurement_state", "measured", "unit", "rpe", "value", rpe));
    if (r.nextDouble() < 0.8) {
      anchors.add(Json.obj("measurement_state", "measured", "unit", "kg", "value", weight));
    }
    return Json.obj(
        "block_type",
        "strength_set",
        "exercise",
        DemoCatalog.LIFT_ALIASES[liftIndex][1],
        "exercise_id",
        DemoCatalog.LIFT_ALIASES[liftIndex][0],
        "dose",
        Json.obj(
            "work",
            Json.obj("reps", reps),
            "recovery",
            Json.obj("duration_seconds", 120 + 30 * r.nextInt(4)),
            "repeats",
            3 + r.nextInt(3)),
        "intensity_anchors",
        anchors);
  }

  private Map<String, Object> sprintBlock() {
    double d = pick(r, new Double[] {20.0, 30.0, 30.0, 40.0, 60.0});
    double time = sprintTime(d, r);
    Map<String, Object> metrics = null;
    double m = r.nextDouble();
    if (m < 0.4) { // split times every 10 m
      List<Object> splits = new ArrayList<>();
      for (double x = 10; x <= d; x += 10) {
        splits.add(
            round2(
                sprintTime(x, new SplittableRandom(0))
                    * time
                    / sprintTime(d, new SplittableRandom(0))));
      }
      metrics = Json.obj("split_distances_m", stepList(10, d), "split_times_s", splits);
    } else if (m < 0.55) { // GPS speed samples at 5 Hz
      List<Object> speeds = new ArrayList<>();
      double mss = athlete.sprintSpeed();
      for (double s = 0.2; s <= time; s += 0.2) {
        speeds.add(round2(mss * (1 - Math.exp(-s / 1.2)) + 0.25 * r.nextGaussian()));
      }
      metrics = Json.obj("gps_speed_m_s", speeds, "sample_rate_hz", 5);
    }
    return Json.obj(
        "block_type",
        "sprint_accel_maxv",
        "dose",
        Json.obj(
            "work",
            Json.obj("distance_meters", d, "duration_seconds", round2(time)),
            "recovery",
            Json.obj("duration_seconds", 180),
            "repeats",
            3 + r.nextInt(4)),
        "intensity_anchors",
        Json.arr(
            Json.obj(
                "measurement_state",
                "measured",
                "unit",
                "percent_max_effort",
                "value",
                95 + r.nextInt(6))),
        "metrics",
        metrics);
  }

  private Map<String, Object> intervalBlock(boolean cycling) {
    int work = pick(r, new Integer[] {120, 180, 240, 300, 480, 600, 720, 1200});
    List<Object> anchors = new ArrayList<>();
    Map<String, Object> workDose;
    if (cycling) {
      double watts =
          Math.round(
              athlete.ftp() * clamp(1.2 - work / 3000.0, 0.95, 1.25) * between(r, 0.95, 1.03));
      anchors.add(Json.obj("measurement_state", "measured", "unit", "watts", "value", watts));
      workDose = Json.obj("duration_seconds", work);
    } else {
      double speed =
          athlete.thresholdSpeed()
              * clamp(1.12 - work / 6000.0, 0.98, 1.15)
              * between(r, 0.96, 1.03);
      anchors.add(
          Json.obj(
              "measurement_state",
              "measured",
              "unit",
              "min_per_km",
              "value",
              round2(1000 / speed / 60)));
      workDose =
          r.nextDouble() < 0.4
              ? Json.obj("distance_meters", round(100, speed * work), "duration_seconds", work)
              : Json.obj("duration_seconds", work);
    }
    if (r.nextDouble() < 0.5) {
      anchors.add(
          Json.obj(
              "measurement_state", "measured", "unit", "borg_cr10", "value", 6 + r.nextInt(4)));
    }
    Object relative =
        !cycling && r.nextDouble() < 0.3
            ? Json.obj(
                "value_pct",
                round1(between(r, 88, 105)),
                "reference_type",
                "critical_speed",
                "reference_value",
                round2(athlete.thresholdSpeed()),
                "reference_measured_at",
                ISO.format(run.anchorStart.minusDays(60).atOffset(ZoneOffset.UTC)),
                "reference_confidence",
                round2(between(r, 0.6, 0.9)))
            : null;
    Map<String, Object> metrics =
        r.nextDouble() < 0.5
            ? Json.obj(
                "heart_rate_avg",
                Json.obj(
                    "measurement_state",
                    "measured",
                    "unit",
                    "bpm",
                    "value",
                    (int) Math.round(athlete.maxHr() * between(r, 0.86, 0.93))))
            : Json.obj("heart_rate_avg", Json.obj("measurement_state", "not_measured"));
    return Json.obj(
        "block_type",
        "interval_endurance",
        "dose",
        Json.obj(
            "work",
            workDose,
            "recovery",
            Json.obj("duration_seconds", work / 2),
            "repeats",
            Math.max(1, 2400 / work / 2 + r.nextInt(3))),
        "intensity_anchors",
        anchors,
        "relative_intensity",
        relative,
        "metrics",
        metrics,
        "provenance",
        Json.obj("source_type", "manual"));
  }

  private Map<String, Object> plyoBlock() {
    double h = athlete.jumpCm() * between(r, 0.9, 1.04);
    Map<String, Object> metrics;
    switch (r.nextInt(6)) {
      case 0 -> metrics = Json.obj("jump_height_cm", round1(h));
      case 1 -> metrics = Json.obj("cmj_height_cm", round1(h));
      case 2 -> metrics = Json.obj("vertical_jump_cm", round1(h));
      case 3 -> metrics = Json.obj("vertical_jump_in", round1(h / 2.54));
      case 4 -> metrics = Json.obj("flight_time_seconds", round2(Math.sqrt(8 * h / 100 / 9.81)));
      default -> metrics = Json.obj("takeoff_velocity_m_s", round2(Math.sqrt(2 * 9.81 * h / 100)));
    }
    return Json.obj(
        "block_type",
        "plyometric_reactive",
        "dose",
        Json.obj(
            "work",
            Json.obj("contacts", 10 * (2 + r.nextInt(5))),
            "recovery",
            Json.obj("duration_seconds", 90),
            "repeats",
            2 + r.nextInt(3)),
        "intensity_anchors",
        Json.arr(
            Json.obj("measurement_state", "measured", "unit", "rpe", "value", 6 + r.nextInt(3))),
        "metrics",
        metrics);
  }

  private void external(OffsetDateTime t) throws SQLException {
    double kind = r.nextDouble();
    String provider = pick(r, new String[] {"garmin", "garmin", "strava", "trainingpeaks"});
    Map<String, Object> workout;
    List<Object> sets = null;
    int duration;
    if (kind < 0.45) {
      duration = 60 * (20 + r.nextInt(100));
      double speed = athlete.thresholdSpeed() * between(r, 0.72, 1.0);
      workout =
          Json.obj(
              "workout_type",
              "run",
              "duration_seconds",
              duration,
              "distance_meters",
              round(10, speed * duration),
              "sport",
              "running",
              "heart_rate_avg",
              r.nextDouble() < 0.5 ? (int) (athlete.maxHr() * between(r, 0.7, 0.88)) : null);
    } else if (kind < 0.80) {
      duration = 60 * (40 + r.nextInt(180));
      workout =
          Json.obj(
              "workout_type",
              "bike",
              "duration_seconds",
              duration,
              "distance_meters",
              round(10, between(r, 7, 10) * duration),
              "sport",
              "cycling",
              "average_power_w",
              r.nextDouble() < 0.5 ? Math.round(athlete.ftp() * between(r, 0.6, 0.85)) : null,
              "max_20min_power_w",
              r.nextDouble() < 0.25
                  ? Math.round(athlete.ftp() / 0.95 * between(r, 0.9, 1.02))
                  : null);
    } else if (kind < 0.95) {
      duration = 60 * (35 + r.nextInt(40));
      workout =
          Json.obj("workout_type", "strength", "duration_seconds", duration, "sport", "strength");
      sets = new ArrayList<>();
      int liftIndex = r.nextInt(DemoCatalog.LIFT_ALIASES.length);
      double oneRm = athlete.oneRepMax(Lift.values()[liftIndex]) * progress(t);
      int n = 3 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        int reps = 3 + r.nextInt(6);
        Integer rpe = r.nextDouble() < 0.6 ? 7 + r.nextInt(3) : null;
        double pct = DemoCatalog.RTS_PERCENT[Math.min(reps + (rpe == null ? 2 : 10 - rpe), 12) - 1];
        sets.add(
            Json.obj(
                "sequence",
                i + 1,
                "exercise",
                DemoCatalog.LIFT_ALIASES[liftIndex][1],
                "reps",
                reps,
                "weight_kg",
                round(2.5, oneRm * pct / 100),
                "rpe",
                rpe));
      }
    } else {
      duration = 60 * (40 + r.nextInt(30));
      workout =
          Json.obj(
              "workout_type",
              "brick",
              "duration_seconds",
              duration,
              "distance_meters",
              round(100, duration * 3.0),
              "sport",
              "triathlon");
      sets =
          Json.arr(
              Json.obj(
                  "sequence",
                  1,
                  "exercise",
                  "Circuit",
                  "reps",
                  10,
                  "duration_seconds",
                  90,
                  "distance_meters",
                  400,
                  "rest_seconds",
                  60));
    }
    String activityId =
        provider + "-" + run.id("activity", athlete.index(), emitted).substring(0, 8);
    Map<String, Object> data =
        Json.obj(
            "contract_version",
            "external_activity.v1",
            "source",
            Json.obj(
                "provider",
                provider,
                "provider_user_id",
                "athlete-" + athlete.index(),
                "external_activity_id",
                activityId,
                "ingestion_method",
                r.nextBoolean() ? "file_import" : "api_sync"),
            "workout",
            workout,
            "session",
            Json.obj(
                "started_at",
                ISO.format(t),
                "ended_at",
                ISO.format(t.plusSeconds(duration)),
                "timezone",
                "UTC"),
            "sets",
            sets,
            "provenance",
            Json.obj(
                "mapping_version",
                provider + "-v2-spec",
                "mapped_at",
                ISO.format(t.plusSeconds(duration + 60))));
    emit(
        t,
        "external.activity_imported",
        data,
        "import",
        "external_import:" + provider,
        "import:" + activityId);
  }

  private void correction(OffsetDateTime t) throws SQLException {
    boolean missing = r.nextDouble() < 0.06;
    UUID target =
        missing ? uuidV7(t.minusDays(3)) : recentSets[r.nextInt(Math.min(setCount, RING))];
    Object changed;
    switch (r.nextInt(5)) {
      case 0 -> changed = Json.obj("weight_kg", 2.5 * (20 + r.nextInt(60)));
      case 1 -> changed = Json.obj("reps", 2 + r.nextInt(8));
      case 2 ->
          changed =
              Json.obj(
                  "rpe",
                  Json.obj(
                      "value",
                      7 + r.nextInt(4),
                      "repair_provenance",
                      Json.obj(
                          "source_type",
                          "explicit",
                          "confidence",
                          1.0,
                          "confidence_band",
                          "high",
                          "applies_scope",
                          "single_set",
                          "reason",
                          "User clarified the effort.")));
      case 3 -> changed = Json.obj("rest_seconds", Json.obj("from", 90, "to", 60));
      default ->
          changed =
              Json.obj(
                  "weight_kg",
                  Json.obj(
                      "value",
                      2.5 * (20 + r.nextInt(60)),
                      "repair_provenance",
                      Json.obj(
                          "source_type",
                          "inferred",
                          "confidence",
                          0.92,
                          "confidence_band",
                          "high",
                          "applies_scope",
                          "single_set",
                          "reason",
                          "mention-bound extraction")));
    }
    emit(
        t,
        "set.corrected",
        Json.obj(
            "target_event_id",
            target.toString(),
            "changed_fields",
            changed,
            "reason",
            r.nextDouble() < 0.7
                ? pick(r, new String[] {"typo", "Wrong plate math", "Logged the wrong set"})
                : null),
        "api",
        "kura-app",
        null);
  }

  private void retraction(OffsetDateTime t) throws SQLException {
    int i = r.nextInt(Math.min(anyCount, RING));
    UUID target = recentAny[i];
    emit(
        t,
        "event.retracted",
        Json.obj(
            "retracted_event_id",
            target.toString(),
            "retracted_event_type",
            r.nextDouble() < 0.7 ? recentTypes[i] : null,
            "reason",
            r.nextDouble() < 0.5 ? "Logged twice" : null),
        "agent_write_with_proof",
        "api",
        "session_audit:undo");
  }

  private void nonCapability(OffsetDateTime t) throws SQLException {
    switch (r.nextInt(3)) {
      case 0 ->
          emit(
              t,
              "bodyweight.logged",
              Json.obj(
                  "weight_kg",
                  round1(athlete.weight() + r.nextGaussian()),
                  "time_of_day",
                  "morning"),
              "api",
              "kura-app",
              null);
      case 1 ->
          emit(
              t,
              "meal.logged",
              Json.obj(
                  "description",
                  pick(r, new String[] {"Oats and berries", "Chicken and rice", "Pasta"}),
                  "calories",
                  400 + 50 * r.nextInt(10),
                  "protein_g",
                  20 + r.nextInt(30)),
              "api",
              "kura-app",
              null);
      default ->
          emit(
              t,
              "sleep.logged",
              Json.obj("duration_hours", round1(between(r, 5.5, 9.0)), "quality", 1 + r.nextInt(5)),
              "api",
              "kura-app",
              null);
    }
  }

  /** Wrongly typed, impossible or unknown payloads, as real event streams contain. */
  private void malformed(OffsetDateTime t) throws SQLException {
    switch (r.nextInt(12)) {
      case 0 ->
          emit(
              t,
              "set.logged",
              Json.obj("exercise", "Back Squat", "weight_kg", "heavy", "reps", 5),
              "api",
              "kura-app",
              null);
      case 1 ->
          emit(
              t,
              "set.logged",
              Json.obj(
                  "exercise",
                  "Bench Press",
                  "exercise_id",
                  "barbell_bench_press",
                  "weight_kg",
                  80,
                  "reps",
                  -5),
              "api",
              "kura-app",
              null);
      case 2 ->
          emit(
              t,
              "set.logged",
              Json.obj(
                  "exercise",
                  "Deadlift",
                  "exercise_id",
                  "barbell_deadlift",
                  "weight_kg",
                  140,
                  "reps",
                  3,
                  "rpe",
                  14),
              "api",
              "kura-app",
              null);
      case 3 -> emitRaw(t, "set.logged", Json.write(Json.arr(100, 5)));
      case 4 -> emitRaw(t, "set.logged", Json.write("squat 100x5 @8"));
      case 5 ->
          emit(
              t,
              "session.logged",
              Json.obj(
                  "contract_version",
                  "session.logged.v1",
                  "session_meta",
                  Json.obj("sport", "other", "timezone", athlete.timezone()),
                  "blocks",
                  Json.arr(
                      Json.obj(
                          "block_type",
                          "underwater_basket_weaving",
                          "dose",
                          Json.obj("work", Json.obj("duration_seconds", 600), "repeats", 1)))),
              "api",
              "kura-app",
              null);
      case 6 ->
          emit(
              t,
              "session.logged",
              Json.obj(
                  "contract_version",
                  "session.logged.v1",
                  "session_meta",
                  Json.obj("sport", "sprint", "timezone", athlete.timezone()),
                  "blocks",
                  Json.arr(
                      Json.obj(
                          "block_type",
                          "sprint_accel_maxv",
                          "dose",
                          Json.obj(
                              "work",
                              Json.obj("distance_meters", 30, "duration_seconds", 1.1),
                              "repeats",
                              1)))),
              "api",
              "kura-app",
              null);
      case 7 ->
          emit(
              t,
              "session.logged",
              Json.obj(
                  "contract_version",
                  "session.logged.v1",
                  "session_meta",
                  Json.obj("sport", "jumps", "timezone", athlete.timezone()),
                  "blocks",
                  Json.arr(
                      Json.obj(
                          "block_type",
                          "plyometric_reactive",
                          "dose",
                          Json.obj("work", Json.obj("contacts", 10), "repeats", 1),
                          "metrics",
                          Json.obj("jump_height_cm", 240)))),
              "api",
              "kura-app",
              null);
      case 8 ->
          emit(
              t,
              "external.activity_imported",
              Json.obj(
                  "contract_version",
                  "external_activity.v1",
                  "source",
                  Json.obj("provider", "garmin"),
                  "workout",
                  Json.obj(
                      "workout_type", "run", "duration_seconds", -1800, "distance_meters", 5000)),
              "import",
              "external_import:garmin",
              null);
      case 9 ->
          emit(
              t,
              "set.corrected",
              Json.obj("target_event_id", "not-a-uuid", "changed_fields", Json.obj("reps", 5)),
              "api",
              "kura-app",
              null);
      case 10 ->
          emit(
              t,
              "set.logged",
              Json.obj(
                  "exercise",
                  "Deadlift",
                  "exercise_id",
                  "barbell_deadlift",
                  "weight_kg",
                  650,
                  "reps",
                  1),
              "api",
              "kura-app",
              null);
      default ->
          emit(
              t,
              "session.logged",
              Json.obj(
                  "contract_version",
                  "session.logged.v1",
                  "session_meta",
                  Json.obj("sport", "running"),
                  "blocks",
                  "not a list"),
              "api",
              "kura-app",
              null);
    }
  }

  // ---- plumbing ----

  private UUID emit(
      OffsetDateTime t,
      String type,
      Map<String, Object> data,
      String source,
      String agent,
      String sessionId)
      throws SQLException {
    return emit(t, type, Json.write(data), source, agent, sessionId);
  }

  private UUID emitRaw(OffsetDateTime t, String type, String json) throws SQLException {
    return emit(t, type, json, "api", "kura-app", null);
  }

  private UUID emit(
      OffsetDateTime t, String type, String dataJson, String source, String agent, String sessionId)
      throws SQLException {
    OffsetDateTime at = t;
    if (r.nextDouble() < 0.005) {
      at =
          run.anchorStart
              .plusDays(1 + r.nextInt(30))
              .plusMinutes(r.nextInt(1440))
              .atOffset(ZoneOffset.UTC);
    } else if (at.isAfter(last)) {
      last = at;
    }
    UUID id = uuidV7(at);
    String key = run.id("idempotency", athlete.index(), emitted);
    OffsetDateTime created =
        "import".equals(source)
            ? at.plusHours(1 + r.nextInt(48))
            : at.plusSeconds(1 + r.nextInt(30));
    OffsetDateTime now = run.anchorStart.atOffset(ZoneOffset.UTC);
    if (created.isAfter(now)) {
      created = now.minusSeconds(1 + r.nextInt(3600));
    }
    events
        .set("id", id)
        .set("user_id", athlete.id())
        .set("timestamp", at)
        .set("event_type", type)
        .set("data", dataJson)
        .set(
            "metadata",
            Json.write(
                Json.obj(
                    "source",
                    source,
                    "agent",
                    agent,
                    "session_id",
                    sessionId,
                    "idempotency_key",
                    key)))
        .set("created_at", created)
        .add();
    emitted++;
    recentAny[anyCount % RING] = id;
    recentTypes[anyCount % RING] = type;
    anyCount++;
    return id;
  }

  /** UUIDv7 layout: 48-bit Unix milliseconds, version 7, 12 + 62 seeded random bits, variant 2. */
  private UUID uuidV7(OffsetDateTime t) {
    long ms = t.toInstant().toEpochMilli();
    long msb = (ms << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private double progress(OffsetDateTime t) {
    double daysBefore =
        (run.anchorStart.atOffset(ZoneOffset.UTC).toEpochSecond() - t.toEpochSecond()) / 86400.0;
    return 0.95 + 0.08 * clamp(1 - daysBefore / 365, 0, 1.1);
  }

  /** Time to cover {@code d} metres with v(t) = MSS·(1 − e^(−t/τ)), plus a reaction delay. */
  private double sprintTime(double d, SplittableRandom rr) {
    double mss = athlete.sprintSpeed() * (0.94 + 0.06 * rr.nextDouble());
    double tau = 1.2;
    double t = d / mss + tau; // Newton on d = mss·(t − τ(1 − e^(−t/τ)))
    for (int i = 0; i < 20; i++) {
      double f = mss * (t - tau * (1 - Math.exp(-t / tau))) - d;
      double df = mss * (1 - Math.exp(-t / tau));
      t -= f / df;
    }
    return t + 0.15 * rr.nextDouble();
  }

  private static List<Object> stepList(double step, double max) {
    List<Object> list = new ArrayList<>();
    for (double x = step; x <= max; x += step) {
      list.add(x);
    }
    return list;
  }
}
