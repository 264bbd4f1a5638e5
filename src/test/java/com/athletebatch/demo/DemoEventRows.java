package com.athletebatch.demo;

import com.athletebatch.capability.events.CapabilityEvent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** The demo's events read back as the estimator takes them: per user, in (timestamp, id) order. */
final class DemoEventRows {

  private DemoEventRows() {}

  /** {@code where} is empty or a {@code WHERE …} clause over {@code events}. */
  static Map<UUID, List<CapabilityEvent>> byUser(JdbcTemplate jdbc, String where) {
    Map<UUID, List<CapabilityEvent>> byUser = new LinkedHashMap<>();
    jdbc.query(
        "SELECT id, user_id, timestamp, event_type, CAST(data AS VARCHAR) AS data FROM events"
            + where
            + " ORDER BY user_id, timestamp, id",
        rs -> {
          UUID user = rs.getObject("user_id", UUID.class);
          byUser
              .computeIfAbsent(user, u -> new ArrayList<>())
              .add(
                  new CapabilityEvent(
                      rs.getObject("id", UUID.class),
                      user,
                      rs.getObject("timestamp", OffsetDateTime.class),
                      rs.getString("event_type"),
                      rs.getString("data")));
        });
    return byUser;
  }
}
