package com.athletebatch.operations;

import com.athletebatch.database.JobRepositorySchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Runs the psql files of {@code sql/monitoring/} exactly as they are, so that {@code status},
 * {@code executions} and an operator in psql read the same queries. A file is written for psql:
 *
 * <ul>
 *   <li>{@code :"batch_schema"} is psql's quoted-identifier variable; here it is replaced by the
 *       schema name that {@link JobRepositorySchema#validate} accepted (a plain identifier);
 *   <li>{@code :'name'} (psql's literal variable) and {@code :name} become bound parameters;
 *   <li>psql meta-command lines (starting with a backslash, e.g. the {@code \if} defaults) and
 *       comment lines are dropped.
 * </ul>
 *
 * No value ever reaches the SQL text.
 */
public final class MonitoringQueries {

  public static final String EXECUTIONS = "executions";
  public static final String STEP_PROGRESS = "step-progress";
  public static final String FAILURES = "failures";
  public static final String SKIPS = "skips";
  public static final String THROUGHPUT = "throughput";

  public static final String SKIP_ROWS = "skip-rows";
  public static final String CAPABILITY_COVERAGE = "capability-coverage";
  public static final String CAPABILITY_LAG = "capability-lag";

  private static final Pattern DEFAULT_VARIABLE =
      Pattern.compile("\\\\set ([A-Za-z_][A-Za-z0-9_]*) (.*)");

  static final String SCHEMA_VARIABLE = ":\"batch_schema\"";
  private static final Pattern LITERAL_VARIABLE =
      Pattern.compile("(?<!:):'([A-Za-z_][A-Za-z0-9_]*)'");

  private final NamedParameterJdbcTemplate jdbc;
  private final String schema;

  public MonitoringQueries(DataSource dataSource, String schema) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.schema = JobRepositorySchema.validate(schema);
  }

  public List<Map<String, Object>> run(String name, Map<String, ?> parameters) {
    Map<String, Object> withDefaults = new HashMap<>(defaults(script(name)));
    withDefaults.putAll(parameters);
    return jdbc.queryForList(sql(name, schema), withDefaults);
  }

  /**
   * The defaults the file gives its variables ({@code \set limit 20} in its {@code \if} blocks), so
   * that a caller binds only the variables it sets, as in psql.
   */
  static Map<String, Object> defaults(String script) {
    Map<String, Object> defaults = new HashMap<>();
    script
        .lines()
        .map(line -> DEFAULT_VARIABLE.matcher(line.strip()))
        .filter(Matcher::matches)
        .filter(m -> !m.group(1).equals("batch_schema"))
        .forEach(
            m -> {
              String value = m.group(2).strip();
              defaults.put(
                  m.group(1),
                  value.matches("-?[0-9]{1,18}")
                      ? (Object) Long.parseLong(value)
                      : value.replaceAll("^'(.*)'$", "$1"));
            });
    return defaults;
  }

  /** The statement of {@code sql/monitoring/<name>.sql} for JDBC, with the schema in place. */
  static String sql(String name, String schema) {
    return prepare(script(name), JobRepositorySchema.validate(schema));
  }

  private static String script(String name) {
    try {
      return new ClassPathResource("sql/monitoring/" + name + ".sql")
          .getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "missing monitoring query sql/monitoring/" + name + ".sql", e);
    }
  }

  static String prepare(String script, String validatedSchema) {
    String body =
        script
            .lines()
            .filter(
                line ->
                    !line.stripLeading().startsWith("\\") && !line.stripLeading().startsWith("--"))
            .collect(Collectors.joining("\n"))
            .strip();
    if (body.endsWith(";")) {
      body = body.substring(0, body.length() - 1);
    }
    body = body.replace(SCHEMA_VARIABLE, validatedSchema);
    return LITERAL_VARIABLE
        .matcher(body)
        .replaceAll(m -> ":" + Matcher.quoteReplacement(m.group(1)));
  }
}
