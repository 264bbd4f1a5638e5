package com.athletebatch.capability;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * For one user: (in {@code --changed-only} mode, skip the user when nothing changed), take that
 * user's capability events in (timestamp, id) order from the {@link EventPrefetcher}, which reads
 * them for a page of users at a time, and run the estimators.
 */
public class UserEstimationProcessor implements ItemProcessor<UUID, UserProjections> {

    /** Events read per query (about 1 KB each as JSON text): bounds the memory the prefetch takes. */
    static final int PAGE_EVENTS = 20_000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final CapabilitySelection selection;
    private final CapabilityEstimator estimator = new CapabilityEstimator();
    private final EventPrefetcher events;

    public UserEstimationProcessor(JdbcTemplate jdbc, CapabilitySelection selection) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.selection = selection;
        this.events = new EventPrefetcher(jdbc, selection.users(), PAGE_EVENTS);
    }

    @Override
    public UserProjections process(UUID userId) {
        if (selection.changedOnly() && !changed(userId)) {
            return null;
        }
        // --changed-only skips most users: read each changed user on its own there.
        List<CapabilityEvent> userEvents = selection.changedOnly() ? events.single(userId) : events.eventsOf(userId);
        UserEstimate estimate = estimator.estimateUser(userId, userEvents, selection.asOfUtc());
        return new UserProjections(userId, estimate, CapabilityOutputJson.renderAll(estimate));
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
