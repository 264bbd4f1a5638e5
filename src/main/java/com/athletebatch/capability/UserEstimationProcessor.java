package com.athletebatch.capability;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.database.Dialect;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * For one user: (in {@code --changed-only} mode, skip the user when nothing changed), load that
 * user's capability events in (timestamp, id) order, and run the estimators. Only one user's
 * events are ever in memory.
 *
 * <p>Before estimation, events that cannot be trusted at all are set aside with a reason (skip
 * log and caveats): a row that cannot be read (e.g. text that is not valid UTF-8), a payload
 * larger than {@value #MAX_DATA_CHARS} characters, a timestamp after the run's as-of time, and a
 * second event with an idempotency key already seen.
 */
public class UserEstimationProcessor implements ItemProcessor<UUID, UserProjections> {

    /** A capability event is a few hundred bytes; an imported activity with streams tens of kB. */
    static final int MAX_DATA_CHARS = 1024 * 1024;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final CapabilitySelection selection;
    private final String userEvents;
    private final CapabilityEstimator estimator = new CapabilityEstimator();

    public UserEstimationProcessor(JdbcTemplate jdbc, Dialect dialect, CapabilitySelection selection) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.selection = selection;
        this.userEvents = CapabilityQueries.userEvents(dialect);
    }

    @Override
    public UserProjections process(UUID userId) {
        if (selection.changedOnly() && !changed(userId)) {
            return null;
        }
        OffsetDateTime asOf = selection.asOfUtc();
        List<CapabilityEvent> events = new ArrayList<>();
        List<EventIssue> setAside = new ArrayList<>();
        Set<String> idempotencyKeys = new HashSet<>();
        jdbc.query(userEvents, rs -> {
            readEvent(rs, asOf, idempotencyKeys, events, setAside);
        }, userId);
        UserEstimate estimate = estimator.estimateUser(userId, events, asOf, setAside);
        return new UserProjections(userId, estimate, CapabilityOutputJson.renderAll(estimate));
    }

    private static void readEvent(ResultSet rs, OffsetDateTime asOf, Set<String> idempotencyKeys,
                                  List<CapabilityEvent> events, List<EventIssue> setAside) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        CapabilityEvent event;
        String key;
        try {
            event = new CapabilityEvent(id, rs.getObject("user_id", UUID.class),
                    rs.getObject("timestamp", OffsetDateTime.class), rs.getString("event_type"), null);
            String data = rs.getString("data");
            if (data != null && data.length() > MAX_DATA_CHARS) {
                setAside.add(new EventIssue(id, EventIssue.PAYLOAD_TOO_LARGE, "data holds " + data.length()
                        + " characters, more than " + MAX_DATA_CHARS));
                return;
            }
            event = new CapabilityEvent(event.id(), event.userId(), event.timestamp(), event.eventType(), data);
            key = rs.getString("idempotency_key");
        } catch (SQLException | RuntimeException e) {
            setAside.add(new EventIssue(id, EventIssue.UNREADABLE_EVENT, "event cannot be read: " + e.getMessage()));
            return;
        }
        if (event.timestamp().isAfter(asOf)) {
            setAside.add(new EventIssue(id, EventIssue.FUTURE_TIMESTAMP, "timestamp " + event.timestamp()
                    + " is after the run's as-of time " + asOf));
            return;
        }
        if (key != null && !idempotencyKeys.add(key)) {
            setAside.add(new EventIssue(id, EventIssue.DUPLICATE_IDEMPOTENCY_KEY, "idempotency key " + key
                    + " already used by an earlier event of this user"));
            return;
        }
        events.add(event);
    }

    private boolean changed(UUID userId) {
        Map<String, Object> row = named.queryForMap(CapabilityQueries.CHANGE_CHECK, Map.of("user", userId));
        long count = ((Number) row.get("projection_count")).longValue();
        if (count < CapabilityEstimator.KEYS.size()) {
            return true;
        }
        OffsetDateTime newest = toUtc(row.get("newest_event"));
        OffsetDateTime oldest = toUtc(row.get("oldest_projection"));
        return newest == null || oldest == null || newest.isAfter(oldest);
    }

    private static OffsetDateTime toUtc(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
