package com.athletebatch.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A database location as the operator gives it, turned into what JDBC needs.
 *
 * <p>Accepts the {@code postgresql://user:pass@host:port/db?…} form of the seeds' {@code .env}
 * files (also {@code postgres://}), {@code jdbc:postgresql://…} and {@code jdbc:h2:…}. The
 * credentials are kept apart from the JDBC URL so that nothing printed ever contains them.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password, Dialect dialect) {

  /** The embedded default: an H2 file database under ./data, in PostgreSQL mode. */
  public static final String DEFAULT_H2_URL =
      "jdbc:h2:file:./data/athlete-batch" + ";AUTO_SERVER=TRUE";

  /**
   * What the product's SQL needs from H2: PostgreSQL mode, lower-case folding, "key" as a name.
   * DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook must not close the database under a job that
   * a SIGTERM is stopping gracefully; the data source closes it after the job has stopped. H2 does
   * not allow it with AUTO_SERVER=TRUE (the embedded default, so that a second process can read the
   * job repository), where it is left out.
   */
  static final String[] H2_SETTINGS = {
    "MODE=PostgreSQL",
    "DATABASE_TO_LOWER=TRUE",
    "DEFAULT_NULL_ORDERING=HIGH",
    "NON_KEYWORDS=KEY,VALUE",
    "DB_CLOSE_ON_EXIT=FALSE"
  };

  private static final Pattern PASSWORD_IN_QUERY = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern USERINFO = Pattern.compile("(//)[^/@]*@");

  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      return new DatabaseUrl(withH2Settings(DEFAULT_H2_URL), "sa", "", Dialect.H2);
    }
    String trimmed = url.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      return fromLibpqUrl(trimmed);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(withPostgresDefaults(trimmed), null, null, Dialect.POSTGRESQL);
    }
    if (lower.startsWith("jdbc:h2:")) {
      return new DatabaseUrl(withH2Settings(trimmed), "sa", "", Dialect.H2);
    }
    throw new IllegalArgumentException(
        "unsupported database URL "
            + mask(trimmed)
            + ": use postgresql://user:pass@host:port/db, jdbc:postgresql://… or jdbc:h2:…");
  }

  private static DatabaseUrl fromLibpqUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed database URL " + mask(url), e);
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query =
        uri.getRawQuery() == null ? "" : "?" + dropPrismaOnlyParameters(uri.getRawQuery());
    String jdbc = "jdbc:postgresql://" + host + port + path + ("?".equals(query) ? "" : query);
    return new DatabaseUrl(withPostgresDefaults(jdbc), user, password, Dialect.POSTGRESQL);
  }

  /** Prisma's {@code schema=} and {@code connection_limit=} mean nothing to pgjdbc. */
  private static String dropPrismaOnlyParameters(String query) {
    StringBuilder kept = new StringBuilder();
    for (String pair : query.split("&")) {
      String key = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (key.equals("schema")) {
        String value = pair.contains("=") ? pair.split("=", 2)[1] : "";
        pair = "currentSchema=" + value;
      } else if (key.equals("connection_limit")
          || key.equals("pool_timeout")
          || key.equals("pgbouncer")) {
        continue;
      }
      kept.append(kept.length() == 0 ? "" : "&").append(pair);
    }
    return kept.toString();
  }

  /** Batched statements are rewritten into multi-row ones (about a third faster). */
  private static String withPostgresDefaults(String jdbc) {
    if (jdbc.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts")) {
      return jdbc;
    }
    return jdbc + (jdbc.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /** Adds the settings the SQL relies on when the URL does not set them itself. */
  private static String withH2Settings(String jdbc) {
    StringBuilder url = new StringBuilder(jdbc);
    String lower = jdbc.toLowerCase(Locale.ROOT);
    for (String setting : H2_SETTINGS) {
      String key = setting.substring(0, setting.indexOf('=')).toLowerCase(Locale.ROOT);
      boolean unsupported = key.equals("db_close_on_exit") && lower.contains(";auto_server=true");
      if (!lower.contains(";" + key + "=") && !unsupported) {
        url.append(';').append(setting);
      }
    }
    return url.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL as it may be printed: no password, no user info. */
  public String display() {
    String shown = mask(jdbcUrl);
    return username == null ? shown : shown + " (user " + username + ")";
  }

  /** Removes any password (user info or query parameter) from a URL-like text. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = USERINFO.matcher(text).replaceAll("$1***@");
    return PASSWORD_IN_QUERY.matcher(masked).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return display();
  }
}
