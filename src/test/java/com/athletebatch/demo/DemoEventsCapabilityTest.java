package com.athletebatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.athletebatch.capability.CapabilityEstimator;
import com.athletebatch.capability.UserEstimate;
import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.estimators.Status;
import com.athletebatch.capability.events.CapabilityEvent;
import com.athletebatch.capability.events.EventIssue;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo generator and the capability parser agree: demo events, read back from the database as
 * the job reads them, give most demo athletes a usable estimate for every key, and the demo's
 * deliberately malformed events become {@link EventIssue}s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEventsCapabilityTest {

  static final LocalDate ANCHOR = LocalDate.of(2026, 3, 1);
  static final OffsetDateTime AS_OF = ANCHOR.atStartOfDay().atOffset(ZoneOffset.UTC);
  static final List<String> TYPES =
      List.of(
          "set.logged",
          "session.logged",
          "set.corrected",
          "external.activity_imported",
          "event.retracted");

  /** At least this share of the users with events gets ok or degraded_comparability, per key. */
  static final double MIN_USABLE_SHARE = 0.5;

  private final Map<UUID, List<CapabilityEvent>> eventsByUser = new LinkedHashMap<>();
  private final Map<UUID, UserEstimate> estimates = new LinkedHashMap<>();

  @BeforeAll
  void generateAndEstimate() {
    DataSource ds = H2TestDatabase.fresh("demo_capability");
    DomainSchema.createIfMissing(ds);
    new DemoDataGenerator()
        .generate(
            ds,
            new DemoOptions(
                DemoOptions.DEFAULT_USERS,
                0,
                0,
                DemoOptions.DEFAULT_EVENTS,
                DemoOptions.DEFAULT_SEED),
            ANCHOR);
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    String in = String.join(",", TYPES.stream().map(t -> "'" + t + "'").toList());
    eventsByUser.putAll(DemoEventRows.byUser(jdbc, " WHERE event_type IN (" + in + ")"));
    CapabilityEstimator estimator = new CapabilityEstimator();
    for (Map.Entry<UUID, List<CapabilityEvent>> e : eventsByUser.entrySet()) {
      assertThatCode(
              () ->
                  estimates.put(
                      e.getKey(), estimator.estimateUser(e.getKey(), e.getValue(), AS_OF)))
          .as("user %s", e.getKey())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void everyKeyIsUsableForMostDemoUsers() {
    assertThat(estimates).hasSizeGreaterThanOrEqualTo(40);
    Map<String, Map<Status, Integer>> byKey = new TreeMap<>();
    for (UserEstimate u : estimates.values()) {
      for (CapabilityOutput o : u.outputs().values()) {
        byKey.computeIfAbsent(o.key(), k -> new TreeMap<>()).merge(o.status(), 1, Integer::sum);
        assertThat(o.uncertaintyReasonCodes())
            .as("%s %s", u.userId(), o.key())
            .doesNotContain("estimator_error");
      }
    }
    System.out.println(
        "demo users with events: " + estimates.size() + "; status counts per key: " + byKey);
    for (String key : CapabilityEstimator.KEYS) {
      Map<Status, Integer> counts = byKey.getOrDefault(key, Map.of());
      int usable =
          counts.getOrDefault(Status.OK, 0) + counts.getOrDefault(Status.DEGRADED_COMPARABILITY, 0);
      assertThat((double) usable / estimates.size())
          .as("%s usable share, counts %s", key, counts)
          .isGreaterThanOrEqualTo(MIN_USABLE_SHARE);
    }
  }

  @Test
  void noIssueComesFromAParserOrEstimatorBug() {
    List<EventIssue> all = estimates.values().stream().flatMap(u -> u.issues().stream()).toList();
    assertThat(all).extracting(EventIssue::code).doesNotContain(EventIssue.UNEXPECTED_ERROR);
  }

  /**
   * Each kind of malformed event {@code EventFactory.malformed} writes, recognised by a marker in
   * its data, is reported as an issue with the expected code, unless a later retraction removed it.
   */
  @Test
  void malformedDemoEventsBecomeIssues() {
    Map<String, String> markers = new LinkedHashMap<>();
    markers.put("\"weight_kg\":\"heavy\"", EventIssue.WRONG_TYPE);
    markers.put("\"reps\":-5", EventIssue.NEGATIVE_VALUE);
    markers.put("\"rpe\":14", EventIssue.IMPLAUSIBLE_VALUE);
    markers.put("[100,5]", EventIssue.WRONG_JSON_TYPE);
    markers.put("\"squat 100x5 @8\"", EventIssue.WRONG_JSON_TYPE);
    markers.put("underwater_basket_weaving", EventIssue.UNKNOWN_BLOCK_TYPE);
    markers.put("\"distance_meters\":30,\"duration_seconds\":1.1}", EventIssue.IMPLAUSIBLE_VALUE);
    markers.put("\"jump_height_cm\":240", EventIssue.IMPLAUSIBLE_VALUE);
    markers.put("\"duration_seconds\":-1800", EventIssue.NEGATIVE_VALUE);
    markers.put("not-a-uuid", EventIssue.INVALID_CORRECTION);
    markers.put("\"weight_kg\":650", EventIssue.IMPLAUSIBLE_VALUE);
    markers.put("\"blocks\":\"not a list\"", EventIssue.WRONG_TYPE);

    Set<UUID> retracted = new HashSet<>();
    for (List<CapabilityEvent> events : eventsByUser.values()) {
      for (CapabilityEvent e : events) {
        if ("event.retracted".equals(e.eventType())) {
          String d = e.dataJson();
          int at = d.indexOf("\"retracted_event_id\":\"") + 22;
          retracted.add(UUID.fromString(d.substring(at, at + 36)));
        }
      }
    }
    Map<String, Integer> checked = new TreeMap<>();
    for (Map.Entry<UUID, List<CapabilityEvent>> e : eventsByUser.entrySet()) {
      Map<UUID, Set<String>> codes = new LinkedHashMap<>();
      for (EventIssue i : estimates.get(e.getKey()).issues()) {
        codes.computeIfAbsent(i.eventId(), k -> new HashSet<>()).add(i.code());
      }
      for (CapabilityEvent ev : e.getValue()) {
        for (Map.Entry<String, String> m : markers.entrySet()) {
          if (ev.dataJson().contains(m.getKey()) && !retracted.contains(ev.id())) {
            assertThat(codes.getOrDefault(ev.id(), Set.of()))
                .as("%s %s", ev.id(), ev.dataJson())
                .contains(m.getValue());
            checked.merge(m.getValue(), 1, Integer::sum);
          }
        }
      }
    }
    System.out.println("malformed demo events checked, by issue code: " + checked);
    // ~1.5 % of the demo's event draws are malformed: about 20 events of the 12 kinds with the
    // default options.
    assertThat(checked.values().stream().mapToInt(Integer::intValue).sum())
        .isGreaterThanOrEqualTo(10);
    assertThat(checked.keySet())
        .contains(
            EventIssue.WRONG_TYPE,
            EventIssue.NEGATIVE_VALUE,
            EventIssue.IMPLAUSIBLE_VALUE,
            EventIssue.WRONG_JSON_TYPE);
  }
}
