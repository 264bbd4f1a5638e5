package com.athletebatch.capability;

import static com.athletebatch.capability.TestEvents.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.estimators.Status;
import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.json.JsonMappers;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class CapabilityEstimatorTest {

  private static final ObjectMapper MAPPER = JsonMappers.MAPPER;
  private final CapabilityEstimator estimator = new CapabilityEstimator();

  private UserEstimate estimate(TestEvents ev) {
    return estimator.estimateUser(TestEvents.USER, ev.list(), TestEvents.AS_OF);
  }

  @Test
  void always_all_four_keys_even_without_events() {
    UserEstimate u = estimator.estimateUser(TestEvents.USER, List.of(), TestEvents.AS_OF);
    assertThat(u.outputs()).containsOnlyKeys(CapabilityEstimator.KEYS);
    assertThat(u.outputs().values())
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Status.INSUFFICIENT_DATA);
              assertThat(o.mean()).isNull();
              assertThat(o.lastEventId()).isNull();
            });
    assertThat(u.newestEventId()).isNull();
  }

  @Test
  void rpe_with_decimal_comma_end_to_end() {
    // 170 × 3 @ "8,5" → RIR 1.5 → 4.5 effective reps → 87.75 % → 170 / 0.8775 = 193.73 kg
    TestEvents ev =
        TestEvents.user()
            .with(
                "set.logged",
                j("{'exercise_id':'low_bar_squat','weight_kg':170,'reps':3,'rpe':'8,5'}"));
    assertThat(estimate(ev).outputs().get("strength_1rm").mean()).isCloseTo(193.73, within(0.01));
  }

  @Test
  void correction_changes_the_estimate_and_becomes_the_last_event() {
    // 100 × 5 @ RPE 8 corrected to 96 kg → 96 / 0.811 = 118.37 kg
    TestEvents ev = TestEvents.user();
    UUID set = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5,'rpe':8}"));
    UUID fix =
        ev.add(
            "set.corrected",
            j("{'target_event_id':'" + set + "','changed_fields':{'weight_kg':{'value':96}}}"));
    CapabilityOutput o = estimate(ev).outputs().get("strength_1rm");
    assertThat(o.mean()).isCloseTo(118.37, within(0.01));
    assertThat(o.eventIdsUsed()).containsExactly(set, fix);
    assertThat(o.lastEventId()).isEqualTo(fix);
  }

  @Test
  void bad_events_go_to_issues_and_to_every_output_caveats() {
    TestEvents ev = TestEvents.user();
    UUID good = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5,'rpe':8}"));
    UUID malformed = ev.add("set.logged", "{\"exercise_id\": \"squat\", \"weight_kg\": 1");
    UUID negative = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':-100,'reps':5}"));
    UUID orphan =
        ev.add(
            "set.corrected",
            j(
                "{'target_event_id':'01956abc-def0-7000-8000-000000000001','changed_fields':{'reps':6}}"));
    UserEstimate u = estimate(ev);

    assertThat(u.issues())
        .extracting(EventIssue::eventId)
        .containsExactlyInAnyOrder(malformed, negative, orphan);
    assertThat(u.counts().eventsWithIssues()).isEqualTo(3);
    assertThat(u.outputs().values())
        .allSatisfy(
            o ->
                assertThat(o.caveats())
                    .filteredOn(c -> c.code().equals("event_skipped"))
                    .hasSize(3));
    assertThat(u.outputs().get("strength_1rm").eventIdsUsed()).containsExactly(good);
  }

  @Test
  void many_issues_are_summarised_in_caveats() {
    TestEvents ev = TestEvents.user();
    for (int i = 0; i < 25; i++) {
      ev.add("set.logged", "not json");
    }
    UserEstimate u = estimate(ev);
    assertThat(u.issues()).hasSize(25);
    CapabilityOutput o = u.outputs().get("jump_height");
    assertThat(o.caveats())
        .filteredOn(c -> c.code().equals("event_skipped"))
        .hasSize(CapabilityEstimator.MAX_ISSUE_CAVEATS);
    assertThat(o.caveats())
        .filteredOn(c -> c.code().equals("event_issues_truncated"))
        .singleElement()
        .satisfies(c -> assertThat(c.details()).containsEntry("issues_total", 25));
  }

  @Test
  void body_weight_event_enables_the_w_per_kg_check() {
    TestEvents ev =
        TestEvents.user()
            .with("bodyweight.logged", j("{'weight_kg':50}"))
            .with(
                "external.activity_imported",
                j(
                    "{'workout':{'workout_type':'ride','sport':'cycling','duration_seconds':1200,'average_power_w':400}}"));
    // 0.95 × 400 = 380 W = 7.6 W/kg at 50 kg → rejected
    assertThat(estimate(ev).outputs().get("endurance_threshold").mean()).isNull();
  }

  @Test
  void json_follows_capability_output_v1() throws Exception {
    TestEvents ev = TestEvents.user();
    for (int i = 0; i < 3; i++) {
      ev.add(
          "set.logged",
          j(
              "{'exercise_id':'squat','weight_kg':100,'reps':5,'rpe':8,'load_context':{'comparability_group':'free_weight'}}"));
    }
    ev.add(
        "session.logged",
        j(
            "{'session_meta':{'sport':'running','timezone':'Europe/Berlin'},'blocks':[{'block_type':'nonsense'}]}"));
    UserEstimate u = estimate(ev);
    Map<String, String> rendered = CapabilityOutputJson.renderAll(u);
    assertThat(rendered).containsOnlyKeys(CapabilityEstimator.KEYS);

    JsonNode d = MAPPER.readTree(rendered.get("strength_1rm"));
    assertThat(fieldNames(d))
        .containsExactly(
            "schema_version",
            "capability",
            "status",
            "estimate",
            "confidence",
            "data_sufficiency",
            "caveats",
            "recommended_next_observations",
            "protocol_signature",
            "comparability",
            "diagnostics",
            "model_version",
            "generated_at",
            "timezone_context");
    assertThat(d.get("schema_version").asString()).isEqualTo("capability_output.v1");
    assertThat(d.get("capability").asString()).isEqualTo("strength_1rm");
    assertThat(d.get("status").asString()).isEqualTo("ok");
    assertThat(d.at("/estimate/mean").asDouble())
        .isEqualTo(123.3046); // 100/0.811 = 123.30456 rounded to 4 decimals
    assertThat(d.at("/estimate/interval")).hasSize(2);
    assertThat(d.at("/estimate/unit").asString()).isEqualTo("kg");
    // 3/6 × 1/(1 + 7/30) (events are 7 days before asOf) = 0.5 × 0.8108 = 0.4054
    assertThat(d.at("/confidence").asDouble()).isEqualTo(0.4054);
    assertThat(fieldNames(d.get("data_sufficiency")))
        .containsExactly(
            "required_observations",
            "observed_observations",
            "uncertainty_reason_codes",
            "recommended_next_observations");
    assertThat(d.at("/data_sufficiency/observed_observations").asInt()).isEqualTo(3);
    assertThat(d.at("/caveats/0/code").asString()).isEqualTo("event_skipped");
    assertThat(d.at("/caveats/0/severity").asString()).isEqualTo("warning");
    assertThat(d.at("/caveats/0/details/issue_code").asString()).isEqualTo("unknown_block_type");
    assertThat(d.at("/comparability/groups_total").asInt()).isEqualTo(1);
    assertThat(d.at("/comparability/groups/0").asString()).isEqualTo("free_weight");
    assertThat(d.at("/diagnostics/unit").asString()).isEqualTo("kg");
    assertThat(d.at("/diagnostics/headline_exercise").asString()).isEqualTo("squat");
    assertThat(d.at("/generated_at").asString()).isEqualTo(TestEvents.AS_OF.toString());
    assertThat(d.at("/timezone_context/timezone").asString()).isEqualTo("Europe/Berlin");
    assertThat(d.at("/timezone_context/assumed").asBoolean()).isFalse();

    JsonNode empty = MAPPER.readTree(rendered.get("sprint_max_speed"));
    assertThat(empty.at("/status").asString()).isEqualTo("insufficient_data");
    assertThat(empty.at("/estimate/mean").isNull()).isTrue();
    assertThat(empty.at("/estimate/interval/0").isNull()).isTrue();
    assertThat(empty.at("/estimate/interval/1").isNull()).isTrue();
    assertThat(rendered.values()).noneMatch(s -> s.contains("NaN") || s.contains("Infinity"));
  }

  @Test
  void timezone_is_assumed_utc_when_not_logged() throws Exception {
    UserEstimate u =
        estimate(
            TestEvents.user()
                .with("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}")));
    JsonNode d = MAPPER.readTree(CapabilityOutputJson.renderAll(u).get("jump_height"));
    assertThat(d.at("/timezone_context/timezone").asString()).isEqualTo("UTC");
    assertThat(d.at("/timezone_context/assumed").asBoolean()).isTrue();
    assertThat(d.at("/timezone_context/assumption_disclosure").asString()).isNotBlank();
  }

  /** Every example payload of every event type, each alone as a user's only event: no exception. */
  @TestFactory
  List<DynamicTest> every_reference_example_is_processed_without_exception() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    JsonNode root = examples();
    for (String type : root.propertyNames()) {
      if (type.startsWith("_")) {
        continue;
      }
      JsonNode list = root.get(type);
      for (int i = 0; i < list.size(); i++) {
        String data = MAPPER.writeValueAsString(list.get(i).get("data"));
        tests.add(
            DynamicTest.dynamicTest(
                type + " #" + i,
                () -> {
                  TestEvents ev = TestEvents.user().with(type, data);
                  assertThatCode(
                          () -> {
                            UserEstimate u = estimate(ev);
                            assertThat(u.outputs()).hasSize(4);
                            for (String json : CapabilityOutputJson.renderAll(u).values()) {
                              MutatedExamplesTest.assertStrictJson(json);
                            }
                          })
                      .doesNotThrowAnyException();
                }));
      }
    }
    return tests;
  }

  /** All examples together as one user's history: known answers from the examples themselves. */
  @Test
  void all_reference_examples_as_one_user() throws Exception {
    JsonNode root = examples();
    TestEvents ev = TestEvents.user();
    for (String type :
        List.of(
            "set.logged",
            "session.logged",
            "external.activity_imported",
            "set.corrected",
            "event.retracted")) {
      for (JsonNode ex : root.get(type)) {
        ev.add(type, MAPPER.writeValueAsString(ex.get("data")));
      }
    }
    UserEstimate u = estimate(ev);
    Map<String, CapabilityOutput> o = u.outputs();

    // Strength headline: low_bar_squat 170 × 3 @ 8.5 → 193.73 kg beats barbell_back_squat
    // (100 × 5 @ RIR 2 → 123.30) and barbell_bench_press (107.5 × 8 @ RPE 9 → 9 → 76.2 % → 141.08).
    assertThat(o.get("strength_1rm").diagnostics())
        .containsEntry("headline_exercise", "low_bar_squat");
    assertThat(o.get("strength_1rm").mean()).isCloseTo(193.73, within(0.01));
    // Sprint: only the legacy 30 m / 4.2 s = 7.143 m/s.
    assertThat(o.get("sprint_max_speed").mean()).isCloseTo(7.1429, within(1e-4));
    // Jumps: none measured in the examples (plyometric block logs contacts and RPE only).
    assertThat(o.get("jump_height").status()).isEqualTo(Status.INSUFFICIENT_DATA);
    // Endurance: running speed; the 120-s repeats and 30-min runs give no fit, so the latest stated
    // critical speed (4.3 m/s, from the readiness example's workout.relative_intensity) is used.
    assertThat(o.get("endurance_threshold").unit()).isEqualTo("m/s");
    assertThat(o.get("endurance_threshold").mean()).isEqualTo(4.3);
    // The corrections and retractions of the examples name placeholder ids ("<uuid>") or
    // 01956abc-…-0001,
    // which the first retraction example retracts: issues, not failures.
    assertThat(u.issues())
        .extracting(EventIssue::code)
        .contains(
            EventIssue.INVALID_CORRECTION,
            EventIssue.CORRECTION_TARGET_RETRACTED,
            EventIssue.INVALID_RETRACTION);
  }

  private static JsonNode examples() throws Exception {
    try (InputStream in =
        CapabilityEstimatorTest.class.getResourceAsStream("/kura-event-examples.json")) {
      return MAPPER.readTree(in);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    return new ArrayList<>(n.propertyNames());
  }
}
