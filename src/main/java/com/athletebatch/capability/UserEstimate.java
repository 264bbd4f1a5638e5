package com.athletebatch.capability;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.events.EventIssue;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the processor hands to the writer for one user.
 *
 * @param outputs always the four keys, in {@link CapabilityEstimator#KEYS} order
 * @param issues events (or parts) left out, for the skip log; also in every output's caveats
 * @param newestEventId the newest input event, for last_event_id when an output used none
 */
public record UserEstimate(
    UUID userId,
    OffsetDateTime asOf,
    Map<String, CapabilityOutput> outputs,
    List<EventIssue> issues,
    Counts counts,
    TimezoneContext timezone,
    UUID newestEventId) {

  /**
   * @param eventsWithIssues distinct events with at least one issue (some may still count in part)
   * @param observations strength sets, sprint efforts, jumps, endurance efforts and threshold
   *     references
   */
  public record Counts(
      int eventsRead,
      int eventsRetracted,
      int correctionsApplied,
      int eventsWithIssues,
      int observations) {}
}
