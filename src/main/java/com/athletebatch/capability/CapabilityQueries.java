package com.athletebatch.capability;

import com.athletebatch.database.Dialect;
import java.util.List;
import java.util.Map;

/** All SQL of the capability estimation, in one place. Values are always bound parameters. */
public final class CapabilityQueries {

  private CapabilityQueries() {}

  public static final String PROJECTION_TYPE = "capability_estimation";

  /** The four event types that carry capability signals (the runbook's list). */
  public static final List<String> CAPABILITY_EVENT_TYPES =
      List.of("set.logged", "session.logged", "set.corrected", "external.activity_imported");

  /** The table the job reads events from, as its skip-log entries name it. */
  public static final String EVENTS_TABLE = "events";

  public static final List<String> REQUIRED_TABLES = List.of(EVENTS_TABLE, "projections", "users");

  /** The columns the job reads (SELECT), per table; {@code doctor} checks them. */
  public static final Map<String, List<String>> READ_COLUMNS =
      Map.of(
          "events",
          List.of("id", "user_id", "timestamp", "event_type", "data", "metadata", "created_at"),
          "users",
          List.of("id"),
          "projections",
          List.of(
              "user_id",
              "projection_type",
              "key",
              "data",
              "version",
              "last_event_id",
              "updated_at"));

  /** The columns the job's upsert writes (INSERT and UPDATE) in {@code projections}. */
  public static final Map<String, List<String>> WRITTEN_COLUMNS =
      Map.of(
          "projections",
          List.of(
              "user_id",
              "projection_type",
              "key",
              "data",
              "version",
              "last_event_id",
              "created_at",
              "updated_at"));

  private static final String TYPES =
      "'set.logged', 'session.logged', 'set.corrected', 'external.activity_imported'";

  /**
   * The reader: distinct users with capability events, paged by user id. PostgreSQL walks the
   * (user_id, event_type, …) index from the last key and stops after one page of users.
   */
  public static String readerWhere(CapabilitySelection s, Map<String, Object> params) {
    return readerWhere(s, null, params);
  }

  /**
   * {@code changes} (may be null): only users with a capability event or a retraction whose id
   * (UUIDv7, the primary key) is above its bound or among the events the previous run set aside as
   * dated after its as-of, see {@link ChangeWatermark}; ranges of the primary key index, not a pass
   * over every user's history.
   */
  public static String readerWhere(
      CapabilitySelection s, ChangeWatermark.Changes changes, Map<String, Object> params) {
    String where;
    if (changes != null) {
      params.put("changedSince", changes.since());
      String ids = "id > :changedSince";
      if (!changes.futureEvents().isEmpty()) {
        params.put("futureEvents", changes.futureEvents());
        ids = "(" + ids + " OR id IN (:futureEvents))";
      }
      where = ids + " AND event_type IN (" + TYPES + ", 'event.retracted')";
    } else {
      where = "event_type IN (" + TYPES + ")";
    }
    if (!s.users().isEmpty()) {
      params.put("users", s.users());
      where += " AND user_id IN (:users)";
    }
    return where;
  }

  static String countUsers(String where) {
    return "SELECT count(DISTINCT user_id) FROM events WHERE " + where;
  }

  /**
   * The reader's FROM under --changed-only: the new events first, over the primary key's range,
   * then their users. As one query, with ORDER BY user_id LIMIT the planner may walk the whole
   * (user_id, …) index instead, filtering on id: a pass over every event whenever it expects many
   * new ones. OFFSET 0 keeps the subquery apart (a fence in PostgreSQL; H2 reads it the same).
   */
  static String changedUsersFrom(String where) {
    return "(SELECT user_id FROM events WHERE " + where + " OFFSET 0) changed";
  }

  /** One row per selected user: what the planner estimates for the progress total. */
  static String users(String where) {
    return "SELECT DISTINCT user_id FROM events WHERE " + where;
  }

  /**
   * The idempotency key of an event, read with the row (duplicates are left out; PostgreSQL's
   * unique index normally prevents them, H2 has none).
   */
  private static String idempotencyKey(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL
        ? "metadata->>'idempotency_key'"
        // H2 has no JSON path operators; read the key with a regular expression.
        : "REGEXP_SUBSTR(CAST(metadata AS VARCHAR), '\"idempotency_key\":\"([^\"]*)\"', 1, 1, '', 1)";
  }

  private static String eventColumns(Dialect dialect) {
    return "SELECT id, user_id, timestamp, event_type, CAST(data AS VARCHAR) AS data, "
        + idempotencyKey(dialect)
        + " AS idempotency_key FROM events";
  }

  /** One user's capability events and retractions, in (timestamp, id) order. */
  public static String userEvents(Dialect dialect) {
    return eventColumns(dialect)
        + " WHERE user_id = ? AND event_type IN ("
        + TYPES
        + ", 'event.retracted') ORDER BY timestamp, id";
  }

  /**
   * A page of consecutive users' capability events and retractions, from user {@code :from} on, at
   * most {@code :limit} rows. The order is the (user_id, timestamp DESC, id DESC) index's own, so
   * PostgreSQL walks it forward and stops after the page; each user's list is reversed in Java into
   * (timestamp, id) order.
   */
  static String eventsPage(Dialect dialect, boolean onlySelectedUsers) {
    return eventColumns(dialect)
        + " WHERE user_id >= :from AND event_type IN ("
        + TYPES
        + ", 'event.retracted')"
        + (onlySelectedUsers ? " AND user_id IN (:users)" : "")
        + " ORDER BY user_id, timestamp DESC, id DESC LIMIT :limit";
  }

  static final String EXISTING_USERS = "SELECT id FROM users WHERE id IN (:ids)";

  /**
   * PostgreSQL: a whole chunk's projection rows upserted in one statement from four arrays
   * (user_id, key, data, last_event_id as text); otherwise as {@link #upsert}.
   */
  public static final String UPSERT_FROM_ARRAYS =
      "INSERT INTO projections (user_id, projection_type, key, data, version,"
          + " last_event_id, created_at, updated_at) SELECT CAST(v.user_id AS uuid), '"
          + PROJECTION_TYPE
          + "', v.k,"
          + " CAST(v.data AS jsonb), 1, CAST(v.last_event_id AS uuid), now(), now()"
          + " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))"
          + " AS v(user_id, k, data, last_event_id)"
          + " ON CONFLICT (user_id, projection_type, key) DO UPDATE SET data = EXCLUDED.data,"
          + " version = projections.version + 1, last_event_id = EXCLUDED.last_event_id,"
          + " updated_at = EXCLUDED.updated_at";

  /**
   * PostgreSQL: the job's upsert of a chunk's projections (as {@link #UPSERT_FROM_ARRAYS}, plus a
   * fifth array: the newest event read for the row's user), which never replaces a newer
   * projection: a stored row whose last_event_id is later (UUIDv7: in arrival order) than the
   * newest event we read was written by kura's worker after more events arrived, and is left alone.
   * The condition is evaluated against the row as it is when our statement gets its lock, so a
   * projection committed meanwhile is seen. RETURNING names the rows written.
   */
  public static final String UPSERT_UNLESS_NEWER_FROM_ARRAYS =
      "WITH v AS (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
          + " CAST(? AS text[]), CAST(? AS text[])) AS v(user_id, k, data, last_event_id, newest))"
          + " INSERT INTO projections (user_id, projection_type, key, data, version,"
          + " last_event_id, created_at, updated_at) SELECT CAST(v.user_id AS uuid), '"
          + PROJECTION_TYPE
          + "', v.k,"
          + " CAST(v.data AS jsonb), 1, CAST(v.last_event_id AS uuid), now(), now() FROM v"
          + " ON CONFLICT (user_id, projection_type, key) DO UPDATE SET data = EXCLUDED.data,"
          + " version = projections.version + 1, last_event_id = EXCLUDED.last_event_id,"
          + " updated_at = EXCLUDED.updated_at"
          + " WHERE projections.last_event_id IS NULL OR projections.last_event_id <= (SELECT"
          + " CAST(v.newest AS uuid) FROM v WHERE CAST(v.user_id AS uuid) = projections.user_id"
          + " AND v.k = projections.key LIMIT 1)"
          + " RETURNING CAST(user_id AS text), key";

  /**
   * PostgreSQL: the stored projections of some (user, key) pairs (arrays user_id, key as text), and
   * those of them that can be locked now; the difference is held by another transaction.
   */
  static final String STORED_PROJECTIONS =
      "SELECT CAST(p.user_id AS text), p.key FROM projections p"
          + " JOIN unnest(CAST(? AS text[]), CAST(? AS text[])) AS v(u, k)"
          + " ON p.user_id = CAST(v.u AS uuid) AND p.key = v.k"
          + " WHERE p.projection_type = '"
          + PROJECTION_TYPE
          + "'";

  static final String LOCKABLE_PROJECTIONS = STORED_PROJECTIONS + " FOR UPDATE OF p SKIP LOCKED";

  /** The stored last_event_id of some users' projections (why a projection was kept). */
  static final String STORED_LAST_EVENTS =
      "SELECT CAST(user_id AS VARCHAR) AS user_id, \"key\", CAST(last_event_id AS VARCHAR) AS"
          + " last_event_id FROM projections WHERE projection_type = '"
          + PROJECTION_TYPE
          + "' AND user_id IN (:ids)";

  /** Upsert of one projection row: version + 1, last_event_id and updated_at on every write. */
  public static String upsert(Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL ->
          "INSERT INTO projections (user_id, projection_type, key, data, version, last_event_id,"
              + " created_at, updated_at) VALUES (CAST(? AS uuid), '"
              + PROJECTION_TYPE
              + "', ?, CAST(? AS jsonb), 1,"
              + " CAST(? AS uuid), now(), now())"
              + " ON CONFLICT (user_id, projection_type, key) DO UPDATE SET data = EXCLUDED.data,"
              + " version = projections.version + 1, last_event_id = EXCLUDED.last_event_id,"
              + " updated_at = EXCLUDED.updated_at";
      case H2 ->
          "MERGE INTO projections p USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR), ? FORMAT JSON,"
              + " CAST(? AS UUID), CAST(? AS UUID))) AS s(user_id, k, data, last_event_id, newest)"
              + " ON p.user_id = s.user_id AND p.projection_type = '"
              + PROJECTION_TYPE
              + "' AND p.\"key\" = s.k"
              + " WHEN MATCHED AND (p.last_event_id IS NULL OR p.last_event_id <= s.newest)"
              + " THEN UPDATE SET data = s.data, version = p.version + 1,"
              + " last_event_id = s.last_event_id, updated_at = CURRENT_TIMESTAMP"
              + " WHEN NOT MATCHED THEN INSERT (user_id, projection_type, \"key\", data, version, last_event_id,"
              + " created_at, updated_at) VALUES (s.user_id, '"
              + PROJECTION_TYPE
              + "', s.k, s.data, 1,"
              + " s.last_event_id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
    };
  }

  // ── kura's background_jobs: this job as the runbook's controller row ──

  /** kura's job type of the backfill controller (runbook, queue-progress query). */
  public static final String BACKFILL_JOB_TYPE = "inference.capability_backfill";

  /** kura's script enqueues its controller row with this priority. */
  static final int BACKFILL_PRIORITY = 4;

  static final String BACKGROUND_JOBS_PRESENT = "SELECT to_regclass('background_jobs') IS NOT NULL";

  /**
   * A {@code pending} or {@code processing} controller row of the source written by kura's own
   * script (ours carry {@code execution_id}).
   */
  static final String KURA_ROW_IN_FLIGHT =
      "SELECT id, status FROM background_jobs"
          + " WHERE job_type = '"
          + BACKFILL_JOB_TYPE
          + "' AND status IN ('pending', 'processing')"
          + " AND payload->>'source' = :source AND payload->>'execution_id' IS NULL"
          + " ORDER BY id LIMIT 1";

  /**
   * Our rows of the source still {@code processing} whose execution no longer runs (its JVM was
   * killed): the launcher lets a run start only when no other run of the source is going.
   */
  static final String CLOSE_ABANDONED_ROWS =
      "UPDATE background_jobs SET status = 'failed', completed_at = now(),"
          + " error_message = 'execution ' || (payload->>'execution_id')"
          + " || ' ended without recording its end; execution ' || :execution || ' took over'"
          + " WHERE job_type = '"
          + BACKFILL_JOB_TYPE
          + "' AND status = 'processing' AND payload->>'source' = :source"
          + " AND payload->>'execution_id' IS NOT NULL AND payload->>'execution_id' <> :execution";

  /**
   * The controller row, inserted {@code processing} (kura's worker takes only {@code pending}
   * rows), owned as kura's script owns it by the user of the newest capability event, unless kura's
   * own row of the source is in flight. Returns the new id.
   *
   * <p>Newest by id: kura's ids are UUIDv7, so the primary key's last capability event is the one
   * written last, found at once. By {@code timestamp} (no index leads with it) every run scanned
   * the whole table, 0.28 s at 200,000 events and more with each event, nightly runs with nothing
   * new included.
   */
  static final String INSERT_CONTROLLER_ROW =
      "INSERT INTO background_jobs"
          + " (user_id, job_type, payload, status, priority, started_at, scheduled_for)"
          + " SELECT seed.user_id, '"
          + BACKFILL_JOB_TYPE
          + "', jsonb_build_object('source', CAST(:source AS text), 'event_types',"
          + " jsonb_build_array("
          + TYPES
          + "), 'execution_id', CAST(:execution AS bigint)),"
          + " 'processing', "
          + BACKFILL_PRIORITY
          + ", now(), now()"
          + " FROM (SELECT user_id FROM events WHERE event_type IN ("
          + TYPES
          + ") ORDER BY id DESC LIMIT 1) seed"
          + " WHERE NOT EXISTS ("
          + KURA_ROW_IN_FLIGHT.replace(" ORDER BY id LIMIT 1", "")
          + ") RETURNING id";

  static final String FINISH_CONTROLLER_ROW =
      "UPDATE background_jobs SET status = :status, error_message = :error, completed_at = now()"
          + " WHERE id = :id";

  /**
   * Partitioning (issue 13): the reader's users whose rank in user-id order is in {@code :ranks},
   * as text, in rank order; the boundaries of the key ranges.
   */
  static String usersAtRanks(String where) {
    return "SELECT CAST(user_id AS VARCHAR) FROM (SELECT user_id, ROW_NUMBER() OVER"
        + " (ORDER BY user_id) AS rn FROM (SELECT DISTINCT user_id FROM events WHERE "
        + where
        + ") d) r WHERE rn IN (:ranks) ORDER BY rn";
  }
}
