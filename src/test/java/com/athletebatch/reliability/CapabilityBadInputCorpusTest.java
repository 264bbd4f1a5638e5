package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The capability estimation's bad-input corpus. A control user has six valid squat sets; every
 * kind's user has the same six sets plus one bad event (or, for the unknown user, no users row).
 * The job runs once per flavour; for each kind: the bad event is in the skip log with the expected
 * reason code, the job ends COMPLETED, and the user's four estimates equal the control user's, so
 * every valid event was used and the bad one was not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapabilityBadInputCorpusTest {

  enum Flavor {
    H2,
    POSTGRESQL
  }

  /**
   * @param events builds the user's extra events; returns the id expected in the skip log
   */
  record Kind(
      String name, String code, Set<Flavor> flavors, BiFunction<UserEvents, Dialect, UUID> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String AS_OF = "2026-11-01T00:00";
  private static final OffsetDateTime AS_OF_UTC =
      OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final Set<Flavor> ALL = Set.of(Flavor.H2, Flavor.POSTGRESQL);
  private static final ObjectMapper JSON = JsonMappers.MAPPER;

  static final List<Kind> KINDS = new ArrayList<>();

  static {
    // ---- JSON of the wrong type, and truncated
    // Neither jsonb nor H2's JSON type stores truncated JSON (both reject it on insert); what a
    // database can hold is truncated JSON inside a JSON string, as a double-encoding client writes
    // it.
    set(
        "truncated JSON (double-encoded)",
        "wrong_json_type",
        ALL,
        "\"{\\\"exercise_id\\\": \\\"squat\\\", \\\"weight_kg\\\": 1\"");
    set("data is a JSON array", "wrong_json_type", ALL, "[1, 2, 3]");
    set("data is a JSON string", "wrong_json_type", ALL, "\"squat 100 kg x5\"");
    set("data is a JSON number", "wrong_json_type", ALL, "42");
    set(
        "weight_kg is text",
        "wrong_type",
        ALL,
        j("{'exercise_id':'squat','weight_kg':'heavy','reps':5,'rpe':8}"));
    set(
        "reps is an object",
        "wrong_type",
        ALL,
        j("{'exercise_id':'squat','weight_kg':100,'reps':{'n':5},'rpe':8}"));
    // ---- NaN, infinity, negative and impossible values
    set(
        "weight_kg is \"NaN\"",
        "non_finite",
        ALL,
        j("{'exercise_id':'squat','weight_kg':'NaN','reps':5,'rpe':8}"));
    set(
        "weight_kg overflows to infinity",
        "non_finite",
        ALL,
        j("{'exercise_id':'squat','weight_kg':1e999,'reps':5,'rpe':8}"));
    set(
        "negative weight",
        "negative_value",
        ALL,
        j("{'exercise_id':'squat','weight_kg':-100,'reps':5,'rpe':8}"));
    set(
        "impossible reps (10000)",
        "implausible_value",
        ALL,
        j("{'exercise_id':'squat','weight_kg':100,'reps':10000,'rpe':8}"));
    set(
        "squat above the world record (900 kg)",
        "implausible_value",
        ALL,
        j("{'exercise_id':'squat','weight_kg':900,'reps':1,'rpe':10}"));
    set(
        "RPE 15",
        "implausible_value",
        ALL,
        j("{'exercise_id':'squat','weight_kg':100,'reps':5,'rpe':15}"));
    set(
        "jump flight time 2.5 s",
        "implausible_value",
        ALL,
        j("{'exercise_id':'cmj','flight_time_s':2.5}"));
    add(
        "running sprint at 20 m/s",
        "implausible_value",
        ALL,
        (u, d) ->
            u.event(
                "session.logged",
                j(
                    "{'session_meta':{'sport':'running'},'blocks':[{'block_type':'sprint_accel_maxv',"
                        + "'dose':{'work':{'distance_meters':100,'duration_seconds':5}}}]}")));
    add(
        "heart rate 400 bpm",
        "implausible_value",
        ALL,
        (u, d) ->
            u.event(
                "session.logged",
                j(
                    "{'session_meta':{'sport':'running'},'blocks':[{'block_type':'interval_endurance',"
                        + "'dose':{'work':{'duration_seconds':600}},'metrics':{'heart_rate_avg':400}}]}")));
    add(
        "imported activity whose workout is a string",
        "wrong_type",
        ALL,
        (u, d) ->
            u.event(
                "external.activity_imported",
                j("{'source':{'provider':'strava'},'workout':'ride'}")));
    // ---- unknown block types and units
    add(
        "unknown block type",
        "unknown_block_type",
        ALL,
        (u, d) ->
            u.event(
                "session.logged",
                j(
                    "{'session_meta':{'sport':'strength'},'blocks':[{'block_type':'telekinesis','dose':{'work':{'reps':5}}}]}")));
    add(
        "unknown unit",
        "unknown_unit",
        ALL,
        (u, d) ->
            u.event(
                "session.logged",
                j(
                    "{'session_meta':{'sport':'strength'},'blocks':[{'block_type':'strength_set','exercise_id':'squat',"
                        + "'dose':{'work':{'reps':5}},'intensity_anchors':[{'measurement_state':'measured',"
                        + "'value':16,'unit':'stone'}]}]}")));
    // ---- corrections and retractions
    add(
        "correction of a missing event",
        "correction_target_missing",
        ALL,
        (u, d) ->
            u.event(
                "set.corrected",
                j("{'target_event_id':'" + UUID.randomUUID() + "','changed_fields':{'reps':6}}")));
    add(
        "correction of a retracted event",
        "correction_target_retracted",
        ALL,
        (u, d) -> {
          UUID extra =
              u.event("set.logged", j("{'exercise_id':'squat','weight_kg':150,'reps':5,'rpe':8}"));
          u.event("event.retracted", j("{'retracted_event_id':'" + extra + "'}"));
          return u.event(
              "set.corrected",
              j("{'target_event_id':'" + extra + "','changed_fields':{'reps':6}}"));
        });
    add(
        "correction without changed fields",
        "invalid_correction",
        ALL,
        (u, d) ->
            u.event(
                "set.corrected",
                j("{'target_event_id':'" + u.firstValid() + "','changed_fields':'reps=6'}")));
    add(
        "retraction of a non-UUID",
        "invalid_retraction",
        ALL,
        (u, d) -> u.event("event.retracted", j("{'retracted_event_id':'last one'}")));
    // ---- duplicate idempotency keys (PostgreSQL's unique index dropped, as on a drifted copy)
    add(
        "duplicate idempotency key",
        "duplicate_idempotency_key",
        ALL,
        (u, d) -> u.duplicateOfFirstValid());
    // ---- future timestamps, several MB, invalid text
    add(
        "timestamp after the run's as-of time",
        "future_timestamp",
        ALL,
        (u, d) ->
            u.eventAt(
                AS_OF_UTC.plusDays(30),
                "set.logged",
                j("{'exercise_id':'squat','weight_kg':300,'reps':5,'rpe':8}")));
    add(
        "payload of several MB",
        "payload_too_large",
        ALL,
        (u, d) -> {
          StringBuilder samples = new StringBuilder();
          for (int i = 0; i < 800_000; i++) { // about 4 MB
            samples.append(i == 0 ? "" : ",").append(5 + i % 3).append(".25");
          }
          return u.event(
              "external.activity_imported",
              "{\"workout\":{\"sport\":\"running\"},\"speed_stream\":[" + samples + "]}");
        });
    // Text that is not valid UTF-8 or Unicode cannot reach events.data: jsonb and H2's JSON type
    // both reject it on insert (see ScoreBadInputCorpusTest for text columns).
    // ---- a user with events but no users row
    add(
        "events of a user with no users row",
        "unknown_user",
        ALL,
        (u, d) -> {
          u.noUsersRow = true;
          return u.user;
        });
  }

  private static void add(
      String name, String code, Set<Flavor> flavors, BiFunction<UserEvents, Dialect, UUID> events) {
    KINDS.add(new Kind(name, code, flavors, events));
  }

  private static void set(String name, String code, Set<Flavor> flavors, String data) {
    add(name, code, flavors, (u, d) -> u.event("set.logged", data));
  }

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** One user's events, written in (timestamp, id) order: the six valid sets first. */
  static final class UserEvents {
    final UUID user;
    final int userIndex;
    final List<Object[]> rows = new ArrayList<>();
    boolean noUsersRow;
    private int next;
    private OffsetDateTime clock = AS_OF_UTC.minusDays(3);

    UserEvents(int userIndex) {
      this.userIndex = userIndex;
      this.user = UUID.fromString(String.format("00000000-0000-7000-8000-%012d", userIndex));
      for (int i = 0; i < 6; i++) {
        eventAt(
            AS_OF_UTC.minusDays(20 - i),
            "set.logged",
            j("{'exercise_id':'squat','weight_kg':" + (100 + 2 * i) + ",'reps':5,'rpe':8}"));
      }
    }

    UUID event(String type, String data) {
      clock = clock.plusMinutes(1);
      return eventAt(clock, type, data);
    }

    UUID eventAt(OffsetDateTime at, String type, String data) {
      return eventWithKey(at, type, data, "k-" + userIndex + "-" + next);
    }

    private UUID eventWithKey(OffsetDateTime at, String type, String data, String key) {
      UUID id = UUID.fromString(String.format("%08d-0000-7000-8000-%012d", userIndex, ++next));
      rows.add(
          new Object[] {
            id,
            user,
            Timestamp.from(at.toInstant()),
            type,
            data,
            "{\"idempotency_key\":\"" + key + "\"}"
          });
      return id;
    }

    UUID firstValid() {
      return (UUID) rows.get(0)[0];
    }

    /** The first valid set again, delivered twice: same payload and key, a new id, later. */
    UUID duplicateOfFirstValid() {
      Object[] first = rows.get(0);
      OffsetDateTime later = AS_OF_UTC.minusDays(20).plusMinutes(1);
      return eventWithKey(later, "set.logged", (String) first[4], "k-" + userIndex + "-0");
    }
  }

  // ---- one run per flavour ---------------------------------------------------------------

  private record Run(
      TestDatabase db,
      Cli.Result result,
      Map<Kind, UserEvents> users,
      Map<Kind, UUID> badIds,
      UserEvents control) {}

  private final Map<Flavor, Run> runs = new EnumMap<>(Flavor.class);

  private synchronized Run run(Flavor flavor) {
    return runs.computeIfAbsent(
        flavor,
        f -> {
          TestDatabase db = f == Flavor.H2 ? TestDatabase.h2() : TestDatabase.postgres();
          DomainSchema.createIfMissing(db.dataSource());
          JdbcTemplate jdbc = db.jdbc();
          if (f == Flavor.POSTGRESQL) {
            jdbc.execute("DROP INDEX idx_events_idempotency");
          }
          UserEvents control = new UserEvents(1);
          Map<Kind, UserEvents> users = new java.util.LinkedHashMap<>();
          Map<Kind, UUID> badIds = new java.util.LinkedHashMap<>();
          int index = 2;
          for (Kind kind : KINDS) {
            if (kind.flavors().contains(f)) {
              UserEvents u = new UserEvents(index++);
              badIds.put(kind, kind.events().apply(u, db.dialect()));
              users.put(kind, u);
            }
          }
          List<UserEvents> all = new ArrayList<>(users.values());
          all.add(control);
          String json = db.dialect() == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "? FORMAT JSON";
          for (UserEvents u : all) {
            if (!u.noUsersRow) {
              jdbc.update(
                  "INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')",
                  u.user,
                  u.user + "@example.test");
            }
            for (Object[] row : u.rows) {
              insertEvent(jdbc, json, row);
            }
          }
          // small chunks: users with bad events sit in several chunks, next to good ones
          Cli.Result result =
              Cli.run(
                  "capability-backfill",
                  "--database-url",
                  db.jdbcUrl(),
                  "--as-of",
                  AS_OF,
                  "--chunk-size",
                  "4",
                  "--no-verify");
          return new Run(db, result, users, badIds, control);
        });
  }

  private static void insertEvent(JdbcTemplate jdbc, String json, Object[] row) {
    jdbc.update(
        "INSERT INTO events (id, user_id, timestamp, event_type, data, metadata) VALUES (?, ?, ?, ?, "
            + json
            + ", "
            + json
            + ")",
        row);
  }

  @AfterAll
  void dropDatabases() {
    runs.values().forEach(r -> r.db().close());
  }

  static Stream<Arguments> cases() {
    return Stream.of(Flavor.values())
        .flatMap(
            f -> KINDS.stream().filter(k -> k.flavors().contains(f)).map(k -> Arguments.of(f, k)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void eachBadEventIsSkippedWithItsReasonAndEveryValidEventIsUsed(Flavor flavor, Kind kind)
      throws Exception {
    Run run = run(flavor);
    JdbcTemplate jdbc = run.db().jdbc();
    assertThat(run.result().exitCode()).as(run.result().all()).isZero();
    assertThat(run.result().out()).containsPattern("completed:\\d+");
    assertThat(jdbc.queryForObject("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
        .isEqualTo("COMPLETED");

    UUID bad = run.badIds().get(kind);
    List<Map<String, Object>> skips =
        jdbc.queryForList(
            "SELECT REASON_CODE, REASON FROM batch.ATHLETE_SKIP_LOG" + " WHERE ITEM_ID = ?",
            bad.toString());
    assertThat(skips).as(kind.name()).hasSize(1);
    assertThat(skips.get(0).get("REASON_CODE"))
        .as(kind.name() + ": " + skips.get(0).get("REASON"))
        .isEqualTo(kind.code());
    assertThat((String) skips.get(0).get("REASON")).isNotBlank();

    UserEvents user = run.users().get(kind);
    if (user.noUsersRow) {
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM projections WHERE user_id = ?", Integer.class, user.user))
          .isZero();
    } else {
      // The same estimates as the control user: the six valid sets used, the bad event not.
      Map<String, JsonNode> control = estimates(jdbc, run.control().user);
      assertThat(control.get("strength_1rm").path("status").asString())
          .isNotEqualTo("insufficient_data");
      assertThat(estimates(jdbc, user.user)).isEqualTo(control);
    }
    // The valid users (every one but the unknown) have their four projections.
    long knownUsers = run.users().values().stream().filter(u -> !u.noUsersRow).count() + 1;
    assertThat(jdbc.queryForObject("SELECT count(*) FROM projections", Long.class))
        .isEqualTo(4 * knownUsers);
    // One skip-log row per kind, nothing for the control user's events.
    assertThat(jdbc.queryForObject("SELECT count(*) FROM batch.ATHLETE_SKIP_LOG", Long.class))
        .isEqualTo(run.users().size());
  }

  /** Per key: status, estimate and confidence (what the valid events decide). */
  private static Map<String, JsonNode> estimates(JdbcTemplate jdbc, UUID user) throws Exception {
    Map<String, JsonNode> result = new TreeMap<>();
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT \"key\", CAST(data AS VARCHAR) AS data" + " FROM projections WHERE user_id = ?",
            user)) {
      JsonNode data = JSON.readTree((String) row.get("data"));
      var kept = JSON.createObjectNode();
      kept.set("status", data.get("status"));
      kept.set("estimate", data.get("estimate"));
      kept.set("confidence", data.get("confidence"));
      result.put((String) row.get("key"), kept);
    }
    assertThat(result).hasSize(4);
    return result;
  }
}
