package com.athletebatch.database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * PostgreSQL arrays for the one-statement writes that unnest them (a chunk as one INSERT/UPDATE).
 */
public final class PgArrays {

  private PgArrays() {}

  /** One text field of every row, in row order. */
  public static <R> Array text(Connection connection, List<R> rows, Function<R, String> field)
      throws SQLException {
    return connection.createArrayOf("text", rows.stream().map(field).toArray(String[]::new));
  }
}
