package com.athletebatch.capability.events;

/**
 * One strength set. Load and reps may be missing (e.g. a session block logged with RPE only); the
 * estimator counts such sets but cannot use them.
 *
 * @param exerciseKey exercise_id, else the normalised exercise name
 * @param rpe 1..10 as logged (decimal comma already parsed)
 * @param rir 0..10 as logged
 * @param comparabilityGroup load_context.comparability_group, when logged
 */
public record StrengthSet(
    Source source,
    String exerciseKey,
    Double weightKg,
    Integer reps,
    Double rpe,
    Double rir,
    String setType,
    String comparabilityGroup) {}
