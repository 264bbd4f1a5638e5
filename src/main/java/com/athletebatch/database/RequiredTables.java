package com.athletebatch.database;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Fails fast, naming the table, when a job's upstream table is missing. Jobs never create or alter
 * domain tables on a user's database.
 */
public final class RequiredTables {

  private RequiredTables() {}

  public static void check(DataSource dataSource, String jobName, List<String> tables) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    for (String table : tables) {
      if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("invalid table name " + table);
      }
      String quoted = Character.isUpperCase(table.charAt(0)) ? '"' + table + '"' : table;
      try {
        jdbc.queryForList("SELECT 1 FROM " + quoted + " WHERE 1 = 0");
      } catch (DataAccessException e) {
        throw new MissingTableException(
            "Job "
                + jobName
                + " needs table "
                + quoted
                + ", which this database does not have (or this user cannot read). "
                + "The jobs never create domain tables: run them against the application's "
                + "database, or create the demo schema with `jobs/athlete-batch demo`.",
            e);
      }
    }
  }

  /** The tables of {@code tables} this database does not have (privileges aside). */
  public static List<String> missing(JdbcTemplate jdbc, Dialect dialect, List<String> tables) {
    return tables.stream().filter(t -> columns(jdbc, dialect, t).isEmpty()).toList();
  }

  /** A table's columns; empty when the table does not exist. */
  public static java.util.Set<String> columns(JdbcTemplate jdbc, Dialect dialect, String table) {
    String sql =
        dialect == Dialect.POSTGRESQL
            // pg_catalog: information_schema hides what the user has no privilege on
            ? "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(?))"
                + " AND attnum > 0 AND NOT attisdropped"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " AND table_schema = CURRENT_SCHEMA";
    return new java.util.HashSet<>(jdbc.queryForList(sql, String.class, table));
  }

  /**
   * A job's first step: checks its tables. It runs again on every restart, so a table dropped in
   * the meantime is reported by name as well.
   */
  public static Step preflightStep(
      String stepName,
      String jobName,
      List<String> tables,
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      DataSource dataSource) {
    return new StepBuilder(stepName, jobRepository)
        .tasklet(
            (contribution, chunkContext) -> {
              check(dataSource, jobName, tables);
              return RepeatStatus.FINISHED;
            },
            transactionManager)
        .allowStartIfComplete(true)
        .build();
  }

  /** A required upstream table is missing. */
  public static class MissingTableException extends IllegalStateException {
    public MissingTableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
