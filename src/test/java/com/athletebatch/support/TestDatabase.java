package com.athletebatch.support;

import com.athletebatch.database.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh, empty database for one test: an in-memory H2 in PostgreSQL mode, or a new database on
 * PostgreSQL. PostgreSQL is the embedded server (zonky binaries from Maven Central, started once
 * per JVM), or the server named by {@value #EXTERNAL_URL_ENV} (a JDBC URL of a database the tests
 * may connect to as a user allowed to create databases). Only databases created here are dropped.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String EXTERNAL_URL_ENV = "ATHLETE_BATCH_TEST_DATABASE_URL";

  private static EmbeddedPostgres embedded;

  private final String jdbcUrl;
  private final Dialect dialect;
  private final Runnable drop;
  private final DataSource dataSource;

  private TestDatabase(String jdbcUrl, Dialect dialect, Runnable drop) {
    this.jdbcUrl = jdbcUrl;
    this.dialect = dialect;
    this.drop = drop;
    DriverManagerDataSource ds = new DriverManagerDataSource(jdbcUrl);
    if (dialect == Dialect.H2) {
      ds.setUsername("sa");
      ds.setPassword("");
    }
    this.dataSource = ds;
  }

  public static TestDatabase create(Dialect dialect) {
    return dialect == Dialect.H2 ? h2() : postgres();
  }

  public static TestDatabase h2() {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    String url =
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;NON_KEYWORDS=KEY,VALUE;DB_CLOSE_DELAY=-1";
    return new TestDatabase(
        url,
        Dialect.H2,
        () -> {
          try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("SHUTDOWN");
          } catch (SQLException ignored) {
            // already gone
          }
        });
  }

  public static TestDatabase postgres() {
    return postgres("");
  }

  /**
   * A PostgreSQL database whose encoding is SQL_ASCII: the server then stores any bytes in text and
   * jsonb, so rows whose text is not valid UTF-8 (as old or migrated databases hold) can exist.
   */
  public static TestDatabase postgresSqlAscii() {
    return postgres(" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
  }

  private static synchronized TestDatabase postgres(String createOptions) {
    String admin = System.getenv(EXTERNAL_URL_ENV);
    if (admin == null || admin.isBlank()) {
      admin = embeddedAdminUrl();
    }
    String name =
        "athlete_batch_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    JdbcTemplate adminJdbc = new JdbcTemplate(new DriverManagerDataSource(admin));
    adminJdbc.execute("CREATE DATABASE " + name + createOptions);
    String url = replaceDatabase(admin, name);
    return new TestDatabase(
        url,
        Dialect.POSTGRESQL,
        () -> adminJdbc.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
  }

  private static String embeddedAdminUrl() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot start embedded PostgreSQL (set "
                + EXTERNAL_URL_ENV
                + " to use a running server instead)",
            e);
      }
    }
    return embedded.getJdbcUrl("postgres", "postgres");
  }

  /** jdbc:postgresql://host:port/db?params with db replaced. */
  static String replaceDatabase(String url, String database) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?');
    String rest = query < 0 ? "" : url.substring(query);
    return url.substring(0, slash + 1) + database + rest;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  @Override
  public void close() {
    drop.run();
  }

  @Override
  public String toString() {
    return dialect.name().toLowerCase(Locale.ROOT);
  }
}
