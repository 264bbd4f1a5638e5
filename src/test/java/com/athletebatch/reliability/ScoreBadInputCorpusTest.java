package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.DomainRows;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The score backfill's bad-input corpus: one database per flavour holds valid rows and one bad row
 * per kind; the job runs once per flavour, and each kind is asserted on its own: the bad row is
 * skipped with its reason code in {@code batch.ATHLETE_SKIP_LOG} (FAILED in the table, or left
 * exactly as it was when future-dated), the job ends COMPLETED, and every valid row is scored.
 * Kinds that need bytes only PostgreSQL can hold (text that is not valid UTF-8) run on a SQL_ASCII
 * database only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreBadInputCorpusTest {

  enum Flavor {
    H2,
    POSTGRESQL
  }

  /** One kind of bad row: how to create it, which row it is and the reason code expected. */
  record Kind(
      String name,
      String table,
      String id,
      String code,
      Set<Flavor> flavors,
      Consumer<Ctx> create) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What a kind's setup gets: the database and the row helpers. */
  record Ctx(JdbcTemplate jdbc, DomainRows rows, Dialect dialect) {}

  private static final LocalDateTime PAST = LocalDateTime.of(2026, 3, 1, 7, 30);
  private static final LocalDateTime FUTURE = LocalDateTime.now().plusYears(2);
  private static final Set<Flavor> ALL = Set.of(Flavor.H2, Flavor.POSTGRESQL);

  /**
   * A UTF-8 PostgreSQL database cannot hold text that is not valid Unicode; H2 keeps Java's strings
   * as given.
   */
  private static final Set<Flavor> H2_ONLY = Set.of(Flavor.H2);

  private static final List<String> VALID_WORKOUTS =
      List.of("w-valid-1", "w-valid-2", "w-valid-3", "w-valid-4");
  private static final List<String> VALID_NUTRITION =
      List.of("n-valid-1", "n-valid-2", "n-valid-3");
  private static final String W = "\"Workout\"";
  private static final String N = "\"Nutrition\"";

  static final List<Kind> KINDS = new ArrayList<>();

  static {
    int[] day = {10};
    // ---- workouts: NaN, infinity, negative and impossible values in the metrics
    workout("NaN decoupling", "decoupling", Double.NaN, day);
    workout("NaN intensity", "intensity", Double.NaN, day);
    workout("+infinity distance", "\"distanceMeters\"", Double.POSITIVE_INFINITY, day);
    workout("-infinity TSS", "tss", Double.NEGATIVE_INFINITY, day);
    workout("+infinity average speed", "\"averageSpeed\"", Double.POSITIVE_INFINITY, day);
    workout("negative average HR", "\"averageHr\"", -5, day);
    workout("negative duration", "\"durationSec\"", -60, day);
    workout("negative distance", "\"distanceMeters\"", -100.0, day);
    workout("negative average power", "\"averageWatts\"", -200, day);
    workout("impossible average power (5000 W)", "\"averageWatts\"", 5000, day);
    workout("impossible max HR (300 bpm)", "\"maxHr\"", 300, day);
    workout("impossible average speed (100 m/s)", "\"averageSpeed\"", 100.0, day);
    workout("impossible elevation gain (100 km)", "\"elevationGain\"", 100_000, day);
    workout("impossible RPE (15)", "rpe", 15, day);
    add(
        "max HR below average HR",
        W,
        "w-hr-order",
        "invalid_data",
        ALL,
        c -> {
          c.rows().ride("w-hr-order", "u-ok", PAST.plusDays(30), "NOT_STARTED");
          c.rows().set(W, "w-hr-order", "\"averageHr\"", 180);
          c.rows().set(W, "w-hr-order", "\"maxHr\"", 150);
        });
    // ---- the athlete's and the plan's values
    userWorkout("user FTP negative", "u-neg-ftp", -200, 190, 33);
    userWorkout("user FTP impossible (2000 W)", "u-big-ftp", 2000, 190, 38);
    userWorkout("user max HR impossible (400 bpm)", "u-big-hr", 250, 400, 39);
    add(
        "planned workout with negative TSS",
        W,
        "w-planned",
        "invalid_data",
        ALL,
        c -> {
          c.jdbc()
              .update(
                  "INSERT INTO \"PlannedWorkout\" (id, \"userId\", \"externalId\", date, title, tss,"
                      + " \"durationSec\", \"updatedAt\") VALUES ('p-bad', 'u-ok', 'p-bad', ?, 'Plan', -50, 3600, ?)",
                  java.sql.Date.valueOf(PAST.toLocalDate()),
                  Timestamp.valueOf(PAST));
          c.rows().ride("w-planned", "u-ok", PAST.plusDays(34), "NOT_STARTED");
          c.rows().set(W, "w-planned", "\"plannedWorkoutId\"", "p-bad");
        });
    // ---- future timestamps: never read, left exactly as they are, logged
    add(
        "future-dated workout",
        W,
        "w-future",
        "future_dated",
        ALL,
        c -> c.rows().ride("w-future", "u-ok", FUTURE, "NOT_STARTED"));
    // ---- a row whose user has no "User" row (the foreign key dropped, as on a drifted copy)
    add(
        "workout whose user has no \"User\" row",
        W,
        "w-orphan",
        "unknown_user",
        ALL,
        c -> {
          c.jdbc().execute("ALTER TABLE \"Workout\" DROP CONSTRAINT \"Workout_userId_fkey\"");
          c.rows().ride("w-orphan", "u-missing", PAST.plusDays(35), "NOT_STARTED");
        });
    // ---- text that is not valid Unicode (an unpaired surrogate: no UTF-8 encoding exists)
    add(
        "workout type not valid Unicode",
        W,
        "w-utf",
        "invalid_text",
        H2_ONLY,
        c -> {
          c.rows().ride("w-utf", "u-ok", PAST.plusDays(36), "NOT_STARTED");
          c.rows().set(W, "w-utf", "type", "Ride\uD800");
        });
    add(
        "user sex not valid Unicode",
        W,
        "w-utf-user",
        "invalid_text",
        H2_ONLY,
        c -> {
          c.rows().user("u-utf", 70.0, 250, 190, 50, "\uDC00F");
          c.rows().ride("w-utf-user", "u-utf", PAST.plusDays(37), "NOT_STARTED");
        });

    // ---- nutrition days
    nutrition("NaN protein", "protein", Double.NaN, 1);
    nutrition("+infinity carbs", "carbs", Double.POSITIVE_INFINITY, 2);
    nutrition("-infinity fat", "fat", Double.NEGATIVE_INFINITY, 3);
    nutrition("negative calories", "calories", -500, 4);
    nutrition("impossible water (100 l)", "\"waterMl\"", 100_000, 5);
    nutrition("impossible protein goal (5 kg)", "\"proteinGoal\"", 5000.0, 6);
    nutrition("sugar above carbs", "sugar", 900.0, 7);
    add(
        "future-dated nutrition day",
        N,
        "n-future",
        "future_dated",
        ALL,
        c -> c.rows().nutrition("n-future", "u-ok", FUTURE.toLocalDate(), "[]"));
    add(
        "nutrition day whose user has no \"User\" row",
        N,
        "n-orphan",
        "unknown_user",
        ALL,
        c -> {
          c.jdbc().execute("ALTER TABLE \"Nutrition\" DROP CONSTRAINT \"Nutrition_userId_fkey\"");
          c.rows().nutrition("n-orphan", "u-missing", LocalDate.of(2026, 4, 20), "[]");
        });
    add(
        "meal payload of several MB",
        N,
        "n-huge",
        "payload_too_large",
        ALL,
        c -> {
          StringBuilder meals = new StringBuilder("[");
          for (int i = 0; i < 60_000; i++) {
            meals
                .append(i == 0 ? "" : ",")
                .append("{\"name\":\"rice ")
                .append(i)
                .append("\",\"calories\":100}");
          }
          c.rows()
              .nutrition("n-huge", "u-ok", LocalDate.of(2026, 4, 21), meals.append(']').toString());
        });
    add(
        "notes not valid Unicode",
        N,
        "n-utf",
        "invalid_text",
        H2_ONLY,
        c -> {
          c.rows().nutrition("n-utf", "u-ok", LocalDate.of(2026, 4, 22), "[]");
          c.rows().set(N, "n-utf", "notes", "caf\uD83D au lait");
        });
    userNutrition("user weight impossible (900 kg)", "u-heavy", 900.0, 24);
    userNutrition("user weight NaN", "u-nan-weight", Double.NaN, 25);
    userNutrition("user weight negative", "u-neg-weight", -70.0, 26);
  }

  private static void add(
      String name,
      String table,
      String id,
      String code,
      Set<Flavor> flavors,
      Consumer<Ctx> create) {
    KINDS.add(new Kind(name, table, id, code, flavors, create));
  }

  private static void workout(String name, String column, Object value, int[] day) {
    String id = "w-bad-" + KINDS.size();
    int d = day[0]++;
    add(
        "workout " + name,
        W,
        id,
        "invalid_data",
        ALL,
        c -> {
          c.rows().ride(id, "u-ok", PAST.plusDays(d), "NOT_STARTED");
          c.rows().set(W, id, column, value);
        });
  }

  private static void userWorkout(String name, String user, Integer ftp, Integer maxHr, int day) {
    String id = "w-" + user;
    add(
        name,
        W,
        id,
        "invalid_data",
        ALL,
        c -> {
          c.rows().user(user, 70.0, ftp, maxHr, 50, "M");
          c.rows().ride(id, user, PAST.plusDays(day), "NOT_STARTED");
          // the workout's own FTP would hide the athlete's
          c.rows().set(W, id, "ftp", null);
        });
  }

  private static void userNutrition(String name, String user, Double weight, int day) {
    String id = "n-" + user;
    add(
        name,
        N,
        id,
        "invalid_data",
        ALL,
        c -> {
          c.rows().user(user, weight, 250, 190, 50, "M");
          c.rows()
              .nutrition(
                  id, user, LocalDate.of(2026, 4, day), "[{\"name\":\"oats\",\"calories\":400}]");
        });
  }

  private static void nutrition(String name, String column, Object value, int day) {
    String id = "n-bad-" + KINDS.size();
    add(
        "nutrition " + name,
        N,
        id,
        "invalid_data",
        ALL,
        c -> {
          c.rows()
              .nutrition(
                  id, "u-ok", LocalDate.of(2026, 4, day), "[{\"name\":\"oats\",\"calories\":400}]");
          c.rows().set(N, id, column, value);
        });
  }

  // ---- one run per flavour ---------------------------------------------------------------

  private record Run(
      TestDatabase db, Cli.Result result, Map<String, Map<String, Object>> workoutsBefore) {}

  private final Map<Flavor, Run> runs = new EnumMap<>(Flavor.class);

  private synchronized Run run(Flavor flavor) {
    return runs.computeIfAbsent(
        flavor,
        f -> {
          TestDatabase db = f == Flavor.H2 ? TestDatabase.h2() : TestDatabase.postgres();
          DomainSchema.createIfMissing(db.dataSource());
          DomainRows rows = new DomainRows(db.jdbc(), db.dialect());
          rows.user("u-ok", 72.0, 250, 190, 50, "M");
          for (int i = 0; i < VALID_WORKOUTS.size(); i++) {
            rows.ride(VALID_WORKOUTS.get(i), "u-ok", PAST.plusDays(i), "NOT_STARTED");
          }
          for (int i = 0; i < VALID_NUTRITION.size(); i++) {
            rows.nutrition(
                VALID_NUTRITION.get(i),
                "u-ok",
                LocalDate.of(2026, 5, 1 + i),
                "[{\"name\":\"oats\",\"calories\":400},{\"name\":\"berries\",\"calories\":80}]");
          }
          Ctx ctx = new Ctx(db.jdbc(), rows, db.dialect());
          KINDS.stream().filter(k -> k.flavors().contains(f)).forEach(k -> k.create().accept(ctx));
          var before = TableSnapshot.of(db.jdbc(), W, Set.of());
          // small chunks: bad rows sit in several chunks, next to valid ones
          Cli.Result result =
              Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "4");
          return new Run(db, result, before);
        });
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
  void eachBadRowIsSkippedWithItsReasonAndTheJobCompletes(Flavor flavor, Kind kind) {
    Run run = run(flavor);
    JdbcTemplate jdbc = run.db().jdbc();
    assertThat(run.result().exitCode()).as(run.result().all()).isZero();
    assertThat(jdbc.queryForObject("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION", String.class))
        .isEqualTo("COMPLETED");

    // The bad row: in the skip log with the expected code and a reason, once.
    List<Map<String, Object>> skips =
        jdbc.queryForList(
            "SELECT TABLE_NAME, REASON_CODE, REASON"
                + " FROM batch.ATHLETE_SKIP_LOG WHERE ITEM_ID = ?",
            kind.id());
    assertThat(skips).as(kind.name()).hasSize(1);
    assertThat(skips.get(0).get("REASON_CODE"))
        .as(kind.name() + ": " + skips.get(0).get("REASON"))
        .isEqualTo(kind.code());
    assertThat((String) skips.get(0).get("REASON")).isNotBlank();
    String status =
        jdbc.queryForObject(
            "SELECT \"aiAnalysisStatus\" FROM " + kind.table() + " WHERE id = ?",
            String.class,
            kind.id());
    Integer score =
        jdbc.queryForObject(
            "SELECT \"overallScore\" FROM " + kind.table() + " WHERE id = ?",
            Integer.class,
            kind.id());
    assertThat(score).isNull();
    if (kind.code().equals("future_dated")) {
      assertThat(status).isEqualTo("NOT_STARTED");
      if (kind.table().equals(W)) {
        assertThat(TableSnapshot.of(jdbc, W, Set.of()).get(kind.id()))
            .isEqualTo(run.workoutsBefore().get(kind.id()));
      }
    } else {
      assertThat(status).isEqualTo("FAILED");
    }

    // Every valid row scored, none in the skip log.
    for (String id : VALID_WORKOUTS) {
      assertScored(jdbc, W, id);
    }
    for (String id : VALID_NUTRITION) {
      assertScored(jdbc, N, id);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM batch.ATHLETE_SKIP_LOG WHERE ITEM_ID LIKE '%-valid-%'",
                Integer.class))
        .isZero();
    // Nothing else is in the skip log: one row per bad kind of this flavour.
    assertThat(jdbc.queryForObject("SELECT count(*) FROM batch.ATHLETE_SKIP_LOG", Long.class))
        .isEqualTo(KINDS.stream().filter(k -> k.flavors().contains(flavor)).count());
  }

  private static void assertScored(JdbcTemplate jdbc, String table, String id) {
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT \"aiAnalysisStatus\", \"overallScore\" FROM " + table + " WHERE id = ?", id);
    assertThat(row.get("aiAnalysisStatus")).as(id).isEqualTo("COMPLETED");
    assertThat((Integer) row.get("overallScore")).as(id).isBetween(1, 10);
  }

  /** The corpus size, for the report: at least 30 kinds over both jobs. */
  static int kindCount() {
    return KINDS.size();
  }
}
