package com.athletebatch.capability.events;

import static com.athletebatch.capability.TestEvents.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.capability.TestEvents;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventResolverTest {

  private final EventResolver resolver = new EventResolver();

  @Test
  void retraction_drops_its_target_whether_it_comes_before_or_after() {
    TestEvents ev = TestEvents.user();
    UUID kept = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}"));
    UUID dropped = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':150,'reps':5}"));
    ev.add("event.retracted", j("{'retracted_event_id':'" + dropped + "'}"));
    // A retraction naming an event that comes later (clock skew between devices) still applies.
    UUID retraction = ev.nextId();
    UUID later =
        new UUID(retraction.getMostSignificantBits(), retraction.getLeastSignificantBits() + 1);
    ev.add("event.retracted", j("{'retracted_event_id':'" + later + "'}"));
    assertThat(ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':200,'reps':5}")))
        .isEqualTo(later);

    EventResolver.Resolution r = resolver.resolve(ev.list());

    assertThat(r.events()).extracting(e -> e.source().event().id()).containsExactly(kept);
    assertThat(r.retracted()).isEqualTo(2);
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void retraction_without_a_uuid_is_an_issue() {
    TestEvents ev = TestEvents.user();
    UUID bad = ev.add("event.retracted", j("{'retracted_event_id':'<uuid>'}"));
    EventResolver.Resolution r = resolver.resolve(ev.list());
    assertThat(r.issues())
        .containsExactly(
            new EventIssue(
                bad, EventIssue.INVALID_RETRACTION, "retracted_event_id missing or not a UUID"));
  }

  /** The three changed_fields shapes all set weight_kg to 96 over the logged 100. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'weight_kg':96}",
        "{'weight_kg':{'value':96,'repair_provenance':{'source_type':'explicit','confidence':1.0}}}",
        "{'weight_kg':{'from':100,'to':96}}"
      })
  void correction_applies_plain_value_and_from_to_shapes(String changedFields) {
    TestEvents ev = TestEvents.user();
    UUID target = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}"));
    UUID fix =
        ev.add(
            "set.corrected",
            j("{'target_event_id':'" + target + "','changed_fields':" + changedFields + "}"));

    EventResolver.Resolution r = resolver.resolve(ev.list());

    assertThat(r.events()).hasSize(1);
    assertThat(r.events().get(0).data().get("weight_kg").asDouble()).isEqualTo(96);
    assertThat(r.events().get(0).source().corrections())
        .extracting(EventRef::id)
        .containsExactly(fix);
    assertThat(r.correctionsApplied()).isEqualTo(1);
  }

  @Test
  void corrections_apply_in_timestamp_order_so_the_latest_wins() {
    TestEvents ev = TestEvents.user();
    UUID target = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}"));
    ev.add("set.corrected", j("{'target_event_id':'" + target + "','changed_fields':{'reps':6}}"));
    ev.add(
        "set.corrected",
        j("{'target_event_id':'" + target + "','changed_fields':{'reps':{'from':6,'to':4}}}"));
    assertThat(resolver.resolve(ev.list()).events().get(0).data().get("reps").asInt()).isEqualTo(4);
  }

  @Test
  void correction_of_a_missing_or_retracted_target_is_recorded_and_ignored() {
    TestEvents ev = TestEvents.user();
    UUID gone = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}"));
    ev.add("event.retracted", j("{'retracted_event_id':'" + gone + "'}"));
    UUID c1 =
        ev.add(
            "set.corrected", j("{'target_event_id':'" + gone + "','changed_fields':{'reps':6}}"));
    UUID c2 =
        ev.add(
            "set.corrected",
            j(
                "{'target_event_id':'01956abc-def0-7000-8000-000000000001','changed_fields':{'reps':6}}"));
    UUID c3 =
        ev.add(
            "set.corrected",
            j("{'target_event_id':'<uuid of set.logged event>','changed_fields':{'reps':6}}"));

    EventResolver.Resolution r = resolver.resolve(ev.list());

    assertThat(r.events()).isEmpty();
    assertThat(r.issues())
        .extracting(EventIssue::eventId, EventIssue::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(c1, EventIssue.CORRECTION_TARGET_RETRACTED),
            org.assertj.core.groups.Tuple.tuple(c2, EventIssue.CORRECTION_TARGET_MISSING),
            org.assertj.core.groups.Tuple.tuple(c3, EventIssue.INVALID_CORRECTION));
  }

  @Test
  void a_retracted_correction_is_not_applied() {
    TestEvents ev = TestEvents.user();
    UUID target = ev.add("set.logged", j("{'exercise_id':'squat','weight_kg':100,'reps':5}"));
    UUID fix =
        ev.add(
            "set.corrected",
            j("{'target_event_id':'" + target + "','changed_fields':{'weight_kg':10}}"));
    ev.add("event.retracted", j("{'retracted_event_id':'" + fix + "'}"));
    assertThat(resolver.resolve(ev.list()).events().get(0).data().get("weight_kg").asDouble())
        .isEqualTo(100);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{not json                | malformed_json",
        "''                        | malformed_json",
        "[1,2,3]                   | wrong_json_type",
        "'\"just a string\"'       | wrong_json_type",
        "42                        | wrong_json_type",
        "null                      | wrong_json_type"
      })
  void unreadable_data_is_an_issue_not_an_exception(String data, String code) {
    TestEvents ev = TestEvents.user();
    UUID id = ev.add("set.logged", data);
    EventResolver.Resolution r = resolver.resolve(ev.list());
    assertThat(r.events()).isEmpty();
    assertThat(r.issues())
        .extracting(EventIssue::eventId, EventIssue::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id, code));
  }
}
