package com.athletebatch.capability.events;

/**
 * One continuous effort (an interval repeat, a run, a ride) with its mean speed and/or mean power.
 *
 * @param sport normalised sport (running, cycling, …); it is the comparability group
 * @param powerIsNormalized true when only normalised power was available (NP ≥ mean power)
 */
public record EnduranceEffort(
    Source source,
    String sport,
    double durationS,
    Double distanceM,
    Double speedMps,
    Double powerW,
    boolean powerIsNormalized) {}
