package com.athletebatch.demo;

import com.athletebatch.database.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Batched inserts into several tables over one connection. Rows are bound by column name into JDBC
 * batches; when any table holds {@code batchSize} pending rows, every table's batch is executed in
 * the order the tables were registered (parents before children, so foreign keys hold) and the
 * transaction is committed. Memory is bounded by the batch size, whatever the total row count.
 */
final class BatchInserter implements AutoCloseable {

  private final Connection connection;
  private final Dialect dialect;
  private final int batchSize;
  private final boolean autoCommitBefore;
  private final List<Table> tables = new ArrayList<>();

  BatchInserter(Connection connection, Dialect dialect, int batchSize) throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.batchSize = batchSize;
    this.autoCommitBefore = connection.getAutoCommit();
    connection.setAutoCommit(false);
  }

  /** Registers a table; register parents before children. */
  Table table(String insertSql) throws SQLException {
    Table table = new Table(insertSql);
    tables.add(table);
    return table;
  }

  void flush() throws SQLException {
    for (Table table : tables) {
      table.execute();
    }
    connection.commit();
  }

  /** Rows inserted per table (unquoted table name → count), in registration order. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Table table : tables) {
      counts.merge(table.name, table.total, Long::sum);
    }
    return counts;
  }

  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (Table table : tables) {
      try {
        table.statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    try {
      connection.rollback(); // no-op after a successful flush(); drops a half-written batch after a
      // failure
      connection.setAutoCommit(autoCommitBefore);
    } catch (SQLException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  final class Table {
    final String name;
    private final PreparedStatement statement;
    private final Map<String, Integer> index = new HashMap<>();
    private final Object[] values;
    private final int[] nullTypes;
    private int pending;
    private long total;

    private Table(String insertSql) throws SQLException {
      this.name = DemoSql.table(insertSql);
      String[] columns = DemoSql.columns(insertSql);
      for (int i = 0; i < columns.length; i++) {
        index.put(columns[i], i);
      }
      this.values = new Object[columns.length];
      this.nullTypes = new int[columns.length];
      Arrays.fill(nullTypes, Types.OTHER);
      this.statement = connection.prepareStatement(DemoSql.forDialect(insertSql, dialect));
    }

    /** Sets a column of the current row. */
    Table set(String column, Object value) {
      Integer i = index.get(column);
      if (i == null) {
        throw new IllegalArgumentException(name + " has no column " + column + " in its INSERT");
      }
      values[i] = value;
      return this;
    }

    /** Adds the current row to the batch and clears it; may flush every table. */
    void add() throws SQLException {
      for (int i = 0; i < values.length; i++) {
        bind(i, values[i]);
        values[i] = null;
      }
      statement.addBatch();
      pending++;
      total++;
      if (pending >= batchSize) {
        flush();
      }
    }

    private void bind(int i, Object v) throws SQLException {
      int p = i + 1;
      if (v == null) {
        statement.setNull(p, nullTypes[i]);
      } else if (v instanceof String s) {
        statement.setString(p, s);
        nullTypes[i] = Types.VARCHAR;
      } else if (v instanceof Integer n) {
        statement.setInt(p, n);
        nullTypes[i] = Types.INTEGER;
      } else if (v instanceof Long n) {
        statement.setLong(p, n);
        nullTypes[i] = Types.BIGINT;
      } else if (v instanceof Double d) {
        statement.setDouble(p, d);
        nullTypes[i] = Types.DOUBLE;
      } else if (v instanceof Boolean b) {
        statement.setBoolean(p, b);
        nullTypes[i] = Types.BOOLEAN;
      } else if (v instanceof LocalDateTime t) {
        statement.setObject(p, t);
        nullTypes[i] = Types.TIMESTAMP;
      } else if (v instanceof LocalDate d) {
        statement.setObject(p, d);
        nullTypes[i] = Types.DATE;
      } else if (v instanceof OffsetDateTime t) {
        statement.setObject(p, t);
        nullTypes[i] = Types.TIMESTAMP_WITH_TIMEZONE;
      } else if (v instanceof UUID u) {
        statement.setObject(p, u);
      } else {
        throw new IllegalArgumentException("Cannot bind " + v.getClass() + " to " + name);
      }
    }

    private void execute() throws SQLException {
      if (pending > 0) {
        statement.executeBatch();
        statement.clearBatch();
        pending = 0;
      }
    }
  }
}
