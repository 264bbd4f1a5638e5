/**
 * Capability estimation core: plain Java, no Spring, no JDBC. {@link
 * com.athletebatch.capability.CapabilityEstimator} takes one user's events and returns the four
 * capability_output.v1 outputs.
 *
 * <p>Pipeline: {@code events.EventResolver} (parse, retractions, corrections) → {@code
 * events.ObservationExtractor} (observations + issues) → the four {@code estimators} → {@link
 * com.athletebatch.capability.CapabilityOutputJson}.
 *
 * <p>Choices where upstream v1 leaves room (constants in {@code estimators.Rules} and the
 * estimators):
 *
 * <ul>
 *   <li>Recent window 90 days before asOf, all history if the window is empty (strength, sprint,
 *       endurance).
 *   <li>Robust best = median of the top 3 values (strength per exercise, sprint, endurance factor
 *       table).
 *   <li>Jump = mean of the per-session bests of the last 3 sessions.
 *   <li>Confidence half-life 30 days: min(1, n/6) × 1/(1 + days/30), × 0.65 whenever more than one
 *       comparability group contributes (also when the status is insufficient_data).
 *   <li>With fewer than 3 observations the status is insufficient_data but the mean is still
 *       reported when at least one usable observation exists (null only with none).
 *   <li>Interval = mean ± 1.96·SD of the contributing values (the top 3 / the session bests), ±
 *       1.96·SE of the slope for CP/CS fits with ≥ 3 points, [mean, mean] for a single value; lower
 *       end ≥ 0.
 *   <li>Endurance threshold factor table: {@code estimators.ThresholdFactors}.
 *   <li>Comparability groups: strength = load_context.comparability_group; sprint and jump = the
 *       reading method (split_fit / gps_stream / distance_time; measured_height / flight_time /
 *       takeoff_velocity); endurance = sport.
 * </ul>
 */
package com.athletebatch.capability;
