package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The capabilityEstimation job end to end through the runbook script's contract, on H2 and on
 * PostgreSQL with kura's schema.
 */
class CapabilityEstimationJobTest {

  static final String AS_OF = "2026-11-01T00:00";
  private static final DemoOptions DEMO = new DemoOptions(12, 0, 0, 1500, 5);

  static TestDatabase withDemoEvents(Dialect dialect) {
    TestDatabase db = TestDatabase.create(dialect);
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), DEMO, java.time.LocalDate.of(2026, 10, 31));
    return db;
  }

  static int usersWithCapabilityEvents(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT count(DISTINCT user_id) FROM events WHERE event_type IN"
            + " ('set.logged', 'session.logged', 'set.corrected', 'external.activity_imported')",
        Integer.class);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void fillsFourProjectionsForEveryUserWithCapabilityEvents(Dialect dialect) throws Exception {
    try (TestDatabase db = withDemoEvents(dialect)) {
      JdbcTemplate jdbc = db.jdbc();
      int users = usersWithCapabilityEvents(jdbc);
      assertThat(users).isGreaterThan(5);

      Cli.Result result =
          Cli.run(
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--as-of",
              AS_OF,
              "--chunk-size",
              "5");

      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out())
          .containsPattern("completed:\\d+")
          .containsPattern("users_missing_capability_projection\\s+0")
          .containsPattern("users_with_all_capability_keys\\s+" + users + "\\b")
          .contains("lag:");
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM projections WHERE projection_type = 'capability_estimation'",
                  Integer.class))
          .isEqualTo(4 * users);
      assertThat(jdbc.queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(1L);
      // Every row follows capability_output.v1 and names its unit.
      for (Map<String, Object> row :
          jdbc.queryForList(
              "SELECT \"key\" AS k, CAST(data AS VARCHAR) AS d,"
                  + " last_event_id FROM projections"
                      .replace("\"key\"", dialect == Dialect.H2 ? "\"key\"" : "key"))) {
        JsonNode data = JsonMappers.MAPPER.readTree((String) row.get("d"));
        assertThat(data.path("schema_version").asString()).isEqualTo("capability_output.v1");
        assertThat(data.path("capability").asString()).isEqualTo(row.get("k"));
        assertThat(data.path("status").asString())
            .isIn("ok", "insufficient_data", "degraded_comparability");
        assertThat(data.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(
                data.has("estimate")
                    && data.has("data_sufficiency")
                    && data.has("caveats")
                    && data.has("timezone_context")
                    && data.has("diagnostics"))
            .isTrue();
        assertThat(row.get("last_event_id")).isNotNull();
      }
      // A completed source may run again, as a new run: every row is written once more.
      Cli.Result again =
          Cli.run(
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--no-verify",
              "--as-of",
              AS_OF);
      assertThat(again.exitCode()).as(again.all()).isZero();
      assertThat(again.out()).containsPattern("completed:\\d+").doesNotContain("coverage:");
      assertThat(jdbc.queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(2L);

      // --changed-only (as-of now): the events the full runs set aside as dated after their
      // --as-of are due now, so their users, and only they, are estimated again; then nothing
      // changed, nothing written; then one user gets a new event.
      List<UUID> setAside =
          usersWithEvents(jdbc, "timestamp > ?", Timestamp.valueOf(LocalDateTime.parse(AS_OF)));
      assertThat(setAside).isNotEmpty();
      Cli.Result due = ChangeWatermarkTest.run(db, "--changed-only");
      assertThat(due.exitCode()).as(due.all()).isZero();
      assertThat(
              jdbc.queryForList(
                  "SELECT DISTINCT user_id FROM projections WHERE version = 3 ORDER BY user_id",
                  UUID.class))
          .isEqualTo(setAside);
      String before = projectionVersions(jdbc);
      Cli.Result unchanged = ChangeWatermarkTest.run(db, "--changed-only");
      assertThat(unchanged.exitCode()).as(unchanged.all()).isZero();
      assertThat(projectionVersions(jdbc)).isEqualTo(before);
      UUID someone =
          jdbc.queryForObject(
              "SELECT user_id FROM events WHERE event_type = 'set.logged' ORDER BY user_id FETCH FIRST 1 ROWS ONLY",
              UUID.class);
      Map<UUID, Long> versionsBefore = ChangeWatermarkTest.versions(jdbc);
      insertSet(jdbc, dialect, someone, 140, 3, 8);
      Cli.Result changed = ChangeWatermarkTest.run(db, "--changed-only");
      assertThat(changed.exitCode()).as(changed.all()).isZero();
      Map<UUID, Long> versionsAfter = ChangeWatermarkTest.versions(jdbc);
      assertThat(
              versionsAfter.keySet().stream()
                  .filter(u -> !versionsAfter.get(u).equals(versionsBefore.get(u))))
          .containsExactly(someone);
      assertThat(versionsAfter.get(someone)).isEqualTo(versionsBefore.get(someone) + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void scriptContractWithoutEventsAndForAListOfUsers(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      DomainSchema.createIfMissing(db.dataSource());
      Cli.Result none = Cli.run("capability-backfill", "--database-url", db.jdbcUrl());
      assertThat(none.exitCode()).isZero();
      assertThat(none.out()).contains("no_capability_seed_user");

      UUID user = UUID.randomUUID();
      db.jdbc()
          .update(
              "INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')",
              user,
              "a@example.test");
      insertSet(db.jdbc(), dialect, user, 100, 5, 8);
      Cli.Result other =
          Cli.run(
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--users",
              UUID.randomUUID().toString(),
              "--no-verify");
      assertThat(other.out()).contains("no_capability_seed_user");
      Cli.Result one =
          Cli.run(
              "capability-backfill",
              "--database-url",
              db.jdbcUrl(),
              "--users",
              user.toString(),
              "--no-verify",
              "--source",
              "deploy.capability_estimation_v1");
      assertThat(one.exitCode()).as(one.all()).isZero();
      String strength =
          db.jdbc()
              .queryForObject(
                  "SELECT CAST(data AS VARCHAR) FROM projections WHERE user_id = ?"
                      + " AND "
                      + (dialect == Dialect.H2 ? "\"key\"" : "key")
                      + " = 'strength_1rm'",
                  String.class,
                  user);
      // 100 kg x 5 at RPE 8 reads the 7-rep cell of the RTS chart, 81.1 %: 100 / 0.811 = 123.3 kg.
      assertThat(strength).contains("123.3");
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT PARAMETER_VALUE FROM batch.BATCH_JOB_EXECUTION_PARAMS"
                          + " WHERE PARAMETER_NAME = 'source'",
                      String.class))
          .isEqualTo("deploy.capability_estimation_v1");
      Cli.Result bad =
          Cli.run("capability-backfill", "--database-url", db.jdbcUrl(), "--users", "not-a-uuid");
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("not-a-uuid");
    }
  }

  static void insertSet(
      JdbcTemplate jdbc, Dialect dialect, UUID user, double kg, int reps, double rpe) {
    String json = dialect == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "? FORMAT JSON";
    jdbc.update(
        "INSERT INTO events (id, user_id, timestamp, event_type, data, metadata, created_at)"
            + " VALUES (?, ?, ?, 'set.logged', "
            + json
            + ", "
            + json
            + ", ?)",
        uuidV7(System.currentTimeMillis()),
        user,
        Timestamp.valueOf(LocalDateTime.of(2026, 10, 30, 10, 0)),
        "{\"exercise\":\"Back Squat\",\"exercise_id\":\"barbell_back_squat\",\"weight_kg\":"
            + kg
            + ",\"reps\":"
            + reps
            + ",\"rpe\":"
            + rpe
            + "}",
        "{\"idempotency_key\":\"" + UUID.randomUUID() + "\"}",
        Timestamp.valueOf(LocalDateTime.now().plusSeconds(5)));
  }

  /**
   * The users with a capability event or a retraction (what the job reads) matching {@code
   * condition}, in id order.
   */
  static List<UUID> usersWithEvents(JdbcTemplate jdbc, String condition, Object... args) {
    List<String> types = new java.util.ArrayList<>(CapabilityQueries.CAPABILITY_EVENT_TYPES);
    types.add("event.retracted");
    return jdbc.queryForList(
        "SELECT DISTINCT user_id FROM events WHERE ("
            + condition
            + ") AND event_type IN ('"
            + String.join("', '", types)
            + "') ORDER BY user_id",
        UUID.class,
        args);
  }

  /** Every projection's (user, version), in order: what a run with nothing to do keeps. */
  private static String projectionVersions(JdbcTemplate jdbc) {
    return String.join(
        ",",
        jdbc.queryForList(
            "SELECT CAST(user_id AS VARCHAR) || ':' || CAST(version AS VARCHAR) FROM projections"
                + " ORDER BY user_id, version",
            String.class));
  }

  /** An event id as kura's writers make them: UUIDv7 of the given millisecond, random bits. */
  static UUID uuidV7(long millis) {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return new UUID(
        (millis << 16) | 0x7000L | r.nextLong(0x1000),
        (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  static List<Map<String, Object>> projections(JdbcTemplate jdbc, Dialect dialect) {
    String key = dialect == Dialect.H2 ? "\"key\"" : "key";
    return jdbc.queryForList(
        "SELECT user_id, "
            + key
            + " AS k, CAST(data AS VARCHAR) AS data, version,"
            + " last_event_id FROM projections ORDER BY user_id, "
            + key);
  }
}
