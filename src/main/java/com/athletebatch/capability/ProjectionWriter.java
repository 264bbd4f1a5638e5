package com.athletebatch.capability;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.database.Dialect;
import com.athletebatch.step.SkipLog;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

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

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final SkipLog skipLog;
  private final String upsert;
  private final Dialect dialect;
  private StepExecution stepExecution;

  public ProjectionWriter(JdbcTemplate jdbc, Dialect dialect, SkipLog skipLog) {
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
  }

  @Override
  public void write(Chunk<? extends UserProjections> chunk) {
    if (chunk.isEmpty()) {
      return; // every user of the chunk was unchanged (--changed-only)
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
                "events",
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
                "events",
                issue.eventId() == null ? "" : issue.eventId().toString(),
                issue.code(),
                issue.reason()));
      }
    }
    Set<String> written = new HashSet<>();
    if (!rows.isEmpty() && dialect == Dialect.POSTGRESQL) {
      jdbc.query(
          connection -> {
            PreparedStatement ps =
                connection.prepareStatement(CapabilityQueries.UPSERT_UNLESS_NEWER_FROM_ARRAYS);
            ps.setArray(1, textArray(connection, rows, ProjectionRow::userId));
            ps.setArray(2, textArray(connection, rows, ProjectionRow::key));
            ps.setArray(3, textArray(connection, rows, ProjectionRow::data));
            ps.setArray(4, textArray(connection, rows, ProjectionRow::lastEventId));
            ps.setArray(5, textArray(connection, rows, ProjectionRow::newestEventRead));
            return ps;
          },
          (org.springframework.jdbc.core.RowCallbackHandler)
              rs -> written.add(rs.getString(1) + '/' + rs.getString(2)));
    } else if (!rows.isEmpty()) {
      int[] counts =
          jdbc.batchUpdate(
              upsert, rows.stream().map(ProjectionRow::parameters).toList(), ProjectionRow.TYPES);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          written.add(rows.get(i).userId() + '/' + rows.get(i).key());
        }
      }
    }
    List<ProjectionRow> kept =
        rows.stream().filter(r -> !written.contains(r.userId() + '/' + r.key())).toList();
    skips.addAll(newerProjections(kept));
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
    ExecutionContext context = stepExecution.getExecutionContext();
    add(context, USERS, users);
    add(context, PROJECTIONS, rows.size() - kept.size());
    add(context, NEWER_PROJECTION, kept.size());
    add(context, EVENTS_SKIPPED, skips.size() - usersSkipped - kept.size());
    add(context, USERS_SKIPPED, usersSkipped);
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

  private static java.sql.Array textArray(
      java.sql.Connection connection,
      List<ProjectionRow> rows,
      java.util.function.Function<ProjectionRow, String> field)
      throws java.sql.SQLException {
    return connection.createArrayOf("text", rows.stream().map(field).toArray(String[]::new));
  }

  private static void add(ExecutionContext context, String key, long n) {
    context.putLong(key, context.getLong(key, 0L) + n);
  }
}
