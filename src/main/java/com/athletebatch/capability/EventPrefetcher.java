package com.athletebatch.capability;

import com.athletebatch.database.Dialect;
import java.sql.ResultSet;
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
 * Reads users' capability events a page at a time instead of one query per user: up to {@code
 * pageEvents} events of a user and the users after it, in the reader's user_id order, in one query.
 * A page keeps only the users it read completely and says where the next page starts; a user with
 * more events than a page is read on its own.
 */
final class EventPrefetcher {

  /**
   * One events row as read: its columns, or why a column could not be read (the row is then set
   * aside by the processor rather than failing the page).
   */
  record FetchedEvent(
      UUID id,
      UUID userId,
      OffsetDateTime timestamp,
      String eventType,
      String data,
      String idempotencyKey,
      String readError) {}

  /**
   * Users read completely, in user_id order, each with its events in (timestamp, id) order; and the
   * first user of the next page, or null when this page reached the end (or held one oversized
   * user, after which the next page starts wherever the reader goes on).
   */
  record Page(Map<UUID, List<FetchedEvent>> users, UUID nextFrom) {}

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final List<UUID> selectedUsers;
  private final int pageEvents;
  private final String pageQuery;
  private final String userQuery;

  EventPrefetcher(JdbcTemplate jdbc, Dialect dialect, List<UUID> selectedUsers, int pageEvents) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.selectedUsers = selectedUsers;
    this.pageEvents = pageEvents;
    this.pageQuery = CapabilityQueries.eventsPage(dialect, !selectedUsers.isEmpty());
    this.userQuery = CapabilityQueries.userEvents(dialect);
  }

  /** The page that starts at user {@code from}. */
  Page page(UUID from) {
    Map<String, Object> params = new HashMap<>();
    params.put("from", from);
    params.put("limit", pageEvents);
    if (!selectedUsers.isEmpty()) {
      params.put("users", selectedUsers);
    }
    Map<UUID, List<FetchedEvent>> byUser = new LinkedHashMap<>();
    int[] rows = {0};
    named.query(
        pageQuery,
        params,
        rs -> {
          FetchedEvent event = map(rs);
          byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
          rows[0]++;
        });
    UUID nextFrom = null;
    if (rows[0] >= pageEvents && !byUser.isEmpty()) {
      // The page ended inside its last user: the next page starts with that user.
      for (UUID u : byUser.keySet()) {
        nextFrom = u;
      }
      byUser.remove(nextFrom);
      if (byUser.isEmpty()) {
        byUser.put(nextFrom, single(nextFrom));
        nextFrom = null;
        return new Page(byUser, null);
      }
    }
    for (List<FetchedEvent> events : byUser.values()) {
      Collections.reverse(events);
    }
    return new Page(byUser, nextFrom);
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
      return new FetchedEvent(
          id,
          userId,
          rs.getObject("timestamp", OffsetDateTime.class),
          rs.getString("event_type"),
          rs.getString("data"),
          rs.getString("idempotency_key"),
          null);
    } catch (java.sql.SQLException | RuntimeException e) {
      return new FetchedEvent(id, userId, null, null, null, null, String.valueOf(e.getMessage()));
    }
  }
}
