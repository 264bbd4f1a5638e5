package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The jobs beside a live application (issue 12), on PostgreSQL: while the score backfill runs, the
 * "application" holds row locks, and, while a chunk waits on one of them (between its read and its
 * write), scores rows the way the seed's task does, re-queues others (PROCESSING), edits others'
 * inputs and deletes some. Every row it touched must be exactly as it left it, the skip log must
 * name each with its reason, and every other row must be as an uninterrupted run leaves it.
 */
@Tag("reliability")
class LiveDatabaseTest {

  private static final DemoOptions DEMO = new DemoOptions(6, 240, 60, 0, 17);
  private static final int CHUNK = 20;
  private static final String APP_NAME = "athlete-batch scoreBackfill #%";

  @Test
  void whatTheApplicationWritesDuringARunIsNeverOverwritten() throws Exception {
    try (TestDatabase live = TestDatabase.create(Dialect.POSTGRESQL);
        TestDatabase reference = TestDatabase.create(Dialect.POSTGRESQL)) {
      for (TestDatabase db : List.of(live, reference)) {
        DomainSchema.createIfMissing(db.dataSource());
        new DemoDataGenerator().generate(db.dataSource(), DEMO);
      }
      JdbcTemplate jdbc = live.jdbc();
      List<String> eligible = EligibleWorkouts.ids(jdbc);
      assertThat(eligible).hasSizeGreaterThan(4 * CHUNK);
      // The third chunk: two rows locked by the application, the rest touched while it waits.
      List<String> chunk = eligible.subList(2 * CHUNK, 3 * CHUNK);
      String lockedThroughout = chunk.get(0);
      String lockedBriefly = chunk.get(1);
      List<String> scoredByApp = chunk.subList(2, 5);
      List<String> requeued = chunk.subList(5, 7);
      List<String> edited = chunk.subList(7, 10);
      List<String> deleted = chunk.subList(10, 12);
      Map<String, Map<String, Object>> before = TableSnapshot.of(jdbc, "\"Workout\"", Set.of());
      Set<String> deletedUsers =
          Set.copyOf(
              jdbc.queryForList(
                  "SELECT DISTINCT \"userId\" FROM \"Workout\" WHERE id IN (?, ?)",
                  String.class,
                  deleted.get(0),
                  deleted.get(1)));
      Cli.run("executions", "--database-url", live.jdbcUrl()); // creates the job repository

      // The application is busy with the chunk's rows before the run: each in a transaction of
      // its own that holds the row's lock (as the seed's task does while it analyses a row).
      Map<String, Connection> app = new LinkedHashMap<>();
      try {
        for (String id : chunk.subList(0, 12)) {
          Connection connection = live.dataSource().getConnection();
          app.put(id, connection);
          lock(connection, id);
        }
        Connection holdsThroughout = app.get(lockedThroughout);
        Connection holdsBriefly = app.get(lockedBriefly);

        CompletableFuture<Cli.Result> run =
            CompletableFuture.supplyAsync(
                () ->
                    Cli.run(
                        "run",
                        "scoreBackfill",
                        "--database-url",
                        live.jdbcUrl(),
                        "--chunk-size",
                        String.valueOf(CHUNK),
                        "--lock-timeout",
                        "3s"));

        // The chunk waits on a lock: pg_stat_activity names the run and step (what a DBA sees).
        String waiting =
            await(
                () ->
                    jdbc
                        .queryForList(
                            "SELECT application_name FROM pg_stat_activity"
                                + " WHERE application_name LIKE ? AND wait_event_type = 'Lock'",
                            String.class,
                            APP_NAME)
                        .stream()
                        .findFirst()
                        .orElse(null),
                run);
        assertThat(waiting).matches("athlete-batch scoreBackfill #\\d+ scoreWorkouts");

        // Meanwhile (the chunk has read these rows and not yet written them) the application
        // writes and commits them.
        for (String id : scoredByApp) {
          change(
              app.get(id),
              "UPDATE \"Workout\" SET \"overallScore\" = 9, \"overallQualityExplanation\" = 'by the"
                  + " app', \"aiAnalysisStatus\" = 'COMPLETED', \"aiAnalyzedAt\" = now(),"
                  + " \"updatedAt\" = now() WHERE id = ?",
              id);
        }
        for (String id : requeued) {
          change(
              app.get(id),
              "UPDATE \"Workout\" SET \"aiAnalysisStatus\" = 'PROCESSING', \"updatedAt\" = now()"
                  + " WHERE id = ?",
              id);
        }
        for (String id : edited) {
          change(
              app.get(id),
              "UPDATE \"Workout\" SET \"averageWatts\" = COALESCE(\"averageWatts\", 150) + 17,"
                  + " \"updatedAt\" = now() WHERE id = ?",
              id);
        }
        for (String id : deleted) {
          change(app.get(id), "DELETE FROM \"Workout\" WHERE id = ?", id);
        }
        Map<String, Map<String, Object>> leftByApp = new HashMap<>();
        Map<String, Map<String, Object>> afterApp = TableSnapshot.of(jdbc, "\"Workout\"", Set.of());
        for (String id : concat(scoredByApp, requeued, edited)) {
          leftByApp.put(id, afterApp.get(id));
        }

        // Once the chunk has left the briefly locked row for the retry pass, release it.
        await(
            () ->
                jdbc.queryForObject(
                            "SELECT count(*) FROM batch.BATCH_STEP_EXECUTION_CONTEXT"
                                + " WHERE SHORT_CONTEXT LIKE ? OR SERIALIZED_CONTEXT LIKE ?",
                            Long.class,
                            "%" + lockedBriefly + "%",
                            "%" + lockedBriefly + "%")
                        > 0
                    ? Boolean.TRUE
                    : null,
            run);
        holdsBriefly.rollback();

        Cli.Result result = run.get(3, TimeUnit.MINUTES);
        holdsThroughout.rollback();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("COMPLETED");
        assertThat(result.out())
            .contains("changed by the application meanwhile, left as it wrote them 10")
            .contains("locked by the application, left for the next run 1");

        Map<String, Map<String, Object>> after = TableSnapshot.of(jdbc, "\"Workout\"", Set.of());
        for (var e : leftByApp.entrySet()) {
          assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (String id : deleted) {
          assertThat(after).doesNotContainKey(id);
        }
        // Still locked after the retry: untouched, and still eligible for the next run.
        assertThat(after.get(lockedThroughout)).isEqualTo(before.get(lockedThroughout));
        assertThat(EligibleWorkouts.ids(jdbc)).contains(lockedThroughout);

        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        for (Map<String, Object> row :
            jdbc.queryForList(
                "SELECT ITEM_ID, REASON_CODE, REASON FROM batch.ATHLETE_SKIP_LOG"
                    + " WHERE REASON_CODE IN ('changed_concurrently', 'row_locked')")) {
          reasons.put((String) row.get("ITEM_ID"), (String) row.get("REASON_CODE"));
          details.put((String) row.get("ITEM_ID"), (String) row.get("REASON"));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        concat(scoredByApp, requeued, edited, deleted)
            .forEach(id -> expected.put(id, "changed_concurrently"));
        expected.put(lockedThroughout, "row_locked");
        assertThat(reasons).isEqualTo(expected);
        scoredByApp.forEach(id -> assertThat(details.get(id)).contains("scored (overallScore 9)"));
        requeued.forEach(id -> assertThat(details.get(id)).contains("-> PROCESSING"));
        edited.forEach(id -> assertThat(details.get(id)).contains("updatedAt"));
        deleted.forEach(id -> assertThat(details.get(id)).contains("deleted"));

        // Every other row (the briefly locked one included) as an uninterrupted run leaves it.
        Cli.Result uninterrupted =
            Cli.run(
                "run",
                "scoreBackfill",
                "--database-url",
                reference.jdbcUrl(),
                "--chunk-size",
                String.valueOf(CHUNK));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.all()).isZero();
        Set<String> touched = Set.copyOf(concat(chunk.subList(0, 1), chunk.subList(2, 12)));
        Map<String, Map<String, Object>> expectedRows =
            TableSnapshot.of(reference.jdbc(), "\"Workout\"", TableSnapshot.WRITE_TIMES);
        expectedRows.keySet().removeAll(touched);
        assertThat(
                DatabaseRestartTest.differences(
                    TableSnapshot.of(jdbc, "\"Workout\"", TableSnapshot.WRITE_TIMES), expectedRows))
            .isEmpty();
        assertThat(after.get(lockedBriefly).get("overallScore")).isNotNull();
        // A nutrition day's training time counts its workouts: leave out the deleted ones' users.
        Map<String, Map<String, Object>> expectedDays =
            TableSnapshot.of(reference.jdbc(), "\"Nutrition\"", TableSnapshot.WRITE_TIMES);
        expectedDays.values().removeIf(row -> deletedUsers.contains(row.get("userId")));
        assertThat(
                DatabaseRestartTest.differences(
                    TableSnapshot.of(jdbc, "\"Nutrition\"", TableSnapshot.WRITE_TIMES),
                    expectedDays))
            .isEmpty();
      } finally {
        for (Connection connection : app.values()) {
          connection.close();
        }
      }
    }
  }

  /**
   * kura's worker upserts a user's projection while the job estimates that user: it holds the row,
   * then, with the job's upsert waiting on it, records a new event and writes the projection from
   * it. The job's upsert must keep that newer projection (newer_projection, version not bumped) and
   * write the others.
   */
  @Test
  void aProjectionNewerThanTheEventsReadIsKept() throws Exception {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(4, 0, 0, 400, 23));
      JdbcTemplate jdbc = db.jdbc();
      String user =
          jdbc.queryForObject(
              "SELECT CAST(e.user_id AS text) FROM events e JOIN users u ON u.id = e.user_id"
                  + " ORDER BY e.user_id LIMIT 1",
              String.class);
      String oldest =
          jdbc.queryForObject(
              "SELECT CAST(id AS text) FROM events WHERE user_id = CAST(? AS uuid) ORDER BY id LIMIT 1",
              String.class,
              user);
      // A projection from before the run, which the worker will hold and then rewrite.
      jdbc.update(
          "INSERT INTO projections (user_id, projection_type, key, data, version, last_event_id)"
              + " VALUES (CAST(? AS uuid), 'capability_estimation', 'strength_1rm',"
              + " CAST('{\"by\":\"kura\"}' AS jsonb), 3, CAST(? AS uuid))",
          user,
          oldest);
      Cli.run("executions", "--database-url", db.jdbcUrl()); // creates the job repository
      try (Connection worker = db.dataSource().getConnection()) {
        worker.setAutoCommit(false);
        try (PreparedStatement ps =
            worker.prepareStatement(
                "SELECT id FROM projections WHERE user_id = CAST(? AS uuid)"
                    + " AND key = 'strength_1rm' FOR UPDATE")) {
          ps.setString(1, user);
          ps.executeQuery().close();
        }
        CompletableFuture<Cli.Result> run =
            CompletableFuture.supplyAsync(
                () ->
                    Cli.run(
                        "run",
                        "capabilityEstimation",
                        "--database-url",
                        db.jdbcUrl(),
                        "--lock-timeout",
                        "10s"));
        String waiting =
            await(
                () ->
                    jdbc
                        .queryForList(
                            "SELECT application_name FROM pg_stat_activity"
                                + " WHERE application_name LIKE 'athlete-batch capabilityEstimation #%'"
                                + " AND wait_event_type = 'Lock'",
                            String.class)
                        .stream()
                        .findFirst()
                        .orElse(null),
                run);
        assertThat(waiting)
            .matches("athlete-batch capabilityEstimation #\\d+ estimateCapabilities");
        // A new event arrives (UUIDv7: later than every event the job read) and the worker
        // writes the projection from it.
        String newer = uuid7(System.currentTimeMillis() + 86_400_000L).toString();
        try (PreparedStatement ps =
            worker.prepareStatement(
                "INSERT INTO events (id, user_id, timestamp, event_type, data, metadata)"
                    + " VALUES (CAST(? AS uuid), CAST(? AS uuid), now(), 'set.logged',"
                    + " CAST('{\"exercise\":\"squat\",\"weight_kg\":100,\"reps\":5}' AS jsonb),"
                    + " CAST('{}' AS jsonb))")) {
          ps.setString(1, newer);
          ps.setString(2, user);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            worker.prepareStatement(
                "UPDATE projections SET data = CAST('{\"by\":\"kura\",\"fresh\":true}' AS jsonb),"
                    + " version = version + 1, last_event_id = CAST(? AS uuid), updated_at = now()"
                    + " WHERE user_id = CAST(? AS uuid) AND key = 'strength_1rm'")) {
          ps.setString(1, newer);
          ps.setString(2, user);
          ps.executeUpdate();
        }
        Map<String, Object> byWorker;
        worker.commit();
        byWorker =
            jdbc.queryForMap(
                "SELECT CAST(data AS text) AS data, version, CAST(last_event_id AS text) AS last"
                    + " FROM projections WHERE user_id = CAST(? AS uuid) AND key = 'strength_1rm'",
                user);

        Cli.Result result = run.get(3, TimeUnit.MINUTES);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("COMPLETED").contains("newer projections kept 1");
        assertThat(
                jdbc.queryForMap(
                    "SELECT CAST(data AS text) AS data, version, CAST(last_event_id AS text) AS last"
                        + " FROM projections WHERE user_id = CAST(? AS uuid)"
                        + " AND key = 'strength_1rm'",
                    user))
            .isEqualTo(byWorker);
        assertThat(byWorker.get("version")).isEqualTo(4L);
        assertThat(
                jdbc.queryForList(
                    "SELECT ITEM_ID FROM batch.ATHLETE_SKIP_LOG WHERE REASON_CODE = 'newer_projection'",
                    String.class))
            .containsExactly(user + "/strength_1rm");
        // The user's other keys, and every other user's, were written by the job (version 1).
        assertThat(
                jdbc.queryForObject(
                    "SELECT count(*) FROM projections WHERE version = 1 AND user_id = CAST(? AS uuid)",
                    Long.class,
                    user))
            .isEqualTo(3L);
      }
    }
  }

  /**
   * A projection kura's worker holds locked for the whole run: the chunk waits at most the lock
   * timeout, writes the rest, retries the locked one after the step, then skips it (row_locked).
   */
  @Test
  void aProjectionLockedThroughoutIsSkippedAndTheRunCompletes() throws Exception {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(4, 0, 0, 400, 29));
      JdbcTemplate jdbc = db.jdbc();
      String user =
          jdbc.queryForObject(
              "SELECT CAST(e.user_id AS text) FROM events e JOIN users u ON u.id = e.user_id"
                  + " ORDER BY e.user_id LIMIT 1",
              String.class);
      jdbc.update(
          "INSERT INTO projections (user_id, projection_type, key, data, version)"
              + " VALUES (CAST(? AS uuid), 'capability_estimation', 'jump_height',"
              + " CAST('{\"by\":\"kura\"}' AS jsonb), 2)",
          user);
      Map<String, Object> before =
          jdbc.queryForMap(
              "SELECT CAST(data AS text) AS data, version FROM projections"
                  + " WHERE user_id = CAST(? AS uuid) AND key = 'jump_height'",
              user);
      try (Connection worker = db.dataSource().getConnection()) {
        worker.setAutoCommit(false);
        try (PreparedStatement ps =
            worker.prepareStatement(
                "SELECT id FROM projections WHERE user_id = CAST(? AS uuid)"
                    + " AND key = 'jump_height' FOR UPDATE")) {
          ps.setString(1, user);
          ps.executeQuery().close();
        }
        Cli.Result result =
            Cli.run(
                "run",
                "capabilityEstimation",
                "--database-url",
                db.jdbcUrl(),
                "--lock-timeout",
                "1s");
        worker.rollback();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("COMPLETED").contains("left for the next run 1");
      }
      assertThat(
              jdbc.queryForMap(
                  "SELECT CAST(data AS text) AS data, version FROM projections"
                      + " WHERE user_id = CAST(? AS uuid) AND key = 'jump_height'",
                  user))
          .isEqualTo(before);
      assertThat(
              jdbc.queryForList(
                  "SELECT ITEM_ID FROM batch.ATHLETE_SKIP_LOG WHERE REASON_CODE = 'row_locked'",
                  String.class))
          .containsExactly(user + "/jump_height");
      long users =
          jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM projections", Long.class);
      assertThat(
              jdbc.queryForObject("SELECT count(*) FROM projections WHERE version = 1", Long.class))
          .isEqualTo(users * 4 - 1);
    }
  }

  /** A UUIDv7 for the given time: ordered after every id generated before it. */
  private static java.util.UUID uuid7(long epochMillis) {
    java.util.Random random = new java.util.Random(epochMillis);
    long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new java.util.UUID(msb, lsb);
  }

  /** Runs the application's change in the transaction that holds the row, and commits it. */
  private static void change(Connection connection, String sql, String id) throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    connection.commit();
  }

  /** Opens a transaction on {@code connection} that holds the row's lock until rolled back. */
  private static void lock(Connection connection, String id) throws Exception {
    connection.setAutoCommit(false);
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT id FROM \"Workout\" WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      ps.executeQuery().close();
    }
  }

  /** Polls until {@code probe} answers, failing when the run ends first or after a minute. */
  private static <T> T await(java.util.function.Supplier<T> probe, CompletableFuture<?> run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (run.isDone()) {
        throw new AssertionError("the run ended first: " + run.get());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
