package com.athletebatch.benchmark;

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

import com.athletebatch.benchmark.ScoreBaselines.Timed;
import com.athletebatch.capability.CapabilityEstimator;
import com.athletebatch.capability.CapabilityEvent;
import com.athletebatch.capability.CapabilityOutputJson;
import com.athletebatch.capability.CapabilityQueries;
import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.UserEstimate;
import com.athletebatch.database.Dialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/** P2's two comparisons: the floor (one streaming read, one bulk upsert) and kura's per-(user, type) units. */
final class CapabilityBaselines {

    static final int FETCH_SIZE = 10_000;

    private CapabilityBaselines() {
    }

    /**
     * One streaming pass over every capability event and retraction in (user, timestamp, id) order:
     * a server-side cursor (autocommit off, fetch size), each row's columns read into Java values.
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

    /** The floor's write: 4 projection rows per user in one statement, each with a real output's JSON. */
    static Timed bulkUpsert(DataSource ds, Map<String, String> dataByKey) {
        List<Object> args = new ArrayList<>();
        for (String key : CapabilityEstimator.KEYS) {
            args.add(key);
            args.add(dataByKey.get(key));
        }
        long start = System.nanoTime();
        int rows = new JdbcTemplate(ds).update(BenchmarkQueries.floorUpsert(CapabilityEstimator.KEYS), args.toArray());
        return new Timed(ScoreBaselines.seconds(start), rows);
    }

    /** A real user's four outputs, as the floor's payload (so that it writes what the job writes). */
    static Map<String, String> sampleOutputs(DataSource ds, UUID user, OffsetDateTime asOf) {
        return CapabilityOutputJson.renderAll(new CapabilityEstimator().estimateUser(user, events(new JdbcTemplate(ds),
                user), asOf));
    }

    record Unit(UUID user, String eventType) {
    }

    static List<Unit> sampleUnits(DataSource ds, int users) {
        return new JdbcTemplate(ds).query(BenchmarkQueries.SAMPLE_USER_TYPE_UNITS,
                (rs, n) -> new Unit(rs.getObject(1, UUID.class), rs.getString(2)), users);
    }

    /**
     * kura's pattern: per (user, capability event type) one unit of work in its own transaction, which
     * loads all that user's capability events, runs the estimators and upserts the four projections.
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
                try (PreparedStatement ps = connection.prepareStatement(CapabilityQueries.userEvents(Dialect.POSTGRESQL))) {
                    ps.setObject(1, unit.user());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            events.add(new CapabilityEvent(rs.getObject("id", UUID.class),
                                    rs.getObject("user_id", UUID.class), rs.getObject("timestamp", OffsetDateTime.class),
                                    rs.getString("event_type"), rs.getString("data")));
                        }
                    }
                }
                UserEstimate estimate = estimator.estimateUser(unit.user(), events, asOf);
                Map<String, String> data = CapabilityOutputJson.renderAll(estimate);
                try (PreparedStatement ps = connection.prepareStatement(upsert)) {
                    for (Map.Entry<String, String> entry : data.entrySet()) {
                        CapabilityOutput output = estimate.outputs().get(entry.getKey());
                        UUID last = output.lastEventId() != null ? output.lastEventId() : estimate.newestEventId();
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

    private static List<CapabilityEvent> events(JdbcTemplate jdbc, UUID user) {
        return jdbc.query(CapabilityQueries.userEvents(Dialect.POSTGRESQL), (rs, n) -> new CapabilityEvent(rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getObject("timestamp", OffsetDateTime.class),
                rs.getString("event_type"), rs.getString("data")), user);
    }
}
