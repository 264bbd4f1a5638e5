package com.athletebatch.operations;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilityQueries;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.RecommendedIndexes;
import com.athletebatch.database.RequiredTables;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoringQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code doctor}: what the jobs need from a database and what to do about what is missing, for the
 * jobs whose tables the database has (or the one named). It only reads the catalog and settings: it
 * changes nothing, not even the job-repository schema.
 *
 * <p>Problems (a missing table, column or grant, a recommended index absent) make the exit code 1;
 * advice (never-analysed tables, {@code reWriteBatchedInserts}, server settings) does not.
 */
public final class Doctor {

  /** What a job needs: its tables, the columns it reads and writes, and the write privileges. */
  record Needs(
      String job,
      List<String> tables,
      Map<String, List<String>> readColumns,
      Map<String, List<String>> writtenColumns,
      List<String> writePrivileges) {}

  static final List<Needs> JOBS =
      List.of(
          new Needs(
              ScoreBackfillJobConfiguration.JOB_NAME,
              ScoringQueries.REQUIRED_TABLES,
              ScoringQueries.READ_COLUMNS,
              ScoringQueries.writtenColumns(),
              List.of("UPDATE")),
          new Needs(
              CapabilityEstimationJobConfiguration.JOB_NAME,
              CapabilityQueries.REQUIRED_TABLES,
              CapabilityQueries.READ_COLUMNS,
              CapabilityQueries.WRITTEN_COLUMNS,
              List.of("INSERT", "UPDATE")));

  public static List<String> jobNames() {
    return JOBS.stream().map(Needs::job).toList();
  }

  public enum Level {
    PROBLEM,
    ADVICE,
    OK
  }

  /** One finding: for which job (null: the database), how serious, what, and what to run. */
  public record Finding(String job, Level level, String what, List<String> fix) {}

  /** The jobs examined and what was found. */
  public record Report(List<String> jobs, List<Finding> findings, String note) {
    public long problems() {
      return findings.stream().filter(f -> f.level() == Level.PROBLEM).count();
    }

    /** 1 when anything the jobs need is missing (or no job's tables are here), else 0. */
    public int exitCode() {
      return jobs.isEmpty() || problems() > 0 ? 1 : 0;
    }
  }

  private static final long MIN_MAX_WAL_SIZE_MB = 4096;
  private static final long MIN_SHARED_BUFFERS_MB = 512;

  private Doctor() {}

  /**
   * @param jdbcUrl the URL the jobs would use (for {@code reWriteBatchedInserts})
   * @param onlyJob a job name, or null for the jobs whose tables exist
   * @param batchSchema the job-repository schema
   */
  public static Report examine(
      DataSource dataSource, String jdbcUrl, String onlyJob, String batchSchema) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Dialect dialect = Dialect.of(dataSource);
    List<Needs> jobs = new ArrayList<>();
    for (Needs n : JOBS) {
      boolean named = n.job().equals(onlyJob);
      boolean present =
          RequiredTables.missing(jdbc, dialect, n.tables()).size() < n.tables().size();
      if (onlyJob == null ? present : named) {
        jobs.add(n);
      }
    }
    List<Finding> findings = new ArrayList<>();
    if (jobs.isEmpty()) {
      return new Report(
          List.of(),
          findings,
          "this database has none of the jobs' tables (scoreBackfill: "
              + String.join(", ", JOBS.get(0).tables())
              + "; capabilityEstimation: "
              + String.join(", ", JOBS.get(1).tables())
              + "): is it the application's database?");
    }
    for (Needs n : jobs) {
      examine(jdbc, dialect, n, findings);
    }
    if (dialect == Dialect.POSTGRESQL) {
      jobRepository(jdbc, batchSchema, findings);
      connection(jdbcUrl, findings);
      settings(jdbc, findings);
    }
    return new Report(
        jobs.stream().map(Needs::job).toList(),
        findings,
        dialect == Dialect.POSTGRESQL
            ? null
            : "H2: tables and columns only (grants, indexes and settings are checked on PostgreSQL)");
  }

  private static void examine(JdbcTemplate jdbc, Dialect dialect, Needs n, List<Finding> out) {
    List<String> present = new ArrayList<>();
    int before = out.size();
    for (String table : n.tables()) {
      Set<String> columns = RequiredTables.columns(jdbc, dialect, table);
      if (columns.isEmpty()) {
        out.add(
            new Finding(
                n.job(),
                Level.PROBLEM,
                "table " + quoted(table) + " is missing (the jobs never create domain tables)",
                List.of()));
        continue;
      }
      present.add(table);
      List<String> needed = new ArrayList<>(n.readColumns().getOrDefault(table, List.of()));
      n.writtenColumns().getOrDefault(table, List.of()).stream()
          .filter(c -> !needed.contains(c))
          .forEach(needed::add);
      List<String> missing = needed.stream().filter(c -> !columns.contains(c)).toList();
      if (!missing.isEmpty()) {
        out.add(
            new Finding(
                n.job(),
                Level.PROBLEM,
                "table "
                    + quoted(table)
                    + " lacks column(s) "
                    + String.join(", ", missing.stream().map(Doctor::quoted).toList())
                    + " (an older or newer upstream schema?)",
                List.of()));
      }
    }
    if (out.size() == before) {
      out.add(new Finding(n.job(), Level.OK, "tables and columns present", List.of()));
    }
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    grants(jdbc, n, present, out);
    for (RecommendedIndexes.Index i : RecommendedIndexes.missing(jdbc, present)) {
      out.add(
          new Finding(
              n.job(),
              Level.PROBLEM,
              "recommended index "
                  + quoted(i.name())
                  + " on "
                  + quoted(i.table())
                  + " is absent (without it every run reads the whole table to find new rows)",
              List.of(i.statement())));
    }
    for (RecommendedIndexes.Superseded s : RecommendedIndexes.stillThere(jdbc, present)) {
      out.add(
          new Finding(
              n.job(),
              Level.ADVICE,
              "index "
                  + quoted(s.name())
                  + " is superseded by the recommended ones (it costs every write to its table"
                  + " and no longer serves a run); drop it once they are built",
              List.of(s.statement())));
    }
    List<String> neverAnalysed =
        present.isEmpty()
            ? List.of()
            : jdbc.queryForList(
                "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY (?)"
                    + " AND schemaname = ANY (current_schemas(false))"
                    + " AND last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY relname",
                String.class,
                (Object) present.toArray(String[]::new));
    if (!neverAnalysed.isEmpty()) {
      String list = String.join(", ", neverAnalysed.stream().map(Doctor::quoted).toList());
      out.add(
          new Finding(
              n.job(),
              Level.ADVICE,
              "never analysed: "
                  + list
                  + " (the planner then guesses their sizes and may choose full scans; a run was"
                  + " once 70x slower so)",
              List.of("ANALYZE " + list + ";")));
    }
  }

  /** The README's least-privilege table, checked column by column (table grants count too). */
  private static void grants(JdbcTemplate jdbc, Needs n, List<String> tables, List<Finding> out) {
    Map<String, List<String>> missingByGrant = new LinkedHashMap<>();
    for (String table : tables) {
      Set<String> existing = RequiredTables.columns(jdbc, Dialect.POSTGRESQL, table);
      for (String c : n.readColumns().getOrDefault(table, List.of())) {
        if (existing.contains(c) && !columnPrivilege(jdbc, table, c, "SELECT")) {
          missingByGrant.computeIfAbsent("SELECT", k -> new ArrayList<>()).add(table);
          break;
        }
      }
      for (String privilege : n.writePrivileges()) {
        for (String c : n.writtenColumns().getOrDefault(table, List.of())) {
          if (existing.contains(c) && !columnPrivilege(jdbc, table, c, privilege)) {
            missingByGrant.computeIfAbsent(privilege, k -> new ArrayList<>()).add(table);
            break;
          }
        }
      }
    }
    missingByGrant.forEach(
        (privilege, onTables) -> {
          String list = String.join(", ", onTables.stream().map(Doctor::quoted).toList());
          out.add(
              new Finding(
                  n.job(),
                  Level.PROBLEM,
                  "the role may not " + privilege + " " + list,
                  List.of("GRANT " + privilege + " ON " + list + " TO " + role(jdbc) + ";")));
        });
    if (missingByGrant.isEmpty() && !tables.isEmpty()) {
      out.add(
          new Finding(
              n.job(), Level.OK, "grants: the README's least-privilege table holds", List.of()));
    }
  }

  private static boolean columnPrivilege(
      JdbcTemplate jdbc, String table, String column, String privilege) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT has_column_privilege(to_regclass(quote_ident(?)), ?, ?)",
            Boolean.class,
            table,
            column,
            privilege));
  }

  private static void jobRepository(JdbcTemplate jdbc, String schema, List<Finding> out) {
    boolean exists =
        Boolean.TRUE.equals(
            jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)",
                Boolean.class,
                schema));
    String role = role(jdbc);
    if (!exists) {
      boolean mayCreate =
          Boolean.TRUE.equals(
              jdbc.queryForObject(
                  "SELECT has_database_privilege(current_database(), 'CREATE')", Boolean.class));
      out.add(
          mayCreate
              ? new Finding(
                  null,
                  Level.OK,
                  "job repository: schema " + schema + " will be created on the first run",
                  List.of())
              : new Finding(
                  null,
                  Level.PROBLEM,
                  "job repository: schema "
                      + schema
                      + " does not exist and the role may not create it",
                  List.of(
                      "CREATE SCHEMA " + schema + " AUTHORIZATION " + role + ";",
                      "-- or: GRANT CREATE ON DATABASE <this database> TO " + role + ";")));
      return;
    }
    boolean usage =
        Boolean.TRUE.equals(
            jdbc.queryForObject(
                "SELECT has_schema_privilege(?, 'USAGE') AND (has_schema_privilege(?, 'CREATE')"
                    + " OR to_regclass(quote_ident(?) || '.batch_job_instance') IS NOT NULL)",
                Boolean.class,
                schema,
                schema,
                schema));
    out.add(
        usage
            ? new Finding(
                null, Level.OK, "job repository: schema " + schema + " is usable", List.of())
            : new Finding(
                null,
                Level.PROBLEM,
                "job repository: the role may not use schema " + schema,
                List.of("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + role + ";")));
  }

  private static void connection(String jdbcUrl, List<Finding> out) {
    String lower = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.contains("rewritebatchedinserts=true")) {
      out.add(
          new Finding(
              null, Level.OK, "reWriteBatchedInserts=true on the jobs' JDBC URL", List.of()));
    } else {
      out.add(
          new Finding(
              null,
              Level.ADVICE,
              "the URL turns reWriteBatchedInserts off: batched inserts (the skip log, the demo"
                  + " loader) then go to the server one row per statement",
              List.of("drop reWriteBatchedInserts from the URL (athlete-batch then adds =true)")));
    }
  }

  /** Settings that matter for a bulk UPDATE of millions of rows; advice only. */
  private static void settings(JdbcTemplate jdbc, List<Finding> out) {
    long walMb = settingMb(jdbc, "max_wal_size");
    if (walMb < MIN_MAX_WAL_SIZE_MB) {
      out.add(
          new Finding(
              null,
              Level.ADVICE,
              "max_wal_size is "
                  + walMb
                  + " MB: a backfill rewrites every row it scores, and a checkpoint every "
                  + walMb
                  + " MB of WAL writes full pages again; 4 GB or more for large backfills",
              List.of("ALTER SYSTEM SET max_wal_size = '4GB'; SELECT pg_reload_conf();")));
    } else {
      out.add(new Finding(null, Level.OK, "max_wal_size " + walMb + " MB", List.of()));
    }
    long buffersMb = settingMb(jdbc, "shared_buffers");
    if (buffersMb < MIN_SHARED_BUFFERS_MB) {
      out.add(
          new Finding(
              null,
              Level.ADVICE,
              "shared_buffers is "
                  + buffersMb
                  + " MB (PostgreSQL's default is 128 MB): the rows a backfill updates and their"
                  + " indexes are read from the OS cache again and again; about 25 % of the"
                  + " server's RAM is the usual start (needs a restart)",
              List.of("ALTER SYSTEM SET shared_buffers = '<25 % of RAM>';  -- then restart")));
    } else {
      out.add(new Finding(null, Level.OK, "shared_buffers " + buffersMb + " MB", List.of()));
    }
  }

  private static long settingMb(JdbcTemplate jdbc, String name) {
    // setting × unit in bytes (e.g. 8kB pages, MB), then MB
    Long bytes =
        jdbc.queryForObject(
            "SELECT setting::bigint * pg_size_bytes(CASE WHEN unit IS NULL THEN '1'"
                + " WHEN unit ~ '^[0-9]' THEN regexp_replace(unit, '^([0-9]+)', '\\1 ')"
                + " ELSE '1 ' || unit END) FROM pg_settings WHERE name = ?",
            Long.class,
            name);
    return bytes == null ? 0 : bytes / (1024 * 1024);
  }

  private static String role(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT quote_ident(current_user)", String.class);
  }

  private static String quoted(String identifier) {
    return identifier.equals(identifier.toLowerCase(Locale.ROOT))
        ? identifier
        : '"' + identifier + '"';
  }
}
