package com.athletebatch.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row of a table by id, leaving out the columns named, for comparing two databases or two
 * moments.
 */
public final class TableSnapshot {

  private TableSnapshot() {}

  public static Map<String, Map<String, Object>> of(
      JdbcTemplate jdbc, String quotedTable, Set<String> excluded) {
    Map<String, Map<String, Object>> rows = new TreeMap<>();
    for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + quotedTable)) {
      Map<String, Object> kept = new LinkedHashMap<>();
      row.forEach(
          (column, value) -> {
            if (!excluded.contains(column)) {
              kept.put(column, normalise(value));
            }
          });
      rows.put(String.valueOf(row.get("id")), kept);
    }
    return rows;
  }

  /**
   * Values as comparable text: JSON objects from PostgreSQL and H2 differ in Java type, not
   * content.
   */
  private static Object normalise(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return value.toString();
  }

  public static final Set<String> WRITE_TIMES = Set.of("updatedAt", "aiAnalyzedAt");

  public static List<String> ids(JdbcTemplate jdbc, String sql, Object... args) {
    return jdbc.queryForList(sql, String.class, args);
  }
}
