package com.athletebatch.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates the Spring Batch job-repository tables, and the skip log and heartbeat beside them, in
 * their own schema when they are missing. The BATCH_ DDL is Spring Batch's own script from
 * spring-batch-core, with its table and sequence names qualified by the schema; it never touches
 * the application's schema.
 */
public final class JobRepositorySchema {

  private static final Logger log = LoggerFactory.getLogger(JobRepositorySchema.class);

  /** Schema names reach DDL text, so only plain identifiers are accepted. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String schema;

  public JobRepositorySchema(DataSource dataSource, Dialect dialect, String schema) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.schema = validate(schema);
  }

  public static String validate(String schema) {
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "invalid job-repository schema name '"
              + schema
              + "': use letters, digits and underscores, starting with a letter or underscore");
    }
    return schema.toLowerCase(Locale.ROOT);
  }

  public String schema() {
    return schema;
  }

  /** The table prefix Spring Batch's DAOs use, e.g. {@code batch.BATCH_}. */
  public String tablePrefix() {
    return schema + ".BATCH_";
  }

  public String skipLogTable() {
    return schema + ".ATHLETE_SKIP_LOG";
  }

  /**
   * Host, pid and last beat of the JVM running each execution (see {@code
   * sql/batch/heartbeat.sql}).
   */
  public String heartbeatTable() {
    return schema + ".ATHLETE_HEARTBEAT";
  }

  /**
   * Which remote worker runs each partition, and its last beat (see {@code
   * sql/batch/partition-heartbeat.sql}).
   */
  public String partitionHeartbeatTable() {
    return schema + ".ATHLETE_PARTITION_HEARTBEAT";
  }

  public void createIfMissing() {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        if (dialect == Dialect.POSTGRESQL) {
          // Concurrent first launches would race on CREATE TABLE; serialise them.
          try (var st = connection.createStatement()) {
            st.execute(
                "SELECT pg_advisory_xact_lock(hashtext('athlete-batch:job-repository-schema'))");
          }
        }
        try (var st = connection.createStatement()) {
          st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        if (!tableExists(connection, "batch_job_instance")) {
          log.info("Creating the Spring Batch job-repository tables in schema '{}'", schema);
          runScript(connection, batchScript());
        }
        // The skip log's identity column differs between the dialects; the heartbeats' DDL does
        // not.
        for (String script :
            new String[] {"skip-log-" + dialect.platform(), "heartbeat", "partition-heartbeat"}) {
          runScript(connection, read("sql/batch/" + script + ".sql").replace("${schema}", schema));
        }
        // Still under the advisory lock: concurrent first launches would race on CREATE INDEX IF
        // NOT EXISTS too (a duplicate key in pg_class).
        indexForeignKeys(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the job-repository schema '" + schema + "': " + e.getMessage(), e);
    }
  }

  /**
   * Spring Batch's DDL leaves the executions' foreign keys unindexed on PostgreSQL, so every lookup
   * of an execution's parameters or steps (by Spring Batch itself, {@code status}, the dashboard)
   * scans the whole table: with 1,000 executions the runs page took over a second. Each index is
   * created once, when no index starts with that column, so that a repository that has them takes
   * no lock; a role that may not create it only gets the warning.
   */
  private void indexForeignKeys(Connection connection) throws SQLException {
    String[][] indexes = {
      {"BATCH_JOB_EXECUTION_PARAMS", "JOB_EXECUTION_ID", "ATHLETE_JOB_EXEC_PARAMS_IDX"},
      {"BATCH_STEP_EXECUTION", "JOB_EXECUTION_ID", "ATHLETE_STEP_EXEC_JOB_IDX"},
      {"BATCH_JOB_EXECUTION", "JOB_INSTANCE_ID", "ATHLETE_JOB_EXEC_INSTANCE_IDX"}
    };
    for (String[] index : indexes) {
      if (indexed(connection, index[0], index[1])) {
        continue;
      }
      // A savepoint per index: a role that may not create one leaves the rest of the
      // transaction intact.
      Savepoint savepoint = connection.setSavepoint();
      try (var st = connection.createStatement()) {
        st.execute(
            "CREATE INDEX IF NOT EXISTS "
                + index[2]
                + " ON "
                + schema
                + "."
                + index[0]
                + " ("
                + index[1]
                + ")");
        connection.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        connection.rollback(savepoint);
        log.warn(
            "Could not index {}.{} ({}): status and the dashboard read executions more slowly",
            index[0],
            index[1],
            e.getMessage());
      }
    }
  }

  private boolean indexed(Connection connection, String table, String column) throws SQLException {
    for (String name : new String[] {table, table.toLowerCase(java.util.Locale.ROOT)}) {
      try (var rs = connection.getMetaData().getIndexInfo(null, schema, name, false, true)) {
        while (rs.next()) {
          if (rs.getInt("ORDINAL_POSITION") == 1
              && column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private String batchScript() {
    String script = read("org/springframework/batch/core/schema-" + dialect.platform() + ".sql");
    // Every table and sequence in the script starts with BATCH_; qualify them with the schema.
    return script.replaceAll("\\bBATCH_", schema + ".BATCH_");
  }

  private boolean tableExists(Connection connection, String table) throws SQLException {
    try (var rs = connection.getMetaData().getTables(null, schema, table, null)) {
      return rs.next();
    }
  }

  private static void runScript(Connection connection, String script) {
    ScriptUtils.executeSqlScript(
        connection, new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)));
  }

  private static String read(String path) {
    try {
      return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("missing resource " + path, e);
    }
  }
}
