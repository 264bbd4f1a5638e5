package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code --changed-only} from the watermark in the job repository: late commits inside the overlap
 * are caught, nothing new selects nobody, and the selection reads a range of the primary key.
 */
class ChangeWatermarkTest {

  private static final String[] RUN = {"capability-backfill", "--no-verify", "--database-url"};

  static Cli.Result run(TestDatabase db, String... more) {
    String[] args = new String[RUN.length + 1 + more.length];
    System.arraycopy(RUN, 0, args, 0, RUN.length);
    args[RUN.length] = db.jdbcUrl();
    System.arraycopy(more, 0, args, RUN.length + 1, more.length);
    return Cli.run(args);
  }

  private static void insertEvent(JdbcTemplate jdbc, UUID id, UUID user) {
    insertEvent(jdbc, id, user, LocalDateTime.of(2026, 10, 30, 9, 0));
  }

  private static void insertEvent(JdbcTemplate jdbc, UUID id, UUID user, LocalDateTime timestamp) {
    jdbc.update(
        "INSERT INTO events (id, user_id, timestamp, event_type, data, metadata)"
            + " VALUES (?, ?, ?, 'set.logged', CAST(? AS jsonb), CAST(? AS jsonb))",
        id,
        user,
        Timestamp.valueOf(timestamp),
        "{\"exercise\":\"Back Squat\",\"exercise_id\":\"barbell_back_squat\",\"weight_kg\":150,"
            + "\"reps\":3,\"rpe\":9}",
        "{\"idempotency_key\":\"" + UUID.randomUUID() + "\"}");
  }

  /** Each user's highest projection version. */
  static Map<UUID, Long> versions(JdbcTemplate jdbc) {
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
      // the demo dates some events after the as-of: the watermark stops at the as-of's first id
      UUID watermark =
          ChangeWatermark.capped(
              jdbc.queryForObject(ChangeWatermark.HIGHEST_ID, UUID.class), asOf());
      assertThat(watermark).isEqualTo(ChangeWatermark.smallestV7(asOf().toEpochMilli()));
      // the users of the events the full run set aside as dated after its as-of: taken again
      List<UUID> setAside =
          CapabilityEstimationJobTest.usersWithEvents(
              jdbc,
              "id > ? OR timestamp > ?",
              watermark,
              Timestamp.valueOf(LocalDateTime.parse(CapabilityEstimationJobTest.AS_OF)));
      assertThat(setAside).isNotEmpty();
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
              .filter(u -> !inOverlap.contains(u) && !setAside.contains(u))
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
      setAside.stream().filter(u -> !inOverlap.contains(u)).forEach(expected::add);
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
   * An id ahead of the clock (a writer whose clock runs an hour ahead) does not become the
   * watermark (the run's as-of caps it); an event written afterwards with a correct, lower id is
   * still picked up.
   */
  @Test
  void aWatermarkAheadOfTheClockDoesNotHideLaterEvents() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate jdbc = db.jdbc();
      List<UUID> users = demoUsers(jdbc);
      UUID ahead = users.get(0);
      UUID later = users.get(1);
      insertEvent(
          jdbc, CapabilityEstimationJobTest.uuidV7(System.currentTimeMillis() + 3_600_000), ahead);
      assertThat(run(db).exitCode()).isZero();
      insertEvent(jdbc, CapabilityEstimationJobTest.uuidV7(System.currentTimeMillis()), later);

      assertThat(run(db, "--changed-only").exitCode()).isZero();

      Map<UUID, Long> after = versions(jdbc);
      assertThat(after.get(later)).isEqualTo(2L);
    }
  }

  /**
   * The bug the full-size trial found: an event written after the run's as-of (its launch) but
   * before its step read the highest id was set aside as dated after the as-of, yet sat below the
   * watermark, so the next --changed-only run took it as seen.
   */
  @Test
  void anEventWrittenAfterTheAsOfAndBeforeTheStepStartsIsTakenByTheNextRun() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate jdbc = db.jdbc();
      UUID user = demoUsers(jdbc).get(0);
      LocalDateTime launch = nowUtc().minusMinutes(1);
      // written 30 s after the launch, dated then: above the as-of, and the highest id
      LocalDateTime written = launch.plusSeconds(30);
      UUID late = CapabilityEstimationJobTest.uuidV7(millis(written));
      insertEvent(jdbc, late, user, written);

      assertThat(run(db, "--as-of", launch.toString()).exitCode()).isZero();
      assertThat(projectionText(jdbc, user)).contains(late.toString());

      Cli.Result changed = run(db, "--changed-only");

      assertThat(changed.exitCode()).as(changed.all()).isZero();
      Map<UUID, Long> after = versions(jdbc);
      assertThat(after.get(user)).isEqualTo(2L);
      assertThat(after.entrySet().stream().filter(e -> e.getValue() == 2L).map(Map.Entry::getKey))
          .containsExactly(user);
      assertThat(projectionText(jdbc, user)).doesNotContain(late.toString());
    }
  }

  /**
   * An event dated after the run's as-of with an older id (a writer whose clock is behind the
   * event's date) is below every later watermark: the skip log carries it from run to run until a
   * run's as-of reaches its date.
   */
  @Test
  void anEventDatedAfterTheAsOfWithAnOlderIdIsTakenWhenItsTimeComes() {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(Dialect.POSTGRESQL)) {
      JdbcTemplate jdbc = db.jdbc();
      UUID user = demoUsers(jdbc).get(1);
      LocalDateTime now = nowUtc();
      UUID ahead = CapabilityEstimationJobTest.uuidV7(millis(now.minusHours(2)));
      insertEvent(jdbc, ahead, user, now.minusMinutes(30));

      assertThat(run(db, "--as-of", now.minusHours(1).toString()).exitCode()).isZero();
      // still ahead of this run's as-of: set aside again, and so taken by the next run too
      Cli.Result stillAhead = run(db, "--changed-only", "--as-of", now.minusMinutes(45).toString());
      assertThat(stillAhead.exitCode()).as(stillAhead.all()).isZero();
      assertThat(versions(jdbc).get(user)).isEqualTo(2L);
      assertThat(projectionText(jdbc, user)).contains(ahead.toString());

      assertThat(run(db, "--changed-only").exitCode()).isZero();
      assertThat(versions(jdbc).get(user)).isEqualTo(3L);
      assertThat(projectionText(jdbc, user)).doesNotContain(ahead.toString());

      Map<UUID, Long> used = versions(jdbc);
      assertThat(run(db, "--changed-only").exitCode()).isZero();
      assertThat(versions(jdbc)).isEqualTo(used);
    }
  }

  /**
   * --changed-only reads the chunk's changed users together (pages of only those users): each gets
   * exactly the projections a full run at the same as-of writes.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theChangedUsersGetExactlyTheProjectionsAFullRunWrites(Dialect dialect) {
    try (TestDatabase db = CapabilityEstimationJobTest.withDemoEvents(dialect)) {
      JdbcTemplate jdbc = db.jdbc();
      String asOf = nowUtc().minusMinutes(1).toString();
      assertThat(run(db, "--as-of", asOf).exitCode()).isZero();
      List<UUID> users = demoUsers(jdbc);
      // Sparse users, so that a chunk's users are not neighbours; new ids, dated in the past.
      List<UUID> changed = List.of(users.get(1), users.get(4), users.get(5), users.get(9));
      for (UUID user : changed) {
        CapabilityEstimationJobTest.insertSet(jdbc, dialect, user, 150, 3, 9);
      }
      String later = nowUtc().plusMinutes(1).toString();

      Cli.Result nightly = run(db, "--changed-only", "--as-of", later, "--chunk-size", "2");

      assertThat(nightly.exitCode()).as(nightly.all()).isZero();
      Map<UUID, Long> versions = versions(jdbc);
      List<UUID> estimated = users.stream().filter(u -> versions.get(u) == 2L).sorted().toList();
      assertThat(estimated).containsAll(changed).hasSizeLessThan(users.size());
      Map<UUID, String> nightlyText = new HashMap<>();
      estimated.forEach(u -> nightlyText.put(u, projectionText(jdbc, u)));

      assertThat(run(db, "--as-of", later).exitCode()).isZero();

      for (UUID user : estimated) {
        assertThat(nightlyText.get(user)).as("user %s", user).isEqualTo(projectionText(jdbc, user));
      }
    }
  }

  /** The users with events, in id order. */
  private static List<UUID> demoUsers(JdbcTemplate jdbc) {
    return jdbc.queryForList("SELECT DISTINCT user_id FROM events ORDER BY 1", UUID.class);
  }

  private static LocalDateTime nowUtc() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  }

  private static long millis(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static Instant asOf() {
    return LocalDateTime.parse(CapabilityEstimationJobTest.AS_OF).toInstant(ZoneOffset.UTC);
  }

  /** A user's four projections as text, in key order. */
  private static String projectionText(JdbcTemplate jdbc, UUID user) {
    return String.join(
        "\n",
        jdbc.queryForList(
            "SELECT CAST(data AS VARCHAR) AS d FROM projections WHERE user_id = ? ORDER BY d",
            String.class,
            user));
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
      // with an event the previous run set aside, far below the bound: a second range of the key
      UUID setAside =
          jdbc.queryForObject("SELECT id FROM events ORDER BY id OFFSET 10 LIMIT 1", UUID.class);
      String where =
          CapabilityQueries.readerWhere(
              selection,
              new ChangeWatermark.Changes(ChangeWatermark.lowerBound(watermark), List.of(setAside)),
              params);

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

  @Test
  void theAsOfCapsTheWatermark() {
    Instant asOf = Instant.parse("2026-11-01T00:00:00Z");
    UUID atAsOf = ChangeWatermark.smallestV7(asOf.toEpochMilli());
    UUID before = CapabilityEstimationJobTest.uuidV7(asOf.toEpochMilli() - 1);
    UUID after = CapabilityEstimationJobTest.uuidV7(asOf.toEpochMilli() + 1);
    UUID v4 = UUID.fromString("f0000000-0000-4000-8000-000000000000");
    // highest id, as-of → watermark
    Object[][] cases = {
      {before, before}, {after, atAsOf}, {atAsOf, atAsOf}, {v4, v4},
    };
    for (Object[] c : cases) {
      assertThat(ChangeWatermark.capped((UUID) c[0], asOf)).as("%s", c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void setAsideEventsAreListedUpToTheLimitThenTheRangeStartsBeforeTheOldest() {
    long t = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    UUID since = ChangeWatermark.smallestV7(t);
    UUID old1 = CapabilityEstimationJobTest.uuidV7(t - 60_000);
    UUID old2 = CapabilityEstimationJobTest.uuidV7(t - 3_600_000);
    UUID above = CapabilityEstimationJobTest.uuidV7(t + 5);
    // the range above `since` already holds `above`: not listed; duplicates listed once, in order
    assertThat(ChangeWatermark.bound(since, List.of(old1, above, old2, old1), 2))
        .isEqualTo(new ChangeWatermark.Changes(since, List.of(old2, old1)));
    assertThat(ChangeWatermark.bound(since, List.of(), 2))
        .isEqualTo(new ChangeWatermark.Changes(since, List.of()));
    // over the limit: one range from a millisecond before the oldest, which holds them all
    ChangeWatermark.Changes wide = ChangeWatermark.bound(since, List.of(old1, old2, above), 1);
    assertThat(wide.futureEvents()).isEmpty();
    assertThat(ChangeWatermark.timestampMillis(wide.since())).isEqualTo(t - 3_600_000 - 1);
    assertThat(ChangeWatermark.compare(old2, wide.since())).isPositive();
    // over the limit with an id that is not time-ordered: every user
    assertThat(
            ChangeWatermark.bound(
                since, List.of(old1, UUID.fromString("00000000-0000-4000-8000-000000000001")), 1))
        .isNull();
    // PostgreSQL's order is unsigned: a variant-2 low half sorts after a zero one
    assertThat(
            ChangeWatermark.compare(
                new UUID(1, 0x8000_0000_0000_0000L), new UUID(1, 0x0000_0000_0000_0001L)))
        .isPositive();
  }
}
