package com.athletebatch.capability.estimators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One estimator's result, everything capability_output.v1 needs plus the ids for the projection
 * row. Numbers are finite or null.
 *
 * @param key strength_1rm, sprint_max_speed, jump_height or endurance_threshold
 * @param mean the estimate, or null when there is nothing to estimate from
 * @param intervalLow lower end of mean ± 1.96·SD (or ± 1.96·SE for fits), clamped at 0; null with
 *     mean
 * @param unit kg, m/s, cm, or W / m/s for endurance (null when no estimate)
 * @param eventIdsUsed events whose observations the estimator considered, incl. applied corrections
 * @param lastEventId the newest of them (for projections.last_event_id), or null
 */
public record CapabilityOutput(
    String key,
    Status status,
    Double mean,
    Double intervalLow,
    Double intervalHigh,
    String unit,
    double confidence,
    int requiredObservations,
    int observedObservations,
    List<String> uncertaintyReasonCodes,
    List<String> recommendedNextObservations,
    List<Caveat> caveats,
    List<String> comparabilityGroups,
    Map<String, Object> protocolSignature,
    Map<String, Object> diagnostics,
    List<UUID> eventIdsUsed,
    UUID lastEventId) {

  /** The same output with more caveats appended (the facade adds the user's event issues). */
  public CapabilityOutput withCaveats(List<Caveat> more) {
    List<Caveat> all = new ArrayList<>(caveats);
    all.addAll(more);
    return new CapabilityOutput(
        key,
        status,
        mean,
        intervalLow,
        intervalHigh,
        unit,
        confidence,
        requiredObservations,
        observedObservations,
        uncertaintyReasonCodes,
        recommendedNextObservations,
        List.copyOf(all),
        comparabilityGroups,
        protocolSignature,
        diagnostics,
        eventIdsUsed,
        lastEventId);
  }
}
