package com.athletebatch.capability.events;

import static com.athletebatch.capability.TestEvents.j;
import static com.athletebatch.capability.events.ObservationExtractorTest.extractOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.CapabilityEstimator;
import com.athletebatch.capability.TestEvents;
import com.athletebatch.capability.UserEstimate;
import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.estimators.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The payload shapes the demo generator ({@code com.athletebatch.demo.EventFactory}) writes, next
 * to the shapes the parser read before: both must give the same observations.
 */
class DemoShapesTest {

  private static final String SPRINT =
      "{'session_meta':{'sport':'sprint'},'blocks':[{'block_type':'sprint_accel_maxv',"
          + "'dose':{'work':{'distance_meters':30,'duration_seconds':4.3},'repeats':2},%s}]}";

  /** "10:1.9 20:3.1" → the splits it stands for. */
  private static List<SprintEffort.Split> splits(String pairs) {
    return pairs.isBlank()
        ? List.of()
        : Arrays.stream(pairs.trim().split("\\s+"))
            .map(p -> p.split(":"))
            .map(p -> new SprintEffort.Split(Double.parseDouble(p[0]), Double.parseDouble(p[1])))
            .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // name | block fields | expected splits (distance:time) or issue code
        "demo: parallel arrays in metrics | 'metrics':{'split_distances_m':[10,20,30],'split_times_s':[1.9,3.1,4.3]} | 10:1.9 20:3.1 30:4.3",
        "parallel arrays on the block     | 'split_distances_meters':[10,20],'split_times_seconds':['1,9',3.1]          | 10:1.9 20:3.1",
        "objects on the block (before)    | 'splits':[{'distance_meters':10,'time_seconds':1.9},{'distance_meters':20,'time_seconds':3.1}] | 10:1.9 20:3.1",
        "objects in metrics (before)      | 'metrics':{'splits':[{'distance_meters':10,'elapsed_seconds':1.9}]}       | 10:1.9",
        "objects win over parallel arrays | 'splits':[{'distance_meters':10,'time_seconds':2.0}],'metrics':{'split_distances_m':[10],'split_times_s':[1.9]} | 10:2.0",
        "no splits: distance/time only    | 'metrics':{'heart_rate_avg':150}                                         | \"\"",
        "lengths differ                   | 'metrics':{'split_distances_m':[10,20,30],'split_times_s':[1.9,3.1]}     | implausible_value",
        "times missing                    | 'metrics':{'split_distances_m':[10,20]}                                  | implausible_value",
        "not increasing                   | 'metrics':{'split_distances_m':[10,20],'split_times_s':[3.1,1.9]}        | implausible_value",
        "segment faster than 12.5 m/s     | 'metrics':{'split_distances_m':[10,20],'split_times_s':[1.9,2.3]}        | implausible_value",
        "text sample                      | 'metrics':{'split_distances_m':[10,'far'],'split_times_s':[1.9,3.1]}     | wrong_type",
        "distances not an array           | 'metrics':{'split_distances_m':'10,20','split_times_s':[1.9,3.1]}        | wrong_type"
      })
  void sprint_block_splits(String name, String fields, String expected) {
    Observations obs = extractOne("session.logged", String.format(Locale.ROOT, SPRINT, fields));
    if (expected.contains("_")) {
      assertThat(obs.issues).extracting(EventIssue::code).containsExactly(expected);
      assertThat(obs.sprintEfforts).isEmpty();
      return;
    }
    assertThat(obs.issues).isEmpty();
    assertThat(obs.sprintEfforts)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.splits()).containsExactlyElementsOf(splits(expected));
              assertThat(e.distanceM()).isEqualTo(30);
              assertThat(e.durationS()).isEqualTo(4.3);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // name | block fields | samples kept | samples dropped
        "demo: gps_speed_m_s in metrics   | 'metrics':{'gps_speed_m_s':[2.1,5.0,7.9,8.8,9.1],'sample_rate_hz':5} | 2.1 5.0 7.9 8.8 9.1 | 0",
        "streams.speed in metrics         | 'metrics':{'streams':{'speed':[3.0,null,8.5]}}                        | 3.0 8.5             | 0",
        "speed_stream on the block        | 'speed_stream':[4.0,'8,5']                                            | 4.0 8.5             | 0",
        "GPS glitches dropped             | 'metrics':{'gps_speed_m_s':[6.0,31.0,8.0,-1.0]}                       | 6.0 8.0             | 2"
      })
  void sprint_block_speed_streams(String name, String fields, String kept, int dropped) {
    Observations obs = extractOne("session.logged", String.format(Locale.ROOT, SPRINT, fields));
    List<Double> samples = Arrays.stream(kept.trim().split("\\s+")).map(Double::valueOf).toList();
    assertThat(obs.sprintEfforts)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.speedSamples()).isEqualTo(samples));
    assertThat(obs.issues)
        .extracting(EventIssue::code)
        .containsExactlyElementsOf(dropped == 0 ? List.of() : List.of(EventIssue.SAMPLES_DROPPED));
  }

  @Test
  void a_sprint_block_with_only_a_stream_is_an_effort() {
    Observations obs =
        extractOne(
            "session.logged",
            "{'blocks':[{'block_type':'sprint_accel_maxv','dose':{'repeats':1},"
                + "'metrics':{'gps_speed_m_s':[5.0,8.0,9.0,10.0,9.0,6.0],'sample_rate_hz':5}}]}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.sprintEfforts)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.distanceM()).isNull();
              assertThat(e.speedSamples()).hasSize(6);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // metrics as the demo writes them | measured height cm | flight time s | take-off velocity
        // m/s
        "{'jump_height_cm':45.5}          | 45.5   |      | ",
        "{'cmj_height_cm':41.2}           | 41.2   |      | ",
        "{'vertical_jump_cm':38}          | 38     |      | ",
        "{'vertical_jump_in':18}          | 45.72  |      | ",
        "{'flight_time_seconds':0.58}     |        | 0.58 | ",
        "{'takeoff_velocity_m_s':2.9}     |        |      | 2.9"
      })
  void demo_jump_metrics(String metrics, Double heightCm, Double flightS, Double takeoff) {
    Observations obs =
        extractOne(
            "session.logged",
            "{'session_meta':{'sport':'jumps','session_id':'s1'},'blocks':[{"
                + "'block_type':'plyometric_reactive','dose':{'work':{'contacts':20},'repeats':3},"
                + "'intensity_anchors':[{'measurement_state':'measured','unit':'rpe','value':7}],'metrics':"
                + metrics
                + "}]}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.jumps)
        .hasSize(3)
        .allSatisfy(
            jm -> {
              assertThat(jm.sessionKey()).isEqualTo("s1");
              if (heightCm == null) {
                assertThat(jm.heightCm()).isNull();
              } else {
                assertThat(jm.heightCm()).isCloseTo(heightCm, within(1e-9));
              }
              assertThat(jm.flightTimeS()).isEqualTo(flightS);
              assertThat(jm.takeoffVelocityMps()).isEqualTo(takeoff);
            });
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // session sport | anchor unit | value | effort sport | speed m/s | power W
        "cycling | watts      | 265  | cycling |        | 265",
        "cycling | W          | 265  | cycling |        | 265",
        "running | min_per_km | 4.0  | running | 4.1667 | ",
        "hybrid  | min_per_km | 5.0  | running | 3.3333 | ",
        "running | km_per_h   | 18   | running | 5.0    | "
      })
  void interval_anchors(
      String sport, String unit, double value, String effortSport, Double speed, Double power) {
    Observations obs =
        extractOne(
            "session.logged",
            "{'session_meta':{'sport':'"
                + sport
                + "'},'blocks':[{"
                + "'block_type':'interval_endurance','dose':{'work':{'duration_seconds':300},'repeats':4},"
                + "'intensity_anchors':[{'measurement_state':'measured','unit':'"
                + unit
                + "','value':"
                + value
                + "},"
                + "{'measurement_state':'measured','unit':'borg_cr10','value':8}],"
                + "'metrics':{'heart_rate_avg':{'measurement_state':'measured','unit':'bpm','value':171}}}]}");
    assertThat(obs.issues).isEmpty();
    assertThat(obs.enduranceEfforts)
        .hasSize(4)
        .allSatisfy(
            e -> {
              assertThat(e.sport()).isEqualTo(effortSport);
              assertThat(e.durationS()).isEqualTo(300);
              if (speed == null) {
                assertThat(e.speedMps()).isNull();
              } else {
                assertThat(e.speedMps()).isCloseTo(speed, within(1e-4));
              }
              assertThat(e.powerW()).isEqualTo(power);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // name | workout power fields | expected efforts (duration:power), or issue code
        "demo: average power only       | 'average_power_w':210                           | 3600:210",
        "demo: max 20-min power only    | 'max_20min_power_w':280                         | 1200:280",
        "demo: both                     | 'average_power_w':210,'max_20min_power_w':280   | 3600:210 1200:280",
        "best 5 min, metric object      | 'best_5min_power':{'value':330,'unit':'W'}      | 300:330",
        "peak 60 s                      | 'peak_60s_power_w':540                          | 60:540",
        "max power has no duration      | 'max_power_w':900                               | \"\"",
        "peak above 2600 W              | 'max_20min_power_w':3000                        | implausible_value",
        "peak longer than the workout   | 'max_90min_power_w':250                         | implausible_value",
        "peak power is text             | 'max_20min_power_w':'strong'                    | wrong_type"
      })
  void external_ride_power_fields(String name, String fields, String expected) {
    Observations obs =
        extractOne(
            "external.activity_imported",
            "{'contract_version':'external_activity.v1',"
                + "'source':{'provider':'garmin'},'workout':{'workout_type':'bike','duration_seconds':3600,"
                + "'distance_meters':30000,'sport':'cycling',"
                + fields
                + "}}");
    if (expected.contains("_")) {
      assertThat(obs.issues).extracting(EventIssue::code).containsExactly(expected);
      assertThat(obs.size()).isZero();
      return;
    }
    assertThat(obs.issues).isEmpty();
    List<String> efforts =
        obs.enduranceEfforts.stream()
            .filter(e -> e.powerW() != null)
            .map(e -> Math.round(e.durationS()) + ":" + Math.round(e.powerW()))
            .toList();
    assertThat(efforts)
        .containsExactlyElementsOf(expected.isBlank() ? List.of() : List.of(expected.split(" ")));
    assertThat(obs.enduranceEfforts).allSatisfy(e -> assertThat(e.sport()).isEqualTo("cycling"));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // exercise (no id unless given) | exercise_id | key
        "Back Squat            |                    | barbell_back_squat",
        "Kniebeuge             |                    | barbell_back_squat",
        "Squat                 |                    | barbell_back_squat",
        "Low Bar Squat         |                    | low_bar_squat",
        "Front Squat           |                    | front_squat",
        "Bench Press           |                    | barbell_bench_press",
        "Bankdrücken           |                    | barbell_bench_press",
        "Bench                 |                    | barbell_bench_press",
        "Deadlift              |                    | barbell_deadlift",
        "Kreuzheben            |                    | barbell_deadlift",
        "Conventional Deadlift |                    | barbell_deadlift",
        "Overhead Press        |                    | overhead_press",
        "OHP                   |                    | overhead_press",
        "Military Press        |                    | overhead_press",
        "Kniebeuge             | barbell_back_squat | barbell_back_squat",
        "Back Squat            | low_bar_squat      | low_bar_squat",
        "Bench Press           | bench_press        | bench_press"
      })
  void main_lift_names_share_the_key_of_their_exercise_id(String name, String id, String key) {
    String idField = id == null ? "" : ",'exercise_id':'" + id + "'";
    Observations logged =
        extractOne(
            "set.logged", "{'exercise':'" + name + "'" + idField + ",'weight_kg':100,'reps':5}");
    assertThat(logged.strengthSets)
        .singleElement()
        .satisfies(s -> assertThat(s.exerciseKey()).isEqualTo(key));
    if (id == null) { // the demo's imported sets carry names only
      Observations imported =
          extractOne(
              "external.activity_imported",
              "{'workout':{'workout_type':'strength',"
                  + "'duration_seconds':2400},'sets':[{'sequence':1,'exercise':'"
                  + name
                  + "','reps':5,'weight_kg':100}]}");
      assertThat(imported.strengthSets)
          .singleElement()
          .satisfies(s -> assertThat(s.exerciseKey()).isEqualTo(key));
    }
  }

  @Test
  void max_20min_power_alone_gives_an_ftp_estimate() {
    // Three rides of 1 h with only the best 20-min power: FTP = 0.95 × the best = 0.95 × 300 = 285
    // W.
    TestEvents ev = TestEvents.user();
    for (int w : new int[] {260, 300, 280}) {
      ev.add(
          "external.activity_imported",
          j(
              "{'workout':{'workout_type':'bike','duration_seconds':3600,"
                  + "'distance_meters':30000,'sport':'cycling','max_20min_power_w':"
                  + w
                  + "}}"));
    }
    CapabilityOutput o = estimate(ev).outputs().get("endurance_threshold");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.unit()).isEqualTo("W");
    assertThat(o.diagnostics()).containsEntry("method", "ftp_0.95x_best_20min");
    assertThat(o.mean()).isCloseTo(285, within(1e-9));
  }

  @Test
  void demo_shaped_splits_give_the_mss_of_the_model_they_follow() {
    // Splits of x(t) = MSS·(t − τ(1 − e^(−t/τ))) with MSS 9 m/s, τ 1.2 s at 1.5, 2.5, 3.5 and 4.5
    // s.
    double mss = 9, tau = 1.2;
    double[] t = {1.5, 2.5, 3.5, 4.5};
    StringBuilder d = new StringBuilder(), ts = new StringBuilder();
    for (double x : t) {
      d.append(d.length() == 0 ? "" : ",").append(mss * (x - tau * (1 - Math.exp(-x / tau))));
      ts.append(ts.length() == 0 ? "" : ",").append(x);
    }
    TestEvents ev = TestEvents.user();
    for (int i = 0; i < 3; i++) {
      ev.add(
          "session.logged",
          j(
              "{'blocks':[{'block_type':'sprint_accel_maxv','dose':{'repeats':1},"
                  + "'metrics':{'split_distances_m':["
                  + d
                  + "],'split_times_s':["
                  + ts
                  + "]}}]}"));
    }
    CapabilityOutput o = estimate(ev).outputs().get("sprint_max_speed");
    assertThat(o.status()).isEqualTo(Status.OK);
    assertThat(o.comparabilityGroups()).containsExactly("split_fit");
    assertThat(o.mean()).isCloseTo(9.0, within(0.01));
  }

  @Test
  void demo_shaped_gps_stream_gives_the_max_of_the_3_sample_average() {
    // max of the 3-sample moving average of [5, 8, 9, 10, 9, 6] = (9 + 10 + 9) / 3 = 9.3333 m/s.
    TestEvents ev = TestEvents.user();
    for (int i = 0; i < 3; i++) {
      ev.add(
          "session.logged",
          j(
              "{'blocks':[{'block_type':'sprint_accel_maxv','dose':{'repeats':1},"
                  + "'metrics':{'gps_speed_m_s':[5,8,9,10,9,6],'sample_rate_hz':5}}]}"));
    }
    CapabilityOutput o = estimate(ev).outputs().get("sprint_max_speed");
    assertThat(o.comparabilityGroups()).containsExactly("gps_stream");
    assertThat(o.mean()).isCloseTo(9.3333, within(1e-4));
  }

  private static UserEstimate estimate(TestEvents ev) {
    return new CapabilityEstimator().estimateUser(TestEvents.USER, ev.list(), TestEvents.AS_OF);
  }
}
