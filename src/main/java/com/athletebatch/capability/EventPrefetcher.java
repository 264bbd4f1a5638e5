package com.athletebatch.capability;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final List<UUID> selectedUsers;
    private final int pageEvents;
    private final Map<UUID, List<CapabilityEvent>> page = new HashMap<>();

    EventPrefetcher(JdbcTemplate jdbc, List<UUID> selectedUsers, int pageEvents) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.selectedUsers = selectedUsers;
        this.pageEvents = pageEvents;
    }

    /** The user's capability events and retractions in (timestamp, id) order. */
    List<CapabilityEvent> eventsOf(UUID user) {
        List<CapabilityEvent> held = page.remove(user);
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
        Map<UUID, List<CapabilityEvent>> byUser = new LinkedHashMap<>();
        int[] rows = {0};
        named.query(CapabilityQueries.eventsPage(!selectedUsers.isEmpty()), params, rs -> {
            CapabilityEvent event = map(rs);
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
        for (List<CapabilityEvent> events : byUser.values()) {
            Collections.reverse(events);
        }
        List<CapabilityEvent> wanted = byUser.remove(user);
        page.putAll(byUser);
        return wanted != null ? wanted : single(user);
    }

    /** One user's events on their own (a user with more events than a page). */
    List<CapabilityEvent> single(UUID user) {
        return jdbc.query(CapabilityQueries.USER_EVENTS, (rs, n) -> map(rs), user);
    }

    private static CapabilityEvent map(ResultSet rs) throws SQLException {
        return new CapabilityEvent(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("timestamp", OffsetDateTime.class), rs.getString("event_type"), rs.getString("data"));
    }
}
