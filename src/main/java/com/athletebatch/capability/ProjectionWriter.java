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

  /** One projection to upsert: the user, the capability key, its JSON and the newest event used. */
  record ProjectionRow(String userId, String key, String data, String lastEventId) {

    static final int[] TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};

    /** The parameters of the upsert, in its order. */
    Object[] parameters() {
      return new Object[] {userId, key, data, lastEventId};
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
        rows.add(
            new ProjectionRow(
                item.userId().toString(),
                data.getKey(),
                data.getValue(),
                lastEvent == null ? null : lastEvent.toString()));
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
    if (!rows.isEmpty() && dialect == Dialect.POSTGRESQL) {
      jdbc.update(
          connection -> {
            PreparedStatement ps =
                connection.prepareStatement(CapabilityQueries.UPSERT_FROM_ARRAYS);
            ps.setArray(1, textArray(connection, rows, ProjectionRow::userId));
            ps.setArray(2, textArray(connection, rows, ProjectionRow::key));
            ps.setArray(3, textArray(connection, rows, ProjectionRow::data));
            ps.setArray(4, textArray(connection, rows, ProjectionRow::lastEventId));
            return ps;
          });
    } else if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          upsert, rows.stream().map(ProjectionRow::parameters).toList(), ProjectionRow.TYPES);
    }
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), skips);
    ExecutionContext context = stepExecution.getExecutionContext();
    add(context, USERS, users);
    add(context, PROJECTIONS, rows.size());
    add(context, EVENTS_SKIPPED, skips.size() - usersSkipped);
    add(context, USERS_SKIPPED, usersSkipped);
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
