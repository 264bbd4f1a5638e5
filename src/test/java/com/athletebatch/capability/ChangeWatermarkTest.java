package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code --changed-only} from the watermark in the job repository: late commits inside the overlap
 * are caught, nothing new selects nobody, and the selection reads a range of the primary key.
 */
class ChangeWatermarkTest {

  private static final String[] RUN = {"capability-backfill", "--no-verify", "--database-url"};

  private static Cli.Result run(TestDatabase db, String... more) {
    String[] args = new String[RUN.length + 1 + more.length];
    System.arraycopy(RUN, 0, args, 0, RUN.length);
    args[RUN.length] = db.jdbcUrl();
    System.arraycopy(more, 0, args, RUN.length + 1, more.length);
    return Cli.run(args);
  }

  private static void insertEvent(JdbcTemplate jdbc, UUID id, UUID user) {
    jdbc.update(
        "INSERT INTO events (id, user_id, timestamp, event_type, data, metadata)"
            + " VALUES (?, ?, ?, 'set.logged', CAST(? AS jsonb), CAST(? AS jsonb))",
        id,
        user,
        Timestamp.valueOf(LocalDateTime.of(2026, 10, 30, 9, 0)),
        "{\"exercise\":\"Back Squat\",\"exercise_id\":\"barbell_back_squat\",\"weight_kg\":150,"
            + "\"reps\":3,\"rpe\":9}",
        "{\"idempotency_key\":\"" + UUID.randomUUID() + "\"}");
  }

  private static Map<UUID, Long> versions(JdbcTemplate jdbc) {
    Map<UUID, Long> v = new HashMap<>();
    jdbc.query(
        "SELECT user_id, max(version) AS v FROM projections GROUP BY user_id",
        rs -> {
          v.put(rs.getObject("user_id", UUID.class), rs.getLong("v"));
        });
    return v;
  }

  @Test
  void aLateCommitInsideTheOverlapIsCaughtAndNothingNewSelectsNobody() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate jdbc = db.jdbc();
      assertThat(run(db, "--as-of", CapabilityEstimationJobTest.AS_OF).exitCode()).isZero();
      UUID watermark = jdbc.queryForObject(ChangeWatermark.HIGHEST_ID, UUID.class);
      long watermarkMillis = ChangeWatermark.timestampMillis(watermark);
      UUID bound = ChangeWatermark.lowerBound(watermark);
      // the users the overlap holds already: taken again once a late commit lands in it
      List<UUID> inOverlap =
          jdbc.queryForList(
              "SELECT DISTINCT user_id FROM events WHERE id > ? AND id <= ?",
              UUID.class,
              bound,
              watermark);
      List<UUID> users =
          jdbc
              .queryForList("SELECT DISTINCT user_id FROM projections ORDER BY 1", UUID.class)
              .stream()
              .filter(u -> !inOverlap.contains(u))
              .toList();
      assertThat(users).hasSizeGreaterThan(3);
      UUID late = users.get(0);
      UUID tooLate = users.get(1);
      // ids taken before the watermark, committed after the run read it: 5 minutes before it
      // (inside the 10-minute overlap) and 20 minutes before it (outside: the documented bound)
      UUID lateId = CapabilityEstimationJobTest.uuidV7(watermarkMillis - 5 * 60_000);
      assertThat(lateId.toString()).isLessThan(watermark.toString());
      insertEvent(jdbc, lateId, late);
      insertEvent(jdbc, CapabilityEstimationJobTest.uuidV7(watermarkMillis - 20 * 60_000), tooLate);

      Cli.Result changed = run(db, "--changed-only");

      assertThat(changed.exitCode()).as(changed.all()).isZero();
      Map<UUID, Long> after = versions(jdbc);
      assertThat(after.get(late)).isEqualTo(2L);
      assertThat(after.get(tooLate)).isEqualTo(1L);
      List<UUID> expected = new java.util.ArrayList<>(inOverlap);
      expected.add(late);
      assertThat(after.entrySet().stream().filter(e -> e.getValue() == 2L).map(Map.Entry::getKey))
          .containsExactlyInAnyOrderElementsOf(expected);

      // nothing new since: nobody is selected, nothing is written
      Cli.Result nothing = run(db, "--changed-only");

      assertThat(nothing.exitCode()).as(nothing.all()).isZero();
      assertThat(versions(jdbc)).isEqualTo(after);

      // a new event above the watermark: its user only
      UUID fresh = users.get(2);
      insertEvent(jdbc, CapabilityEstimationJobTest.uuidV7(System.currentTimeMillis()), fresh);
      assertThat(run(db, "--changed-only").exitCode()).isZero();
      Map<UUID, Long> last = versions(jdbc);
      assertThat(last.get(fresh)).isEqualTo(2L);
      assertThat(last.get(late)).isEqualTo(2L);
    }
  }

  /**
   * An id ahead of the clock (a writer whose clock runs an hour ahead) becomes the watermark; an
   * event written afterwards with a correct, lower id is still picked up.
   */
  @Test
  void aWatermarkAheadOfTheClockDoesNotHideLaterEvents() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate jdbc = db.jdbc();
      List<UUID> users =
          jdbc.queryForList("SELECT DISTINCT user_id FROM events ORDER BY 1", UUID.class);
      UUID ahead = users.get(0);
      UUID later = users.get(1);
      insertEvent(
          jdbc, CapabilityEstimationJobTest.uuidV7(System.currentTimeMillis() + 3_600_000), ahead);
      assertThat(run(db, "--as-of", CapabilityEstimationJobTest.AS_OF).exitCode()).isZero();
      insertEvent(jdbc, CapabilityEstimationJobTest.uuidV7(System.currentTimeMillis()), later);

      assertThat(run(db, "--changed-only").exitCode()).isZero();

      Map<UUID, Long> after = versions(jdbc);
      assertThat(after.get(later)).isEqualTo(2L);
    }
  }

  @Test
  void theChangedOnlySelectionReadsARangeOfThePrimaryKeyNotTheHistory() {
    try (TestDatabase db = TestDatabase.postgres()) {
      DomainSchema.createIfMissing(db.dataSource());
      JdbcTemplate jdbc = db.jdbc();
      // 200,000 events of 2,000 users over the past year, ids UUIDv7 of their time
      jdbc.execute(
          "INSERT INTO events (id, user_id, timestamp, event_type, data)"
              + " SELECT (lpad(to_hex(ms), 12, '0') || '7000' || '8000' || lpad(to_hex(g), 12, '0'))::uuid,"
              + " ('00000000-0000-4000-8000-' || lpad(to_hex(g % 2000), 12, '0'))::uuid,"
              + " to_timestamp(ms / 1000.0), 'set.logged', '{}'"
              + " FROM (SELECT g, (extract(epoch FROM now() - interval '365 days') * 1000)::bigint"
              + "   + g::bigint * 150000 AS ms FROM generate_series(1, 200000) g) s");
      jdbc.execute("ANALYZE events");
      UUID watermark = jdbc.queryForObject(ChangeWatermark.HIGHEST_ID, UUID.class);
      Map<String, Object> params = new HashMap<>();
      CapabilitySelection selection =
          new CapabilitySelection("test", List.of(), true, LocalDateTime.now(), 100);
      String where =
          CapabilityQueries.readerWhere(selection, ChangeWatermark.lowerBound(watermark), params);

      String plan =
          String.join(
              "\n",
              new NamedParameterJdbcTemplate(jdbc)
                  .queryForList(
                      "EXPLAIN SELECT DISTINCT user_id FROM events WHERE "
                          + where
                          + " ORDER BY user_id ASC LIMIT 100",
                      params,
                      String.class));

      assertThat(plan).as(plan).contains("events_pkey").doesNotContain("Seq Scan");
    }
  }

  @Test
  void theLowerBoundIsTheSmallestUuidV7TenMinutesBeforeTheWatermark() {
    UUID watermark = UUID.fromString("019a3b2c-4d5e-7abc-9def-0123456789ab");
    long millis = ChangeWatermark.timestampMillis(watermark);
    UUID bound = ChangeWatermark.lowerBound(watermark);
    assertThat(ChangeWatermark.timestampMillis(bound)).isEqualTo(millis - 600_000);
    assertThat(bound.version()).isEqualTo(7);
    assertThat(bound.variant()).isEqualTo(2);
    assertThat(bound.getLeastSignificantBits()).isEqualTo(0x8000_0000_0000_0000L);
    // not a UUIDv7: no bound can be derived, every user is taken
    assertThat(ChangeWatermark.lowerBound(UUID.randomUUID())).isNull();
  }
}
