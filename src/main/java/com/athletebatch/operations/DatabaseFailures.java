package com.athletebatch.operations;

import com.athletebatch.step.LiveDatabase;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells the database errors worth another attempt (a serialization failure, a deadlock, a lock
 * timeout, a lost connection, a server restarting) from the others, and says when the database went
 * away, by SQLSTATE and by Spring's exception hierarchy.
 */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /**
   * 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available, 53300 too many
   * connections.
   */
  private static boolean transientState(String state) {
    return state.equals("40001")
        || state.equals("40P01")
        || state.equals(LiveDatabase.LOCK_NOT_AVAILABLE)
        || state.equals("53300")
        || state.equals("HYT00")
        || connectionState(state);
  }

  /**
   * 08xxx connection exceptions; 57P01 admin shutdown (pg_terminate_backend), 57P02 crash shutdown,
   * 57P03 starting up.
   */
  private static boolean connectionState(String state) {
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  /**
   * A failure of the message broker (remote partitioning): never a database failure, whatever the
   * words of its cause ("Connection refused"), so it is neither retried as one nor reported as "the
   * database went away"; the run's reason names the broker instead.
   */
  static boolean brokerFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.springframework.amqp.AmqpException
          || t instanceof com.athletebatch.step.RemotePartitioning.BrokerUnreachableException
          || t instanceof com.athletebatch.step.PartitionWatchdog.PartitionsNotCompletedException) {
        return true;
      }
    }
    return false;
  }

  public static boolean isTransient(Throwable failure) {
    if (brokerFailure(failure)) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException e
          && e.getSQLState() != null
          && transientState(e.getSQLState())) {
        return true;
      }
    }
    return connectionLost(failure).isPresent();
  }

  public static boolean isTransient(JobExecution execution) {
    return execution.getAllFailureExceptions().stream().anyMatch(DatabaseFailures::isTransient);
  }

  /** The SQLSTATE (or the kind of failure) when the failure is a lost or refused connection. */
  public static Optional<String> connectionLost(Throwable failure) {
    if (brokerFailure(failure)) {
      return Optional.empty();
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException e
          && e.getSQLState() != null
          && connectionState(e.getSQLState())) {
        return Optional.of("SQLSTATE " + e.getSQLState());
      }
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      // pgjdbc and HikariCP report a connection that died earlier without a SQLSTATE
      if (message.contains("this connection has been closed")
          || message.contains("connection is closed")
          || message.contains("connection refused")) {
        return Optional.of("connection closed");
      }
    }
    return Optional.empty();
  }

  public static Optional<String> connectionLost(JobExecution execution) {
    return execution.getAllFailureExceptions().stream()
        .map(DatabaseFailures::connectionLost)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** What an operator reads when the connection was lost. */
  public static String wentAwayMessage(String detail) {
    return wentAwayMessage(detail, java.util.Set.of());
  }

  /**
   * What an operator reads when the connection was lost; {@code unrecorded} are the executions
   * whose end could not be recorded, which must be recovered before the command can resume them.
   */
  public static String wentAwayMessage(String detail, java.util.Set<Long> unrecorded) {
    String prefix =
        "the database went away or cannot be reached (" + detail + "); committed chunks are kept:";
    if (unrecorded.isEmpty()) {
      return prefix
          + " run the same command again when the database is back (if it then says the job is"
          + " already running, the run could not record its end: recover that execution first)";
    }
    String ids =
        String.join(
            " ", new java.util.TreeSet<>(unrecorded).stream().map(String::valueOf).toList());
    return prefix
        + " the run could not record its end, so the job repository still reads it STARTED; when"
        + " the database is back, run jobs/athlete-batch recover "
        + ids
        + ", then run the same command again";
  }
}
