package com.athletebatch.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The launch lock on PostgreSQL: a session advisory lock per job name, on a connection of its own,
 * so that launches from several JVMs (or machines) exclude each other.
 */
final class PostgresAdvisoryLaunchLock implements LaunchLock {

  private final Connection connection;
  private final long key;

  private PostgresAdvisoryLaunchLock(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  static LaunchLock acquire(DataSource dataSource, String jobName) throws SQLException {
    long key = ("athlete-batch:launch:" + jobName).hashCode();
    Connection connection = dataSource.getConnection();
    try (PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
      st.setLong(1, key);
      st.execute();
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return new PostgresAdvisoryLaunchLock(connection, key);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connection;
        PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      st.setLong(1, key);
      st.execute();
    }
  }
}
