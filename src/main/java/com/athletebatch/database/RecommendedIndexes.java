package com.athletebatch.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL indexes this product benefits from that upstream does not have, read from {@value
 * #SCRIPT} (the one source: {@code doctor} prints them, the benchmark creates them). The jobs never
 * create them.
 */
public final class RecommendedIndexes {

  public static final String SCRIPT = "sql/postgresql/recommended-indexes.sql";

  private static final Pattern HEAD =
      Pattern.compile(
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"?([A-Za-z0-9_]+)\"?\\s+ON \"?([A-Za-z0-9_]+)\"?");

  private static final Pattern DROP =
      Pattern.compile("DROP INDEX CONCURRENTLY IF EXISTS \"?([A-Za-z0-9_]+)\"?");

  /** One index: its name, its table and the statement that creates it. */
  public record Index(String name, String table, String statement) {}

  /**
   * An index an earlier version of the script recommended: its name and the statement that drops
   * it.
   */
  public record Superseded(String name, String statement) {}

  private RecommendedIndexes() {}

  public static List<Index> all() {
    List<Index> indexes = new ArrayList<>();
    for (String statement : statements(script())) {
      Matcher m = HEAD.matcher(statement);
      if (m.find()) {
        indexes.add(new Index(m.group(1), m.group(2), statement + ";"));
      } else if (!DROP.matcher(statement).matches()) {
        throw new IllegalStateException(
            SCRIPT + ": neither CREATE INDEX nor DROP INDEX: " + statement);
      }
    }
    return List.copyOf(indexes);
  }

  /** The superseded indexes the script drops. */
  public static List<Superseded> superseded() {
    List<Superseded> out = new ArrayList<>();
    for (String statement : statements(script())) {
      Matcher m = DROP.matcher(statement);
      if (m.matches()) {
        out.add(new Superseded(m.group(1), statement + ";"));
      }
    }
    return List.copyOf(out);
  }

  /** The recommended indexes of these tables that the database does not have. */
  public static List<Index> missing(JdbcTemplate jdbc, List<String> tables) {
    return all().stream()
        .filter(i -> tables.contains(i.table()))
        // an index left INVALID by a failed CONCURRENTLY build counts as missing
        .filter(i -> tableOf(jdbc, i.name(), true).isEmpty())
        .toList();
  }

  /** The superseded indexes still on these tables. */
  public static List<Superseded> stillThere(JdbcTemplate jdbc, List<String> tables) {
    return superseded().stream()
        .filter(s -> tableOf(jdbc, s.name(), false).filter(tables::contains).isPresent())
        .toList();
  }

  /** The table of the index of this name on the search path (only if valid, when asked). */
  private static Optional<String> tableOf(JdbcTemplate jdbc, String index, boolean validOnly) {
    return jdbc
        .queryForList(
            "SELECT t.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_class t ON t.oid = i.indrelid WHERE c.relname = ?"
                + (validOnly ? " AND i.indisvalid" : "")
                + " AND c.relnamespace IN (SELECT oid FROM pg_namespace"
                + " WHERE nspname = ANY (current_schemas(false)))",
            String.class,
            index)
        .stream()
        .findFirst();
  }

  /**
   * Creates the indexes of these tables (autocommit: CONCURRENTLY cannot run in a transaction). For
   * the benchmark and tests; the jobs never call it.
   */
  public static void create(DataSource dataSource, List<String> tables) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      for (Index i : all()) {
        if (tables.contains(i.table())) {
          st.execute(i.statement());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the recommended indexes: " + e.getMessage(), e);
    }
  }

  /** Statements of the script, comments dropped, whitespace collapsed. */
  static List<String> statements(String script) {
    String code =
        script.lines().map(l -> l.startsWith("--") ? "" : l).collect(Collectors.joining("\n"));
    List<String> out = new ArrayList<>();
    for (String s : code.split(";")) {
      String one = s.strip().replaceAll("\\s+", " ");
      if (!one.isEmpty()) {
        out.add(one);
      }
    }
    return out;
  }

  private static String script() {
    try (InputStream in = RecommendedIndexes.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
