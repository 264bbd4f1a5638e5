package com.athletebatch.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The two databases the product runs on. SQL that differs between them is chosen by this. */
public enum Dialect {
  POSTGRESQL("postgresql"),
  H2("h2");

  private final String platform;

  Dialect(String platform) {
    this.platform = platform;
  }

  /**
   * The name used in script paths, e.g. {@code sql/postgresql/…} and Spring Batch's {@code
   * schema-postgresql.sql}.
   */
  public String platform() {
    return platform;
  }

  public static Dialect of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
    }
  }

  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.equals("h2")) {
      return H2;
    }
    throw new IllegalStateException("unsupported database '" + product + "': use PostgreSQL or H2");
  }
}
