package com.athletebatch.capability;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Records each run of the capability estimation in kura's {@code background_jobs} as the runbook's
 * controller job, so that the runbook's queue-progress queries answer and kura's own script sees
 * the run in flight: one {@code inference.capability_backfill} row, payload {@code {source,
 * event_types, execution_id}}, inserted {@code processing} when the job starts and set to {@code
 * completed} or {@code failed} (with {@code error_message}) when it ends.
 *
 * <p>Only on PostgreSQL, and only where the table exists. When it is absent, or the role may not
 * read or write it, the run says so once and goes on unrecorded: the queue is kura's, the job is
 * not.
 */
public class BackgroundJobsRecorder implements JobExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(BackgroundJobsRecorder.class);
  private static final int MAX_ERROR_MESSAGE = 2000;

  /** A controller row of kura's own script, pending or processing. */
  public record KuraRow(long id, String status) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final Dialect dialect;

  /** Execution id → its row. */
  private final Map<Long, Long> rows = new ConcurrentHashMap<>();

  public BackgroundJobsRecorder(DataSource dataSource, Dialect dialect) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.dialect = dialect;
  }

  /**
   * kura's own controller row of this source in flight, if any: the run must not start. Empty too
   * when the table is absent or unreadable (the run says so when it starts).
   */
  public Optional<KuraRow> kuraRowInFlight(String source) {
    if (!present()) {
      return Optional.empty();
    }
    try {
      List<KuraRow> found =
          jdbc.query(
              CapabilityQueries.KURA_ROW_IN_FLIGHT,
              Map.of("source", source),
              (rs, n) -> new KuraRow(rs.getLong("id"), rs.getString("status")));
      return found.stream().findFirst();
    } catch (DataAccessException e) {
      log.debug("background_jobs not readable", e);
      return Optional.empty();
    }
  }

  @Override
  public void beforeJob(JobExecution execution) {
    if (!present()) {
      if (dialect == Dialect.POSTGRESQL) {
        log.warn(
            "background_jobs: no such table here; this run is not recorded there (the runbook's"
                + " queue-progress queries will not show it)");
      }
      return;
    }
    String source = CapabilitySelection.from(execution.getJobParameters()).source();
    Map<String, Object> params =
        Map.of("source", source, "execution", Long.toString(execution.getId()));
    try {
      jdbc.update(CapabilityQueries.CLOSE_ABANDONED_ROWS, params);
      List<Long> id =
          jdbc.queryForList(CapabilityQueries.INSERT_CONTROLLER_ROW, params, Long.class);
      if (id.isEmpty()) {
        log.warn(
            "background_jobs: no row recorded for this run (no user has capability events to own"
                + " it, or kura's own backfill of source '{}' was enqueued as this run started)",
            source);
        return;
      }
      rows.put(execution.getId(), id.get(0));
      log.info(
          "background_jobs: row {} ({} '{}', processing)",
          id.get(0),
          CapabilityQueries.BACKFILL_JOB_TYPE,
          source);
    } catch (DataAccessException e) {
      log.warn(
          "background_jobs: this run is not recorded there ({}); to record it, GRANT SELECT,"
              + " INSERT, UPDATE ON background_jobs and USAGE ON SEQUENCE background_jobs_id_seq"
              + " to this role",
          firstLine(e));
    }
  }

  @Override
  public void afterJob(JobExecution execution) {
    Long id = rows.remove(execution.getId());
    if (id == null) {
      return;
    }
    boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
    String error = null;
    if (!completed) {
      String description = execution.getExitStatus().getExitDescription();
      error =
          "execution "
              + execution.getId()
              + " "
              + execution.getStatus()
              + (description == null || description.isBlank()
                  ? ""
                  : ": " + DatabaseUrl.mask(reason(description)))
              + "; run the same command again to resume it";
      error = error.length() > MAX_ERROR_MESSAGE ? error.substring(0, MAX_ERROR_MESSAGE) : error;
    }
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("status", completed ? "completed" : "failed");
    params.put("error", error);
    params.put("id", id);
    try {
      jdbc.update(CapabilityQueries.FINISH_CONTROLLER_ROW, params);
    } catch (DataAccessException e) {
      log.warn(
          "background_jobs: row {} could not be set to {} ({}); the next run of the source sets it"
              + " failed",
          id,
          params.get("status"),
          firstLine(e));
    }
  }

  /** The exit description's first line and its root cause (the stack trace in between is noise). */
  static String reason(String description) {
    List<String> lines = description.lines().map(String::strip).toList();
    String root =
        lines.stream()
            .filter(l -> l.startsWith("Caused by: "))
            .reduce((first, second) -> second)
            .map(l -> "; root cause: " + l.substring("Caused by: ".length()))
            .orElse("");
    return lines.get(0) + root;
  }

  private boolean present() {
    if (dialect != Dialect.POSTGRESQL) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(
          jdbc.getJdbcTemplate()
              .queryForObject(CapabilityQueries.BACKGROUND_JOBS_PRESENT, Boolean.class));
    } catch (DataAccessException e) {
      return false;
    }
  }

  private static String firstLine(DataAccessException e) {
    Throwable t = e.getMostSpecificCause();
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    return DatabaseUrl.mask(message.lines().findFirst().orElse(message));
  }
}
