package com.athletebatch.benchmark;

import com.athletebatch.benchmark.ScoreBaselines.Timed;
import com.athletebatch.capability.CapabilityEstimator;
import com.athletebatch.capability.CapabilityOutputJson;
import com.athletebatch.capability.CapabilityQueries;
import com.athletebatch.capability.UserEstimate;
import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.events.CapabilityEvent;
import com.athletebatch.database.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * P2's two comparisons: the floor (one streaming read, one bulk upsert) and kura's per-(user, type)
 * units.
 */
final class CapabilityBaselines {

  static final int FETCH_SIZE = 10_000;

  private CapabilityBaselines() {}

  /**
   * One streaming pass over every capability event and retraction in (user, timestamp, id) order: a
   * server-side cursor (autocommit off, fetch size), each row's columns read into Java values.
   */
  static Timed streamEvents(DataSource ds) throws SQLException {
    Connection connection = DataSourceUtils.getConnection(ds);
    try {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      long rows = 0;
      long chars = 0;
      try (PreparedStatement ps = connection.prepareStatement(BenchmarkQueries.STREAM_EVENTS)) {
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getObject(1, UUID.class);
            rs.getObject(2, UUID.class);
            rs.getObject(3, OffsetDateTime.class);
            chars += rs.getString(4).length() + rs.getString(5).length();
            rows++;
          }
        }
      }
      connection.commit();
      if (chars < 0) {
        throw new IllegalStateException("unreachable");
      }
      return new Timed(ScoreBaselines.seconds(start), rows);
    } finally {
      connection.setAutoCommit(true);
      DataSourceUtils.releaseConnection(connection, ds);
    }
  }

  /** Projection rows as text columns: user_id, key, data, last_event_id. */
  record ProjectionRows(String[] users, String[] keys, String[] data, String[] lastEventIds) {}

  /** The rows the job wrote (read back untimed), for the floor to write again. */
  static ProjectionRows projections(DataSource ds) {
    List<String[]> rows =
        new JdbcTemplate(ds)
            .query(
                BenchmarkQueries.JOB_PROJECTIONS,
                (rs, n) ->
                    new String[] {
                      rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)
                    });
    String[][] columns = new String[4][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < 4; c++) {
        columns[c][r] = rows.get(r)[c];
      }
    }
    return new ProjectionRows(columns[0], columns[1], columns[2], columns[3]);
  }

  /**
   * The floor's write: the job's own rows (each user's outputs and last event) upserted into the
   * emptied table in one statement, the job's per-chunk statement given every row at once.
   */
  static Timed bulkUpsert(DataSource ds, ProjectionRows rows) {
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    jdbc.execute(BenchmarkQueries.TRUNCATE_PROJECTIONS);
    long start = System.nanoTime();
    int written =
        jdbc.update(
            connection -> {
              PreparedStatement ps =
                  connection.prepareStatement(CapabilityQueries.UPSERT_FROM_ARRAYS);
              ps.setArray(1, connection.createArrayOf("text", rows.users()));
              ps.setArray(2, connection.createArrayOf("text", rows.keys()));
              ps.setArray(3, connection.createArrayOf("text", rows.data()));
              ps.setArray(4, connection.createArrayOf("text", rows.lastEventIds()));
              return ps;
            });
    return new Timed(ScoreBaselines.seconds(start), written);
  }

  record Unit(UUID user, String eventType) {}

  static List<Unit> sampleUnits(DataSource ds, int users) {
    return new JdbcTemplate(ds)
        .query(
            BenchmarkQueries.SAMPLE_USER_TYPE_UNITS,
            (rs, n) -> new Unit(rs.getObject(1, UUID.class), rs.getString(2)),
            users);
  }

  /**
   * kura's pattern: per (user, capability event type) one unit of work in its own transaction,
   * which loads all that user's capability events, runs the estimators and upserts the four
   * projections.
   */
  static Timed perUnit(DataSource ds, List<Unit> units, OffsetDateTime asOf) throws SQLException {
    CapabilityEstimator estimator = new CapabilityEstimator();
    String upsert = CapabilityQueries.upsert(Dialect.POSTGRESQL);
    Connection connection = DataSourceUtils.getConnection(ds);
    try {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      for (Unit unit : units) {
        List<CapabilityEvent> events = new ArrayList<>();
        try (PreparedStatement ps =
            connection.prepareStatement(CapabilityQueries.userEvents(Dialect.POSTGRESQL))) {
          ps.setObject(1, unit.user());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              events.add(
                  new CapabilityEvent(
                      rs.getObject("id", UUID.class),
                      rs.getObject("user_id", UUID.class),
                      rs.getObject("timestamp", OffsetDateTime.class),
                      rs.getString("event_type"),
                      rs.getString("data")));
            }
          }
        }
        UserEstimate estimate = estimator.estimateUser(unit.user(), events, asOf);
        Map<String, String> data = CapabilityOutputJson.renderAll(estimate);
        try (PreparedStatement ps = connection.prepareStatement(upsert)) {
          for (Map.Entry<String, String> entry : data.entrySet()) {
            CapabilityOutput output = estimate.outputs().get(entry.getKey());
            UUID last =
                output.lastEventId() != null ? output.lastEventId() : estimate.newestEventId();
            ps.setString(1, unit.user().toString());
            ps.setString(2, entry.getKey());
            ps.setString(3, entry.getValue());
            ps.setString(4, last == null ? null : last.toString());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        connection.commit();
      }
      return new Timed(ScoreBaselines.seconds(start), units.size());
    } finally {
      connection.setAutoCommit(true);
      DataSourceUtils.releaseConnection(connection, ds);
    }
  }
}
