package com.athletebatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataGeneratorTest {

  static final LocalDate ANCHOR = LocalDate.of(2026, 3, 1);
  static final DemoOptions SMALL = new DemoOptions(6, 300, 150, 600, 7L);

  static final List<String> TABLES =
      List.of(
          "User",
          "Exercise",
          "PlannedWorkout",
          "Workout",
          "WorkoutExercise",
          "WorkoutSet",
          "Nutrition",
          "users",
          "events");

  private DataSource defaults;
  private DemoReport defaultReport;
  private JdbcTemplate jdbc;

  @BeforeAll
  void generateDefaultSize() {
    defaults = H2TestDatabase.fresh("demo_default");
    DomainSchema.createIfMissing(defaults);
    defaultReport = new DemoDataGenerator().generate(defaults, DemoOptions.defaults(), ANCHOR);
    jdbc = new JdbcTemplate(defaults);
  }

  @Test
  void defaultSizeHasTheRequestedCountsAndTheReportMatchesTheTables() {
    assertThat(defaultReport.rows("User")).isEqualTo(50);
    assertThat(defaultReport.rows("users")).isEqualTo(50);
    assertThat(defaultReport.rows("Workout")).isEqualTo(2000);
    assertThat(defaultReport.rows("Nutrition")).isEqualTo(1000);
    assertThat(defaultReport.rows("events")).isEqualTo(5000);
    assertThat(defaultReport.rows("Exercise")).isEqualTo(DemoCatalog.EXERCISES.length);
    assertThat(defaultReport.rows("PlannedWorkout")).isBetween(400L, 900L);
    assertThat(defaultReport.rows("WorkoutExercise")).isGreaterThan(1000);
    assertThat(defaultReport.rows("WorkoutSet"))
        .isGreaterThan(defaultReport.rows("WorkoutExercise") * 2);
    for (String table : TABLES) {
      assertThat(count("SELECT count(*) FROM " + quote(table)))
          .as(table)
          .isEqualTo(defaultReport.rows(table));
    }
    assertThat(defaultReport.anchorDate()).isEqualTo(ANCHOR);
    assertThat(defaultReport.seed()).isEqualTo(42L);
    assertThat(defaultReport.elapsed()).isPositive();
  }

  @Test
  void sameSeedGivesTheSameRowsAndAnotherSeedDifferentOnes() throws Exception {
    String first = checksum(generated(SMALL));
    String second = checksum(generated(SMALL));
    String otherSeed = checksum(generated(new DemoOptions(6, 300, 150, 600, 8L)));
    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void differentSeedsCanShareOneDatabaseButTheSameSeedCannotRunTwice() {
    DataSource ds = generated(SMALL);
    DemoReport other =
        new DemoDataGenerator().generate(ds, new DemoOptions(2, 10, 5, 10, 99L), ANCHOR);
    assertThat(other.rows("Workout")).isEqualTo(10);
    assertThatThrownBy(() -> new DemoDataGenerator().generate(ds, SMALL, ANCHOR))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("seed 7");
  }

  @Test
  void smallBatchesGiveTheSameRows() throws Exception {
    DataSource ds = H2TestDatabase.fresh("demo_batch");
    DomainSchema.createIfMissing(ds);
    new DemoDataGenerator(7).generate(ds, SMALL, ANCHOR);
    assertThat(checksum(ds)).isEqualTo(checksum(generated(SMALL)));
  }

  @Test
  void nothingIsScoredOutsideOneToTenAndMostRowsWaitForAScore() {
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" < 1 OR \"overallScore\" > 10"))
        .isZero();
    long unscored = count("SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NULL");
    assertThat(unscored).isBetween(1850L, 1980L);
    Map<String, Long> statuses = statusCounts("Workout");
    assertThat(statuses.get("NOT_STARTED")).isGreaterThan(1500);
    assertThat(statuses).containsKeys("COMPLETED", "FAILED", "QUOTA_EXCEEDED");
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"aiAnalysisStatus\" = 'COMPLETED' AND \"overallScore\" IS NULL"))
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NOT NULL AND \"aiAnalysisStatus\" = 'COMPLETED'"
                    + " AND \"overallQualityExplanation\" IS NOT NULL"))
        .isEqualTo(2000 - unscored);
    assertThat(statusCounts("Nutrition"))
        .containsKeys("NOT_STARTED", "COMPLETED", "FAILED", "QUOTA_EXCEEDED");
  }

  @Test
  void futureEmptyAndMalformedRowsArePresent() {
    LocalDateTime anchorStart = ANCHOR.atStartOfDay();
    assertThat(count("SELECT count(*) FROM \"Workout\" WHERE \"date\" >= ?", anchorStart))
        .isBetween(5L, 50L);
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"date\" >= ? AND \"aiAnalysisStatus\" <> 'NOT_STARTED'",
                anchorStart))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"date\" < ? AND \"date\" < ?",
                anchorStart,
                anchorStart.minusDays(366)))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"durationSec\" = 0 AND \"averageHr\" IS NULL"
                    + " AND \"averageWatts\" IS NULL AND \"distanceMeters\" IS NULL"))
        .isPositive();
    assertThat(count("SELECT count(*) FROM \"Nutrition\" WHERE \"date\" >= ?", ANCHOR))
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM \"Nutrition\" WHERE \"calories\" IS NULL AND \"waterMl\" IS NULL"
                    + " AND \"notes\" IS NULL"))
        .isPositive();

    List<Map<String, Object>> metrics =
        jdbc.queryForList(
            "SELECT \"averageHr\", \"averageWatts\", \"decoupling\","
                + " \"intensity\", \"variabilityIndex\", \"distanceMeters\" FROM \"Workout\"");
    long malformed =
        metrics.stream()
            .filter(
                m ->
                    negative(m.get("averageHr"))
                        || above(m.get("averageHr"), 250)
                        || negative(m.get("averageWatts"))
                        || nonFinite(m.get("decoupling"))
                        || nonFinite(m.get("intensity"))
                        || nonFinite(m.get("variabilityIndex"))
                        || nonFinite(m.get("distanceMeters")))
            .count();
    assertThat(malformed).isBetween(5L, 40L);

    List<String> breakfasts =
        jdbc.queryForList(
            "SELECT CAST(\"breakfast\" AS VARCHAR) FROM \"Nutrition\""
                + " WHERE \"breakfast\" IS NOT NULL",
            String.class);
    List<String> lunches =
        jdbc.queryForList(
            "SELECT CAST(\"lunch\" AS VARCHAR) FROM \"Nutrition\"" + " WHERE \"lunch\" IS NOT NULL",
            String.class);
    assertThat(breakfasts).anyMatch(j -> j.startsWith("[{\"name\":"));
    assertThat(
            breakfasts.stream().filter(j -> j.startsWith("\"")).count()
                + lunches.stream().filter(j -> j.startsWith("{")).count())
        .isPositive();
  }

  @Test
  void athletesHaveProfilesWithSomeValuesMissing() {
    assertThat(count("SELECT count(*) FROM \"User\" WHERE \"ftp\" IS NULL")).isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM \"User\" WHERE \"ftp\" IS NOT NULL AND \"weight\" IS NOT NULL"
                    + " AND \"maxHr\" IS NOT NULL"))
        .isGreaterThan(25);
    assertThat(
            count(
                "SELECT count(*) FROM \"User\" u JOIN users k ON CAST(k.id AS VARCHAR) = u.\"id\""
                    + " AND k.email = u.\"email\""))
        .isEqualTo(50);
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"type\" = 'Ride' AND \"ftp\" IS NULL"
                    + " AND \"normalizedPower\" IS NOT NULL"))
        .isPositive();
  }

  @Test
  void workoutsCoverRidesRunsAndStrengthWithSetsAndPlans() {
    Map<String, Long> types =
        groupCounts("SELECT \"type\" AS k, count(*) AS n FROM \"Workout\" GROUP BY \"type\"");
    assertThat(types).containsKeys("Ride", "Run", "WeightTraining");
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" w WHERE w.\"type\" = 'WeightTraining' AND w.\"durationSec\" > 0"
                    + " AND NOT EXISTS (SELECT 1 FROM \"WorkoutExercise\" e WHERE e.\"workoutId\" = w.\"id\")"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM \"WorkoutSet\" WHERE \"reps\" IS NOT NULL AND \"weight\" IS NOT NULL"
                    + " AND \"rpe\" IS NOT NULL"))
        .isPositive();
    assertThat(count("SELECT count(*) FROM \"WorkoutSet\" WHERE \"type\" = 'WARMUP'")).isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" w JOIN \"PlannedWorkout\" p ON p.\"id\" = w.\"plannedWorkoutId\""
                    + " WHERE p.\"tss\" IS NOT NULL AND p.\"workIntensity\" IS NOT NULL"))
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM \"Workout\" WHERE \"type\" = 'Ride' AND \"lrBalance\" IS NOT NULL"
                    + " AND \"decoupling\" IS NOT NULL AND \"averageCadence\" IS NOT NULL"))
        .isPositive();
  }

  @Test
  void eventsCoverTheCapabilityTypesWithUniqueIdempotencyKeys() {
    Map<String, Long> types =
        groupCounts("SELECT event_type AS k, count(*) AS n FROM events GROUP BY event_type");
    assertThat(types)
        .containsKeys(
            "set.logged",
            "session.logged",
            "set.corrected",
            "event.retracted",
            "external.activity_imported",
            "bodyweight.logged");
    assertThat(types.get("set.logged")).isGreaterThan(types.get("session.logged"));
    List<String> metadata =
        jdbc.queryForList("SELECT CAST(metadata AS VARCHAR) FROM events", String.class);
    assertThat(metadata).allMatch(m -> m.contains("\"idempotency_key\":"));
    assertThat(
            count(
                "SELECT count(DISTINCT CAST(user_id AS VARCHAR) || CAST(metadata AS VARCHAR)) FROM events"))
        .isEqualTo(5000);
    List<UUID> ids = jdbc.queryForList("SELECT id FROM events", UUID.class);
    assertThat(ids).allMatch(id -> id.version() == 7 && id.variant() == 2);
    List<String> sessions =
        jdbc.queryForList(
            "SELECT CAST(data AS VARCHAR) FROM events WHERE event_type = 'session.logged'",
            String.class);
    for (String block :
        List.of("strength_set", "sprint_accel_maxv", "interval_endurance", "plyometric_reactive")) {
      assertThat(sessions).as(block).anyMatch(d -> d.contains("\"block_type\":\"" + block + "\""));
    }
    assertThat(count("SELECT count(DISTINCT user_id) FROM events")).isBetween(40L, 50L);
  }

  // ---- helpers ----

  private DataSource generated(DemoOptions options) {
    DataSource ds = H2TestDatabase.fresh("demo");
    DomainSchema.createIfMissing(ds);
    new DemoDataGenerator().generate(ds, options, ANCHOR);
    return ds;
  }

  /** SHA-256 over every row of every demo table, in primary-key order. */
  static String checksum(DataSource ds) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    JdbcTemplate t = new JdbcTemplate(ds);
    for (String table : TABLES) {
      t.query(
          "SELECT * FROM " + quote(table) + " ORDER BY " + ("User".equals(table) ? "\"id\"" : "1"),
          rs -> {
            int n = rs.getMetaData().getColumnCount();
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= n; i++) {
              row.append('|').append(rs.getString(i));
            }
            digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
          });
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String quote(String table) {
    return Character.isUpperCase(table.charAt(0)) ? "\"" + table + "\"" : table;
  }

  private long count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Long.class, args);
  }

  private Map<String, Long> statusCounts(String table) {
    return groupCounts(
        "SELECT \"aiAnalysisStatus\" AS k, count(*) AS n FROM \""
            + table
            + "\" GROUP BY \"aiAnalysisStatus\"");
  }

  private Map<String, Long> groupCounts(String sql) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    jdbc.query(
        sql,
        rs -> {
          counts.put(rs.getString("k"), rs.getLong("n"));
        });
    return counts;
  }

  private static boolean negative(Object v) {
    return v instanceof Number n && n.doubleValue() < 0;
  }

  private static boolean above(Object v, double limit) {
    return v instanceof Number n && n.doubleValue() > limit;
  }

  private static boolean nonFinite(Object v) {
    return v instanceof Number n && !Double.isFinite(n.doubleValue());
  }
}
