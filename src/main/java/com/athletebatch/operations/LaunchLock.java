package com.athletebatch.operations;

import com.athletebatch.database.Dialect;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The launch lock of one job name: held while a launch checks for a running execution and creates
 * its own, so that of many simultaneous launches exactly one goes ahead and the others see it
 * running. Released on close (or when its connection dies). One implementation per database.
 */
public interface LaunchLock extends AutoCloseable {

  @Override
  void close() throws SQLException;

  /** Takes the launch lock of a job name. */
  @FunctionalInterface
  interface Provider {
    LaunchLock acquire(String jobName) throws SQLException;
  }

  /** The lock for a database: a new dialect adds its implementation here. */
  static Provider forDialect(Dialect dialect, DataSource dataSource) {
    return switch (dialect) {
      case POSTGRESQL -> jobName -> PostgresAdvisoryLaunchLock.acquire(dataSource, jobName);
      case H2 -> JvmLaunchLock::acquire;
    };
  }
}
