package com.athletebatch.step;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The jobs' connections as a live database sees them (PostgreSQL only; other databases get the
 * plain connection). Every connection handed out says who uses it in {@code application_name}:
 * {@code athlete-batch <job> #<execution id> <step>}, so that {@code pg_stat_activity} shows which
 * run holds it. Inside a step, the statements also carry a {@code lock_timeout} (a chunk never
 * waits long on the application's row locks; see ScoreWriter) and a {@code statement_timeout};
 * outside a step (launching, the heartbeat, the job repository between steps) both are reset to the
 * server's own, so that e.g. the launch lock's advisory-lock wait is not cut short.
 *
 * <p>Inside a step, where the server has it (PostgreSQL 14 or later, built with lz4), the values
 * the jobs write are compressed with lz4 ({@code default_toast_compression}) instead of the
 * server's default pglz: a score row's analysis and explanations are about 2 kB, so PostgreSQL
 * compresses most of them; lz4 saved 15 % of a score run at 100,000 rows, 3 % at a million. Readers
 * see the same values; the compression of what the application writes is untouched.
 *
 * <p>The settings are session settings, applied when a connection is checked out and only when they
 * differ from what that physical connection already carries (remembered per connection), so that
 * the normal path costs no extra round trip per chunk.
 */
public class LiveDatabase extends DelegatingDataSource {

  /**
   * The properties of the two timeouts (the CLI's {@code --lock-timeout}, {@code
   * --statement-timeout}).
   */
  public static final String LOCK_TIMEOUT_PROPERTY = "athlete-batch.lock-timeout";

  public static final String STATEMENT_TIMEOUT_PROPERTY = "athlete-batch.statement-timeout";
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** PostgreSQL's lock_not_available: a statement's lock_timeout ran out. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  /**
   * The skip-log reason of a row the application still held locked after the retry pass; the row
   * stays eligible, so the next run takes it.
   */
  public static final String ROW_LOCKED_REASON = "row_locked";

  /**
   * How long the locked-row retry pass waits before trying the rows again: the lock timeout, at
   * least 1 s (a shorter wait rarely outlasts the application's transaction).
   */
  public static Duration lockedRowBackOff(Duration lockTimeout) {
    return lockTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : lockTimeout;
  }

  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(15);

  /** PostgreSQL keeps at most 63 bytes of an application_name. */
  private static final int MAX_NAME = 63;

  private static final String APPLY_IN_STEP =
      "SELECT set_config('application_name', ?, false), set_config('lock_timeout', ?, false),"
          + " set_config('statement_timeout', ?, false)";
  private static final String APPLY_OUTSIDE_STEP =
      "SELECT set_config('application_name', ?, false)";

  /** The compression of the values a step writes, where the server offers it. */
  static final String STEP_COMPRESSION = "lz4";

  private static final String COMPRESSION_AVAILABLE =
      "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression'"
          + " AND '"
          + STEP_COMPRESSION
          + "' = ANY(enumvals)";

  private final boolean postgres;
  private final Duration lockTimeout;
  private final Duration statementTimeout;

  /** Whether the server offers {@link #STEP_COMPRESSION}; null until the first step asks. */
  private volatile Boolean compression;

  /** What each physical connection carries now; weak, so that closed connections drop out. */
  private final Map<Connection, String> applied = new WeakHashMap<>();

  public LiveDatabase(
      DataSource target, boolean postgres, Duration lockTimeout, Duration statementTimeout) {
    super(target);
    this.postgres = postgres;
    this.lockTimeout = lockTimeout;
    this.statementTimeout = statementTimeout;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = super.getConnection();
    if (postgres) {
      try {
        apply(connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  private void apply(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      return; // a session SET inside an open transaction would be undone by its rollback
    }
    StepContext step = StepSynchronizationManager.getContext();
    StepExecution stepExecution = step == null ? null : step.getStepExecution();
    JobExecution jobExecution =
        stepExecution != null ? stepExecution.getJobExecution() : currentJobExecution();
    String name = applicationName(jobExecution, stepExecution);
    String state =
        stepExecution == null
            ? name
            : name + '|' + lockTimeout.toMillis() + '|' + statementTimeout.toMillis();
    Connection physical = physical(connection);
    synchronized (applied) {
      if (state.equals(applied.get(physical))) {
        return;
      }
    }
    if (stepExecution != null) {
      boolean compress = compressionAvailable(connection);
      try (PreparedStatement st =
          connection.prepareStatement(
              compress
                  ? APPLY_IN_STEP + ", set_config('default_toast_compression', ?, false)"
                  : APPLY_IN_STEP)) {
        st.setString(1, name);
        st.setString(2, Long.toString(lockTimeout.toMillis()));
        st.setString(3, Long.toString(statementTimeout.toMillis()));
        if (compress) {
          st.setString(4, STEP_COMPRESSION);
        }
        st.execute();
      }
    } else {
      try (PreparedStatement st = connection.prepareStatement(APPLY_OUTSIDE_STEP)) {
        st.setString(1, name);
        st.execute();
      }
      try (Statement st = connection.createStatement()) {
        st.execute("RESET lock_timeout");
        st.execute("RESET statement_timeout");
      }
    }
    synchronized (applied) {
      applied.put(physical, state);
    }
  }

  private boolean compressionAvailable(Connection connection) throws SQLException {
    Boolean known = compression;
    if (known == null) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery(COMPRESSION_AVAILABLE)) {
        known = rs.next() && rs.getInt(1) > 0;
      }
      compression = known;
    }
    return known;
  }

  private static JobExecution currentJobExecution() {
    JobContext context = JobSynchronizationManager.getContext();
    return context == null ? null : context.getJobExecution();
  }

  /** {@code athlete-batch <job> #<execution id> <step>}, as much of it as is known. */
  public static String applicationName(JobExecution job, StepExecution step) {
    StringBuilder name = new StringBuilder("athlete-batch");
    if (job != null) {
      name.append(' ').append(job.getJobInstance().getJobName()).append(" #").append(job.getId());
    }
    if (step != null) {
      name.append(' ').append(step.getStepName());
    }
    return name.length() <= MAX_NAME ? name.toString() : name.substring(0, MAX_NAME);
  }

  private static Connection physical(Connection connection) {
    // A pool's proxy hands out the driver's connection as the first Connection it wraps.
    try {
      Connection inner = connection.unwrap(Connection.class);
      return inner == null ? connection : inner;
    } catch (SQLException e) {
      return connection; // remember the handle itself: a SET per checkout, still correct
    }
  }
}
