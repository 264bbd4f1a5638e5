package com.athletebatch.capability;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.PgArrays;
import com.athletebatch.step.LiveDatabase;
import com.athletebatch.step.SkipLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upserts one projections row per (user, capability_estimation, key) for a chunk of users, in one
 * batched statement, together with the skip log of the events left out, in the chunk's transaction.
 * A user with events but no {@code users} row (events.user_id has no foreign key upstream,
 * projections.user_id has) is skipped with a reason instead of failing the chunk.
 */
public class ProjectionWriter implements ItemWriter<UserProjections>, StepExecutionListener {

  public static final String USERS = "users";
  public static final String PROJECTIONS = "projections";
  public static final String EVENTS_SKIPPED = "eventsSkipped";
  public static final String USERS_SKIPPED = "usersSkipped";

  /** Projections left alone because the stored one is newer than our events (skip log reason). */
  public static final String NEWER_PROJECTION = "newerProjection";

  public static final String NEWER_PROJECTION_REASON = "newer_projection";

  /** Projections still locked by another transaction after the retry (skip log reason). */
  public static final String ROW_LOCKED = "rowLocked";

  /** The projections chunks found locked, one {@link ProjectionRow#encode} line each. */
  static final String LOCKED_PENDING = "lockedProjections";

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final SkipLog skipLog;
  private final String upsert;
  private final Dialect dialect;
  private final java.time.Duration backOff;
  private final TransactionTemplate transactions;
  private StepExecution stepExecution;

  public ProjectionWriter(JdbcTemplate jdbc, Dialect dialect, SkipLog skipLog) {
    this(jdbc, dialect, skipLog, null, null);
  }

  /**
   * @param backOff the wait before the retry pass of locked projections
   * @param transactions the retry pass's transaction; null: no retry pass
   */
  public ProjectionWriter(
      JdbcTemplate jdbc,
      Dialect dialect,
      SkipLog skipLog,
      java.time.Duration backOff,
      TransactionTemplate transactions) {
    this.backOff = backOff;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.skipLog = skipLog;
    this.upsert = CapabilityQueries.upsert(dialect);
    this.dialect = dialect;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
  }

  /**
   * One projection to upsert: the user, the capability key, its JSON, the newest event it used, and
   * the newest event read for the user (a stored projection later than that is kept).
   */
  record ProjectionRow(
      String userId, String key, String data, String lastEventId, String newestEventRead) {

    static final int[] TYPES = {
      Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR
    };

    /** The parameters of the upsert, in its order. */
    Object[] parameters() {
      return new Object[] {userId, key, data, lastEventId, newestEventRead};
    }

    /** user/key: the skip log's item id. */
    String ref() {
      return userId + '/' + key;
    }

    /** One line of the step's execution context (Jackson's compact JSON has no tab or newline). */
    String encode() {
      return String.join(
          "\t",
          userId,
          key,
          lastEventId == null ? "" : lastEventId,
          newestEventRead == null ? "" : newestEventRead,
          data);
    }

    static ProjectionRow decode(String line) {
      String[] f = line.split("\t", 5);
      return new ProjectionRow(
          f[0], f[1], f[4], f[2].isEmpty() ? null : f[2], f[3].isEmpty() ? null : f[3]);
    }
  }

  @Override
  public void write(Chunk<? extends UserProjections> chunk) {
    if (chunk.isEmpty()) {
      return; // nothing to write (every item of the chunk was filtered)
    }
    List<UUID> ids = chunk.getItems().stream().map(UserProjections::userId).toList();
    Set<UUID> known =
        new HashSet<>(
            named.queryForList(CapabilityQueries.EXISTING_USERS, Map.of("ids", ids), UUID.class));
    List<ProjectionRow> rows = new ArrayList<>();
    List<SkipLog.Entry> skips = new ArrayList<>();
    int users = 0;
    int usersSkipped = 0;
    for (UserProjections item : chunk) {
      if (!known.contains(item.userId())) {
        skips.add(
            new SkipLog.Entry(
                CapabilityQueries.EVENTS_TABLE,
                item.userId().toString(),
                "unknown_user",
                "user "
                    + item.userId()
                    + " has capability events but no users row; no projection written"));
        usersSkipped++;
        continue;
      }
      users++;
      for (Map.Entry<String, String> data : item.dataByKey().entrySet()) {
        CapabilityOutput output = item.estimate().outputs().get(data.getKey());
        UUID lastEvent =
            output.lastEventId() != null ? output.lastEventId() : item.estimate().newestEventId();
        UUID newest = item.estimate().newestEventId();
        rows.add(
            new ProjectionRow(
                item.userId().toString(),
                data.getKey(),
                data.getValue(),
                lastEvent == null ? null : lastEvent.toString(),
                newest == null ? null : newest.toString()));
      }
      for (EventIssue issue : item.estimate().issues()) {
        skips.add(
            new SkipLog.Entry(
                CapabilityQueries.EVENTS_TABLE,
                issue.eventId() == null ? "" : issue.eventId().toString(),
                issue.code(),
                issue.reason()));
      }
    }
    Set<String> written = new HashSet<>();
    List<ProjectionRow> locked = new ArrayList<>();
    if (!rows.isEmpty() && dialect == Dialect.POSTGRESQL) {
      jdbc.execute(
          (ConnectionCallback<Void>)
              connection -> {
                // The statement waits for kura's row locks at most lock_timeout; then the rows
                // that can be locked now are written and the others left for the retry pass.
                Savepoint savepoint = connection.setSavepoint();
                try {
                  upsert(connection, rows, written);
                  connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                  if (!LiveDatabase.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                  }
                  connection.rollback(savepoint);
                  written.clear();
                  Set<String> lockedKeys = lockedNow(connection, rows);
                  rows.stream().filter(r -> lockedKeys.contains(r.ref())).forEach(locked::add);
                  upsert(
                      connection,
                      rows.stream().filter(r -> !lockedKeys.contains(r.ref())).toList(),
                      written);
                }
                return null;
              });
    } else if (!rows.isEmpty()) {
      int[] counts =
          jdbc.batchUpdate(
              upsert, rows.stream().map(ProjectionRow::parameters).toList(), ProjectionRow.TYPES);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          written.add(rows.get(i).ref());
        }
      }
    }
    List<ProjectionRow> kept =
        rows.stream().filter(r -> !written.contains(r.ref()) && !locked.contains(r)).toList();
    skips.addAll(newerProjections(kept));
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
    ExecutionContext context = stepExecution.getExecutionContext();
    if (!locked.isEmpty()) {
      StringBuilder pending = new StringBuilder(context.getString(LOCKED_PENDING, ""));
      locked.forEach(r -> pending.append(r.encode()).append('\n'));
      context.putString(LOCKED_PENDING, pending.toString());
    }
    add(context, USERS, users);
    add(context, PROJECTIONS, written.size());
    add(context, NEWER_PROJECTION, kept.size());
    add(context, EVENTS_SKIPPED, skips.size() - usersSkipped - kept.size());
    add(context, USERS_SKIPPED, usersSkipped);
  }

  /**
   * The retry pass of the projections a chunk found locked by kura's worker: after a back-off,
   * outside any transaction, they are upserted in one short transaction (never over a newer one);
   * those still locked are skipped as {@code row_locked} (the next run estimates the user again).
   */
  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    ExecutionContext context = stepExecution.getExecutionContext();
    String pending = context.getString(LOCKED_PENDING, "");
    if (pending.isEmpty()
        || transactions == null
        || stepExecution.getStatus() != org.springframework.batch.core.BatchStatus.COMPLETED) {
      return null;
    }
    List<ProjectionRow> rows = new ArrayList<>();
    for (String line : pending.split("\n")) {
      if (!line.isEmpty()) {
        rows.add(ProjectionRow.decode(line));
      }
    }
    try {
      Thread.sleep(backOff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    transactions.executeWithoutResult(
        status -> {
          Set<String> written = new HashSet<>();
          Set<String> locked = new HashSet<>();
          jdbc.execute(
              (ConnectionCallback<Void>)
                  connection -> {
                    locked.addAll(lockedNow(connection, rows));
                    upsert(
                        connection,
                        rows.stream().filter(r -> !locked.contains(r.ref())).toList(),
                        written);
                    return null;
                  });
          List<ProjectionRow> kept =
              rows.stream()
                  .filter(r -> !written.contains(r.ref()) && !locked.contains(r.ref()))
                  .toList();
          List<SkipLog.Entry> skips = new ArrayList<>(newerProjections(kept));
          for (ProjectionRow row : rows) {
            if (locked.contains(row.ref())) {
              skips.add(
                  new SkipLog.Entry(
                      "projections",
                      row.ref(),
                      LiveDatabase.ROW_LOCKED_REASON,
                      "projection locked by another transaction for longer than the lock timeout,"
                          + " also after the retry; the next run estimates the user again"));
            }
          }
          skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
          add(context, PROJECTIONS, written.size());
          add(context, NEWER_PROJECTION, kept.size());
          add(context, ROW_LOCKED, locked.size());
          context.remove(LOCKED_PENDING);
        });
    return null;
  }

  /** PostgreSQL: the chunk's upsert, adding the rows it wrote to {@code written}. */
  private static void upsert(
      java.sql.Connection connection, List<ProjectionRow> rows, Set<String> written)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(CapabilityQueries.UPSERT_UNLESS_NEWER_FROM_ARRAYS)) {
      ps.setArray(1, PgArrays.text(connection, rows, ProjectionRow::userId));
      ps.setArray(2, PgArrays.text(connection, rows, ProjectionRow::key));
      ps.setArray(3, PgArrays.text(connection, rows, ProjectionRow::data));
      ps.setArray(4, PgArrays.text(connection, rows, ProjectionRow::lastEventId));
      ps.setArray(5, PgArrays.text(connection, rows, ProjectionRow::newestEventRead));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          written.add(rs.getString(1) + '/' + rs.getString(2));
        }
      }
    }
  }

  /** PostgreSQL: the stored projections of these rows that another transaction holds locked. */
  private static Set<String> lockedNow(java.sql.Connection connection, List<ProjectionRow> rows)
      throws SQLException {
    Set<String> locked = new HashSet<>();
    if (rows.isEmpty()) {
      return locked;
    }
    for (String sql :
        List.of(CapabilityQueries.STORED_PROJECTIONS, CapabilityQueries.LOCKABLE_PROJECTIONS)) {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setArray(1, PgArrays.text(connection, rows, ProjectionRow::userId));
        ps.setArray(2, PgArrays.text(connection, rows, ProjectionRow::key));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String ref = rs.getString(1) + '/' + rs.getString(2);
            if (sql.equals(CapabilityQueries.STORED_PROJECTIONS)) {
              locked.add(ref);
            } else {
              locked.remove(ref);
            }
          }
        }
      }
    }
    return locked;
  }

  /**
   * The skip-log entries of projections kept because the stored one is newer; one small query for
   * just those users (usually none).
   */
  private List<SkipLog.Entry> newerProjections(List<ProjectionRow> kept) {
    List<SkipLog.Entry> entries = new ArrayList<>();
    if (kept.isEmpty()) {
      return entries;
    }
    Map<String, String> stored = new java.util.HashMap<>();
    named.query(
        CapabilityQueries.STORED_LAST_EVENTS,
        Map.of("ids", kept.stream().map(r -> UUID.fromString(r.userId())).distinct().toList()),
        (org.springframework.jdbc.core.RowCallbackHandler)
            rs ->
                stored.put(
                    rs.getString("user_id") + '/' + rs.getString("key"),
                    rs.getString("last_event_id")));
    for (ProjectionRow row : kept) {
      entries.add(
          new SkipLog.Entry(
              "projections",
              row.userId() + "/" + row.key(),
              NEWER_PROJECTION_REASON,
              "the stored projection's last_event_id "
                  + stored.get(row.userId() + '/' + row.key())
                  + " is later than the newest event read for the user ("
                  + row.newestEventRead()
                  + "); kept as it is"));
    }
    return entries;
  }

  private static void add(ExecutionContext context, String key, long n) {
    context.putLong(key, context.getLong(key, 0L) + n);
  }
}
