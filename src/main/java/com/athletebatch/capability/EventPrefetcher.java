package com.athletebatch.capability;

import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.athletebatch.database.Dialect;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Loads users' capability events a page at a time instead of one query per user: asked for a user
 * it does not hold, it reads up to {@code pageEvents} events of that user and the users after it
 * (in the reader's user_id order) in one query and keeps every user it read completely. The
 * reader hands out users in that same order, so the following users are then answered from memory.
 * At most one page (plus one user) is held; a user with more events than a page is read on its own.
 */
final class EventPrefetcher {

    /**
     * One events row as read: its columns, or why a column could not be read (the row is then set
     * aside by the processor rather than failing the page).
     */
    record FetchedEvent(UUID id, UUID userId, OffsetDateTime timestamp, String eventType, String data,
                        String idempotencyKey, String readError) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final List<UUID> selectedUsers;
    private final int pageEvents;
    private final String pageQuery;
    private final String userQuery;
    private final Map<UUID, List<FetchedEvent>> page = new HashMap<>();

    EventPrefetcher(JdbcTemplate jdbc, Dialect dialect, List<UUID> selectedUsers, int pageEvents) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.selectedUsers = selectedUsers;
        this.pageEvents = pageEvents;
        this.pageQuery = CapabilityQueries.eventsPage(dialect, !selectedUsers.isEmpty());
        this.userQuery = CapabilityQueries.userEvents(dialect);
    }

    /** The user's capability events and retractions in (timestamp, id) order. */
    List<FetchedEvent> eventsOf(UUID user) {
        List<FetchedEvent> held = page.remove(user);
        if (held != null) {
            return held;
        }
        // Users still held come before this one in the reader's order (e.g. users with only
        // retractions, which the reader does not list): they will not be asked for.
        page.clear();
        Map<String, Object> params = new HashMap<>();
        params.put("from", user);
        params.put("limit", pageEvents);
        if (!selectedUsers.isEmpty()) {
            params.put("users", selectedUsers);
        }
        Map<UUID, List<FetchedEvent>> byUser = new LinkedHashMap<>();
        int[] rows = {0};
        named.query(pageQuery, params, rs -> {
            FetchedEvent event = map(rs);
            byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
            rows[0]++;
        });
        if (rows[0] >= pageEvents && !byUser.isEmpty()) {
            // The page ended inside its last user: that user is read again from the start next time.
            UUID last = null;
            for (UUID u : byUser.keySet()) {
                last = u;
            }
            byUser.remove(last);
        }
        for (List<FetchedEvent> events : byUser.values()) {
            Collections.reverse(events);
        }
        List<FetchedEvent> wanted = byUser.remove(user);
        page.putAll(byUser);
        return wanted != null ? wanted : single(user);
    }

    /** One user's events on their own (a user with more events than a page, or --changed-only). */
    List<FetchedEvent> single(UUID user) {
        return jdbc.query(userQuery, (rs, n) -> map(rs), user);
    }

    /** Key columns first; a value that cannot be read (e.g. not valid text) is kept as the reason. */
    private static FetchedEvent map(ResultSet rs) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID userId = rs.getObject("user_id", UUID.class);
        try {
            return new FetchedEvent(id, userId, rs.getObject("timestamp", OffsetDateTime.class),
                    rs.getString("event_type"), rs.getString("data"), rs.getString("idempotency_key"), null);
        } catch (java.sql.SQLException | RuntimeException e) {
            return new FetchedEvent(id, userId, null, null, null, null, String.valueOf(e.getMessage()));
        }
    }
}
