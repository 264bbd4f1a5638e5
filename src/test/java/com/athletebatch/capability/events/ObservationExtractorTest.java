package com.athletebatch.capability.events;

import static com.athletebatch.capability.TestEvents.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObservationExtractorTest {

  /** Resolve + extract, with the resolver's issues merged in. */
  static Observations extract(TestEvents ev) {
    EventResolver.Resolution r = new EventResolver().resolve(ev.list());
    Observations obs = new ObservationExtractor().extract(r.events());
    List<EventIssue> all = new ArrayList<>(r.issues());
    all.addAll(obs.issues);
    obs.issues.clear();
    obs.issues.addAll(all);
    return obs;
  }

  static Observations extractOne(String type, String json) {
    TestEvents ev = TestEvents.user();
    ev.add(type, j(json));
    return extract(ev);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // rpe as logged | parsed
        "8          | 8.0",
        "8.5        | 8.5",
        "\"8.5\"      | 8.5",
        "\"8,5\"      | 8.5",
        "\" 9,0 \"    | 9.0"
      })
  void set_logged_rpe_accepts_numbers_and_decimal_comma_strings(String rpe, double expected) {
    Observations obs =
        extractOne(
            "set.logged",
            "{'exercise_id':'low_bar_squat','weight_kg':170,'reps':3,'rpe':" + rpe + "}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.strengthSets)
        .singleElement()
        .satisfies(s -> assertThat(s.rpe()).isEqualTo(expected));
  }

  @Test
  void set_logged_reads_all_fields() {
    Observations obs =
        extractOne(
            "set.logged",
            "{'exercise':'Kniebeuge','exercise_id':'barbell_back_squat','weight_kg':100,"
                + "'reps':5,'rpe':8,'rir':2,'set_type':'work','load_context':{'comparability_group':'free_weight'}}");
    StrengthSet s = obs.strengthSets.get(0);
    assertThat(s.exerciseKey()).isEqualTo("barbell_back_squat");
    assertThat(s.weightKg()).isEqualTo(100);
    assertThat(s.reps()).isEqualTo(5);
    assertThat(s.rir()).isEqualTo(2);
    assertThat(s.setType()).isEqualTo("work");
    assertThat(s.comparabilityGroup()).isEqualTo("free_weight");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Front Squat | front_squat",
        "' Romanian  Deadlift! ' | romanian_deadlift",
        "Kniebeuge | barbell_back_squat",
        "' Bench  Press! ' | barbell_bench_press"
      })
  void exercise_key_falls_back_to_the_normalised_name_or_the_main_lift_id(String name, String key) {
    Observations obs =
        extractOne("set.logged", "{'exercise':'" + name + "','weight_kg':60,'reps':5}");
    assertThat(obs.strengthSets.get(0).exerciseKey()).isEqualTo(key);
  }

  @Test
  void session_strength_block_expands_into_one_set_per_repeat() {
    // 5 × 5 @ 100 kg, RPE 8: five identical sets.
    Observations obs =
        extractOne(
            "session.logged",
            "{'contract_version':'session.logged.v1','session_meta':{'sport':'strength'},"
                + "'blocks':[{'block_type':'strength_set','exercise_id':'bench_press','dose':{'work':{'reps':5},'repeats':5},"
                + "'intensity_anchors':[{'measurement_state':'measured','unit':'kg','value':100},"
                + "{'measurement_state':'measured','unit':'rpe','value':'8'}]}]}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.strengthSets)
        .hasSize(5)
        .allSatisfy(
            s -> {
              assertThat(s.exerciseKey()).isEqualTo("bench_press");
              assertThat(s.weightKg()).isEqualTo(100);
              assertThat(s.reps()).isEqualTo(5);
              assertThat(s.rpe()).isEqualTo(8);
            });
  }

  @Test
  void interval_block_reads_pace_anchor_and_relative_intensity_reference() {
    // 8 × 120 s at 4.0 min/km → 1000 m / 240 s = 4.1667 m/s; reference critical speed 4.3 m/s.
    Observations obs =
        extractOne(
            "session.logged",
            "{'session_meta':{'sport':'running','timezone':'Europe/Berlin'},"
                + "'blocks':[{'block_type':'interval_endurance','dose':{'work':{'duration_seconds':120},'repeats':8},"
                + "'intensity_anchors':[{'measurement_state':'measured','unit':'min_per_km','value':4.0},"
                + "{'measurement_state':'measured','unit':'borg_cr10','value':7}],"
                + "'relative_intensity':{'value_pct':92.0,'reference_type':'critical_speed','reference_value':4.3},"
                + "'metrics':{'heart_rate_avg':{'measurement_state':'not_measured'}}}]}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.enduranceEfforts)
        .hasSize(8)
        .allSatisfy(
            e -> {
              assertThat(e.durationS()).isEqualTo(120);
              assertThat(e.speedMps()).isCloseTo(4.1667, within(1e-4));
              assertThat(e.sport()).isEqualTo("running");
            });
    assertThat(obs.thresholdReferences)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value()).isEqualTo(4.3);
              assertThat(r.unit()).isEqualTo("m/s");
            });
    assertThat(obs.timezone).isEqualTo("Europe/Berlin");
  }

  @Test
  void interval_block_with_power_anchor_in_watts() {
    Observations obs =
        extractOne(
            "session.logged",
            "{'session_meta':{'sport':'cycling'},'blocks':[{'block_type':'interval_endurance',"
                + "'dose':{'work':{'duration_seconds':300},'repeats':3},'intensity_anchors':[{'measurement_state':'measured','unit':'watts','value':320}],"
                + "'relative_intensity':{'value_pct':110,'reference_type':'ftp','reference_value':290}}]}");
    assertThat(obs.enduranceEfforts)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.powerW()).isEqualTo(320));
    assertThat(obs.thresholdReferences.get(0).isPower()).isTrue();
  }

  @Test
  void sprint_blocks_current_and_legacy_shapes() {
    TestEvents ev = TestEvents.user();
    // Legacy raw insert: {session_type:"sprint", blocks:[{block_type:"performance",
    // distance_meters, duration_seconds}]}
    ev.add(
        "session.logged",
        j(
            "{'session_type':'sprint','blocks':[{'block_type':'performance','distance_meters':30,'duration_seconds':4.2}]}"));
    ev.add(
        "session.logged",
        j(
            "{'session_meta':{'sport':'sprint'},'blocks':[{'block_type':'sprint_accel_maxv',"
                + "'dose':{'work':{'distance_meters':40,'duration_seconds':5.1},'repeats':3},"
                + "'splits':[{'distance_meters':10,'time_seconds':1.9},{'distance_meters':20,'time_seconds':3.1}]}]}"));
    Observations obs = extract(ev);
    assertThat(obs.issues).isEmpty();
    assertThat(obs.sprintEfforts).hasSize(4);
    assertThat(obs.sprintEfforts.get(0).distanceM()).isEqualTo(30);
    assertThat(obs.sprintEfforts.get(0).durationS()).isEqualTo(4.2);
    assertThat(obs.sprintEfforts.get(1).splits()).hasSize(2);
  }

  @Test
  void jump_block_reads_flight_time_and_inches() {
    TestEvents ev = TestEvents.user();
    ev.add(
        "session.logged",
        j(
            "{'blocks':[{'block_type':'plyometric_reactive','dose':{'work':{'contacts':3},'repeats':3},"
                + "'metrics':{'flight_time_ms':500}}]}"));
    ev.add("set.logged", j("{'exercise':'CMJ','vertical_jump_in':20}"));
    Observations obs = extract(ev);
    assertThat(obs.issues).isEmpty();
    assertThat(obs.jumps).hasSize(4);
    assertThat(obs.jumps.get(0).flightTimeS()).isEqualTo(0.5);
    assertThat(obs.jumps.get(3).heightCm()).isCloseTo(50.8, within(1e-9)); // 20 in × 2.54
    assertThat(obs.strengthSets).isEmpty(); // no load, no reps: not a strength set
  }

  @Test
  void external_activity_reads_the_nested_workout_and_sets() {
    TestEvents ev = TestEvents.user();
    ev.add(
        "external.activity_imported",
        j(
            "{'contract_version':'external_activity.v1','source':{'provider':'garmin'},"
                + "'workout':{'workout_type':'run','duration_seconds':1800,'distance_meters':5000,'sport':'running'},"
                + "'session':{'started_at':'2026-02-14T08:00:00+00:00','timezone':'UTC'}}"));
    ev.add(
        "external.activity_imported",
        j(
            "{'workout':{'workout_type':'bike','duration_seconds':3600,'distance_meters':32000,"
                + "'sport':'cycling','average_power_w':230,'normalized_power_w':245}}"));
    ev.add(
        "external.activity_imported",
        j(
            "{'workout':{'workout_type':'strength','duration_seconds':2400,'sport':'strength'},"
                + "'sets':[{'sequence':1,'exercise':'Back Squat','reps':5,'weight_kg':100,'rpe':8},"
                + "{'sequence':2,'exercise':'Back Squat','reps':5,'weight_kg':100}]}"));
    Observations obs = extract(ev);

    assertThat(obs.issues).isEmpty();
    // 5000 m / 1800 s = 2.778 m/s, running.
    assertThat(obs.enduranceEfforts).hasSize(2);
    assertThat(obs.enduranceEfforts.get(0).speedMps()).isCloseTo(2.7778, within(1e-4));
    assertThat(obs.enduranceEfforts.get(0).sport()).isEqualTo("running");
    assertThat(obs.enduranceEfforts.get(1).powerW()).isEqualTo(230);
    assertThat(obs.enduranceEfforts.get(1).sport()).isEqualTo("cycling");
    assertThat(obs.strengthSets)
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.exerciseKey()).isEqualTo("barbell_back_squat"));
    assertThat(obs.strengthSets.get(0).rpe()).isEqualTo(8);
    assertThat(obs.strengthSets.get(1).rpe()).isNull();
  }

  @Test
  void external_speed_stream_drops_gps_glitches_and_keeps_the_rest() {
    TestEvents ev = TestEvents.user();
    UUID id =
        ev.add(
            "external.activity_imported",
            j(
                "{'workout':{'workout_type':'run','duration_seconds':600,"
                    + "'distance_meters':2000,'streams':{'speed':[3.0,7.5,8.0,8.5,25.0,4.0,null]}}}"));
    Observations obs = extract(ev);
    assertThat(obs.sprintEfforts)
        .singleElement()
        .satisfies(s -> assertThat(s.speedSamples()).containsExactly(3.0, 7.5, 8.0, 8.5, 4.0));
    assertThat(obs.issues)
        .extracting(EventIssue::eventId, EventIssue::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id, EventIssue.SAMPLES_DROPPED));
  }

  /**
   * Bad events: each is left out with an issue of the given code, and nothing throws. The limits
   * are those of {@link Plausibility}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "reps is text            | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':'abc'}                      | wrong_type",
        "reps is an object       | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':{'n':5}}                     | wrong_type",
        "reps is 5.5             | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':5.5}                         | wrong_type",
        "reps is 0               | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':0}                           | implausible_value",
        "reps negative           | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':-3}                          | negative_value",
        "weight negative         | set.logged | {'exercise_id':'squat','weight_kg':-5,'reps':5}                            | negative_value",
        "weight NaN string       | set.logged | {'exercise_id':'squat','weight_kg':'NaN','reps':5}                         | non_finite",
        "weight Infinity string  | set.logged | {'exercise_id':'squat','weight_kg':'Infinity','reps':5}                    | non_finite",
        "weight overflows        | set.logged | {'exercise_id':'squat','weight_kg':1e999,'reps':5}                         | non_finite",
        "rpe 11                  | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':5,'rpe':11}                  | implausible_value",
        "rir is a list           | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':5,'rir':[2]}                 | wrong_type",
        "deadlift 600 kg         | set.logged | {'exercise_id':'conventional_deadlift','weight_kg':600,'reps':1}          | implausible_value",
        "squat 495 kg            | set.logged | {'exercise':'Kniebeuge','weight_kg':495,'reps':1}                          | implausible_value",
        "bench 400 kg            | set.logged | {'exercise_id':'bench_press','weight_kg':400,'reps':1}                     | implausible_value",
        "exercise is an object   | set.logged | {'exercise':{'name':'squat'},'weight_kg':100,'reps':5}                     | wrong_type",
        "load_context is text    | set.logged | {'exercise_id':'squat','weight_kg':100,'reps':5,'load_context':'gym'}      | wrong_type",
        "flight time 1.2 s       | set.logged | {'exercise':'cmj','flight_time_s':1.2}                                     | implausible_value",
        "flight time 0.05 s      | set.logged | {'exercise':'cmj','flight_time_s':0.05}                                    | implausible_value",
        "blocks is an object     | session.logged | {'blocks':{'block_type':'strength_set'}}                              | wrong_type",
        "unknown block type      | session.logged | {'blocks':[{'block_type':'yoga_flow','dose':{'work':{'duration_seconds':600}}}]} | unknown_block_type",
        "block without type      | session.logged | {'blocks':[{'dose':{'work':{'reps':5}}}]}                             | unknown_block_type",
        "block is a string       | session.logged | {'blocks':['strength_set']}                                           | wrong_type",
        "repeats 10000           | session.logged | {'blocks':[{'block_type':'strength_set','dose':{'work':{'reps':5},'repeats':10000}}]} | implausible_value",
        "sprint 100 m in 7 s     | session.logged | {'blocks':[{'block_type':'sprint_accel_maxv','dose':{'work':{'distance_meters':100,'duration_seconds':7}}}]} | implausible_value",
        "sprint duration 0       | session.logged | {'blocks':[{'block_type':'sprint_accel_maxv','dose':{'work':{'distance_meters':30,'duration_seconds':0}}}]} | implausible_value",
        "heart rate 300          | session.logged | {'blocks':[{'block_type':'interval_endurance','dose':{'work':{'duration_seconds':600}},'metrics':{'heart_rate_avg':300}}]} | implausible_value",
        "heart rate 20 anchor    | session.logged | {'blocks':[{'block_type':'interval_endurance','dose':{'work':{'duration_seconds':600}},'intensity_anchors':[{'unit':'bpm','value':20}]}]} | implausible_value",
        "power 3000 W            | session.logged | {'blocks':[{'block_type':'interval_endurance','dose':{'work':{'duration_seconds':60}},'intensity_anchors':[{'unit':'W','value':3000}]}]} | implausible_value",
        "pace 0                  | session.logged | {'blocks':[{'block_type':'interval_endurance','dose':{'work':{'duration_seconds':60}},'intensity_anchors':[{'unit':'min_per_km','value':0}]}]} | implausible_value",
        "workout is a list       | external.activity_imported | {'workout':[1800,5000]}                                   | wrong_type",
        "workout duration text   | external.activity_imported | {'workout':{'workout_type':'run','duration_seconds':'long','distance_meters':5000}} | wrong_type",
        "workout negative dist   | external.activity_imported | {'workout':{'workout_type':'run','duration_seconds':1800,'distance_meters':-5000}} | negative_value",
        "run at 20 m/s           | external.activity_imported | {'workout':{'workout_type':'run','duration_seconds':100,'distance_meters':2000}} | implausible_value",
        "workout max power 5000  | external.activity_imported | {'workout':{'workout_type':'ride','duration_seconds':3600,'max_power':5000,'average_power':200}} | implausible_value",
        "sets is an object       | external.activity_imported | {'sets':{'exercise':'squat'}}                             | wrong_type",
        "set reps NaN            | external.activity_imported | {'sets':[{'exercise':'squat','reps':'NaN','weight_kg':100}]} | non_finite",
        "correction non-object   | set.corrected | {'target_event_id':'01956abc-def0-7000-8000-000000000001','changed_fields':[1]} | invalid_correction"
      })
  void bad_events_are_left_out_with_an_issue(String name, String type, String json, String code) {
    Observations[] obs = new Observations[1];
    assertThatCode(() -> obs[0] = extractOne(type, json)).doesNotThrowAnyException();
    assertThat(obs[0].issues).extracting(EventIssue::code).containsExactly(code);
    assertThat(obs[0].size()).isZero();
  }

  @Test
  void a_bad_block_leaves_the_other_blocks_of_the_session() {
    Observations obs =
        extractOne(
            "session.logged",
            "{'blocks':["
                + "{'block_type':'strength_set','dose':{'work':{'reps':3},'repeats':2},'intensity_anchors':[{'unit':'kg','value':120}]},"
                + "{'block_type':'underwater_basket_weaving'},"
                + "{'block_type':'recovery_session','dose':{'work':{'duration_seconds':600}}}]}");
    assertThat(obs.strengthSets).hasSize(2);
    assertThat(obs.issues)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.code()).isEqualTo(EventIssue.UNKNOWN_BLOCK_TYPE);
              assertThat(i.reason()).startsWith("blocks[1]");
            });
  }

  @Test
  void one_bad_imported_set_leaves_the_others() {
    Observations obs =
        extractOne(
            "external.activity_imported",
            "{'sets':[{'exercise':'Squat','reps':5,'weight_kg':100},{'exercise':'Squat','reps':5,'weight_kg':-1}]}");
    assertThat(obs.strengthSets).hasSize(1);
    assertThat(obs.issues).extracting(EventIssue::code).containsExactly(EventIssue.NEGATIVE_VALUE);
  }
}
