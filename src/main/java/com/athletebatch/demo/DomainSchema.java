package com.athletebatch.demo;

import com.athletebatch.database.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Creates the upstream-compatible domain tables ({@code "User"}, {@code "Workout"}, ..., {@code
 * events}, {@code projections}, {@code users}, {@code background_jobs}) from {@code
 * classpath:sql/<dialect>/domain-schema.sql}.
 *
 * <p>Only the demo and the tests call this: the jobs never create or alter domain tables. The
 * scripts use {@code CREATE ... IF NOT EXISTS}, so running them on a database that already has the
 * tables changes nothing (they do not add missing columns to existing tables).
 *
 * <p>On H2 the connection must be in PostgreSQL mode with lower-case identifier folding, e.g.
 * {@code
 * jdbc:h2:mem:demo;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=KEY,VALUE};
 * the first two are checked here.
 */
public final class DomainSchema {

  static final String KURA_RLS_SCRIPT = "sql/postgresql/kura-rls.sql";

  private DomainSchema() {}

  /** Runs the domain DDL matching the database behind {@code dataSource}; idempotent. */
  public static void createIfMissing(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(connection);
      if (dialect == Dialect.H2) {
        requirePostgreSqlMode(connection);
      }
      runScript(connection, "sql/" + dialect.platform() + "/domain-schema.sql");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the domain schema: " + e.getMessage(), e);
    }
  }

  /**
   * PostgreSQL only: enables and forces kura's row-level security on {@code events} and {@code
   * projections} and creates the {@code app_worker} role (LOGIN, BYPASSRLS, NOSUPERUSER) when
   * missing. Needs a superuser or CREATEROLE. Run after {@link #createIfMissing}.
   */
  public static void applyKuraRowLevelSecurity(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (Dialect.of(connection) != Dialect.POSTGRESQL) {
        throw new IllegalStateException("kura row-level security exists on PostgreSQL only");
      }
      runScript(connection, KURA_RLS_SCRIPT);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not apply kura row-level security: " + e.getMessage(), e);
    }
  }

  /** The dialect of the database behind {@code dataSource}. */
  public static Dialect dialect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.of(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not connect: " + e.getMessage(), e);
    }
  }

  private static void runScript(Connection connection, String location) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try {
      connection.setAutoCommit(true);
      ScriptUtils.executeSqlScript(
          connection, new EncodedResource(new ClassPathResource(location), StandardCharsets.UTF_8));
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void requirePostgreSqlMode(Connection connection) throws SQLException {
    String mode = h2Setting(connection, "MODE");
    String toLower = h2Setting(connection, "DATABASE_TO_LOWER");
    if (!"PostgreSQL".equalsIgnoreCase(mode) || !"true".equalsIgnoreCase(toLower)) {
      throw new IllegalStateException(
          "The H2 database must be opened with "
              + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE (found MODE="
              + mode
              + ", DATABASE_TO_LOWER="
              + toLower
              + "); recommended URL flags: "
              + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=KEY,VALUE");
    }
  }

  private static String h2Setting(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
