package com.athletebatch.benchmark;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The databases one benchmark run makes on a PostgreSQL server: all named {@code athlete_bench_<8
 * hex>_<suffix>}, created through the connection the operator gave, and all dropped again by {@link
 * #close()}, or by a shutdown hook when the JVM is stopped (Ctrl-C). Nothing else on the server is
 * touched.
 */
final class BenchmarkDatabases implements AutoCloseable {

  static final Pattern NAME = Pattern.compile("athlete_bench_[0-9a-f]{8}_[a-z0-9]{1,8}");

  private final DatabaseUrl admin;
  private final String prefix;
  private final JdbcTemplate adminJdbc;
  private final List<String> created = Collections.synchronizedList(new ArrayList<>());
  private final int serverVersion;
  private final PrintStream log;
  private final Thread shutdownHook;

  BenchmarkDatabases(DatabaseUrl admin, PrintStream log) {
    if (admin.dialect() != Dialect.POSTGRESQL) {
      throw new IllegalArgumentException(
          "the benchmark runs on PostgreSQL: give a postgresql:// or"
              + " jdbc:postgresql:// URL of a database on the server (a user that may create databases)");
    }
    this.admin = admin;
    this.log = log;
    this.prefix = "athlete_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    this.adminJdbc = new JdbcTemplate(dataSourceForUrl(admin.jdbcUrl()));
    this.serverVersion = adminJdbc.queryForObject("SHOW server_version_num", Integer.class);
    this.shutdownHook = new Thread(this::dropAll, "benchmark-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  String prefix() {
    return prefix;
  }

  String serverVersion() {
    return adminJdbc.queryForObject(BenchmarkQueries.SERVER_VERSION, String.class);
  }

  String create(String suffix) {
    String name = name(suffix);
    created.add(name);
    adminJdbc.execute(BenchmarkQueries.createDatabase(name));
    return name;
  }

  /** An identical copy of {@code template} (which must have no open connection). */
  String copy(String suffix, String template) {
    String name = name(suffix);
    created.add(name);
    adminJdbc.execute(
        BenchmarkQueries.copyDatabase(name, checked(template), serverVersion >= 150000));
    return name;
  }

  /**
   * Streams rows from one database to another with PostgreSQL's COPY ({@code copyOut} on {@code
   * from}, {@code copyIn} on {@code to}), without holding them; returns the rows copied.
   */
  static long copyRows(DataSource from, String copyOut, DataSource to, String copyIn)
      throws SQLException {
    try (Connection source = from.getConnection();
        Connection target = to.getConnection()) {
      CopyOut out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
      CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
      try {
        for (byte[] buffer = out.readFromCopy(); buffer != null; buffer = out.readFromCopy()) {
          in.writeToCopy(buffer, 0, buffer.length);
        }
        return in.endCopy();
      } finally {
        if (in.isActive()) {
          in.cancelCopy();
        }
        if (out.isActive()) {
          out.cancelCopy();
        }
      }
    }
  }

  void drop(String name) {
    adminJdbc.execute(BenchmarkQueries.dropDatabase(checked(name), serverVersion >= 130000));
    created.remove(name);
  }

  DataSource dataSource(String database) {
    return dataSourceForUrl(jdbcUrl(checked(database)));
  }

  /** The JDBC URL of one of the benchmark's databases, with the credentials the operator gave. */
  String urlWithCredentials(String database) {
    StringBuilder url = new StringBuilder(jdbcUrl(checked(database)));
    if (admin.username() != null) {
      url.append(url.indexOf("?") < 0 ? '?' : '&').append("user=").append(encode(admin.username()));
    }
    if (admin.password() != null) {
      url.append(url.indexOf("?") < 0 ? '?' : '&')
          .append("password=")
          .append(encode(admin.password()));
    }
    return url.toString();
  }

  private DataSource dataSourceForUrl(String jdbcUrl) {
    DriverManagerDataSource ds = new DriverManagerDataSource(jdbcUrl);
    if (admin.username() != null) {
      ds.setUsername(admin.username());
    }
    if (admin.password() != null) {
      ds.setPassword(admin.password());
    }
    return ds;
  }

  private String jdbcUrl(String database) {
    String url = admin.jdbcUrl();
    String head = "jdbc:postgresql://";
    if (!url.regionMatches(true, 0, head, 0, head.length())) {
      throw new IllegalArgumentException(
          "the benchmark needs a URL with a host: jdbc:postgresql://host:port/db");
    }
    int slash = url.indexOf('/', head.length());
    int query = url.indexOf('?');
    String rest = query < 0 ? "" : url.substring(query);
    String hostPart =
        slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
    return hostPart + "/" + database + rest;
  }

  private String name(String suffix) {
    return checked(prefix + "_" + suffix);
  }

  private static String checked(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a benchmark database name: " + name);
    }
    return name;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private void dropAll() {
    List<String> names;
    synchronized (created) {
      names = new ArrayList<>(created);
    }
    Collections.reverse(names);
    for (String name : names) {
      try {
        drop(name);
        log.println("benchmark: dropped database " + name);
      } catch (RuntimeException e) {
        log.println(
            "benchmark: could not drop database " + name + ": " + DatabaseUrl.mask(e.getMessage()));
      }
    }
  }

  @Override
  public void close() {
    dropAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
