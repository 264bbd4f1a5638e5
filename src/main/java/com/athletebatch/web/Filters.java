package com.athletebatch.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.batch.core.BatchStatus;

/** Request parameters checked before they reach a query: statuses by name, bounded limits. */
final class Filters {

  private Filters() {}

  /** Status names (also comma-separated), each one of Spring Batch's; others are refused. */
  static List<String> statuses(List<String> values) {
    List<String> statuses = new ArrayList<>();
    if (values == null) {
      return statuses;
    }
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        String name = part.strip().toUpperCase(Locale.ROOT);
        try {
          BatchStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "unknown status '"
                  + part.strip()
                  + "' (one of "
                  + List.of(BatchStatus.values())
                  + ")");
        }
        statuses.add(name);
      }
    }
    return statuses;
  }

  static int limit(int limit, int max) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return Math.min(limit, max);
  }
}
